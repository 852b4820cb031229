"""Posting a message on an answer: from the review page (its assessor) and from the answer's slot
(the organization's members), with htmx or as a plain form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.access import AssessmentAccess, assessment_access
from assessments.models import Answer
from discussions import selectors, services
from discussions.enums import Side
from discussions.forms import AnswerMessageForm, message_form_prefix

# Where the thread is shown: on the review page (the default) or under the answer's slot.
WHERE = frozenset({"review", "slot"})


@login_required
@require_POST
def answer_message_create(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    if not access.can_see_discussion:
        raise Http404
    answer = get_object_or_404(
        Answer.objects.select_related("criterion", "service_area", "verdict"),
        pk=answer_pk,
        assessment=access.assessment,
    )
    where = request.POST.get("where", "review")
    where = where if where in WHERE else "review"
    form = AnswerMessageForm(request.POST, prefix=message_form_prefix(answer.pk))
    error, status = None, 200
    if not access.can_post_message:
        status = 409
        error = _("This discussion is closed: the assessment is “%(status)s”.") % {
            "status": access.assessment.get_status_display()
        }
    elif form.is_valid():
        try:
            services.answer_message_post(
                answer=answer,
                author=request.user,  # type: ignore[arg-type]
                body=form.cleaned_data["body"],
                side=Side.ORGANIZATION if access.speaks_for_organization else Side.ASSESSOR,
            )
        except ValidationError as refused:
            error, status = " ".join(refused.messages), 422
    else:
        error, status = " ".join(form.errors.get("body", [])), 422
    if not request.htmx:
        if error:
            messages.error(request, _("The message was not sent: %(reason)s") % {"reason": error})
        else:
            messages.success(request, _("Your message is sent."))
        return redirect(_next_url(request, access, answer))
    return _render_thread(
        request, access, answer, where=where, form=form, error=error, status=status
    )


def _render_thread(
    request: HttpRequest,
    access: AssessmentAccess,
    answer: Answer,
    *,
    where: str,
    form: AnswerMessageForm,
    error: str | None,
    status: int,
) -> HttpResponse:
    assessment = access.assessment
    threads = selectors.answer_messages_by_answer(assessment=assessment)
    context = {
        "access": access,
        "assessment": assessment,
        "answer": answer,
        "thread_messages": threads,
        # After a refusal, what was typed stays in the box beside the reason.
        "thread_form": form if error else None,
        "thread_error": error,
        "thread_sent": error is None,
        "in_slot": where == "slot",
        "rework_item": None,
    }
    if where == "slot":
        items = selectors.rework_items_for_assessment(assessment=assessment, messages=threads)
        context["rework_item"] = next((i for i in items if i.answer.pk == answer.pk), None)
    return render(request, "discussions/thread_response.html", context, status=status)


def _next_url(request: HttpRequest, access: AssessmentAccess, answer: Answer) -> str:
    target = str(request.POST.get("next", ""))
    # Only a local path: redirect() would take a bare word ("partial") for a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    if access.can_review:
        return f"{reverse('assessment_review', args=[access.assessment.pk])}#thread-{answer.pk}"
    return reverse("assessment_detail", args=[access.assessment.pk])
