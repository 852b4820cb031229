"""The assessor's side: the review queue, the review page, verdicts, findings and decisions;
assigning (admins) and claiming (assessors); and a new assessment copied from a validated one."""

from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.access import (
    AssessmentAccess,
    assessment_access,
    claimable_assessments,
    claiming_allowed,
    may_use_review_queue,
    review_access,
)
from assessments.lifecycle import TransitionError, assessment_transition, transition_offered
from assessments.review import selectors, services
from assessments.review.forms import (
    ACCEPTED,
    AssignForm,
    CopyForm,
    FindingsForm,
    QueueFilterForm,
    ReviewFilterForm,
    ValidateForm,
    VerdictForm,
)
from assessments.workspace import workspace_load

QUEUE_PER_PAGE = 50
DECISIONS = ("start_review", "request_changes", "validate")


# The queue ----------------------------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_use_review_queue(user):
        raise Http404
    # Admins filter by any assessor; an assessor only by "me" or "nobody yet".
    assessors = selectors.assessor_list() if user.is_staff else None
    form = QueueFilterForm(
        request.GET or None,
        countries_present=selectors.review_queue_countries(user),
        assessors=assessors,
    )
    if form.is_bound:
        form.is_valid()
    sort = form.ordering() or selectors.DEFAULT_QUEUE_ORDERING
    queue = selectors.review_queue(user, form.filters(), sort)
    page = Paginator(queue, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    may_claim = claiming_allowed() and not user.is_staff
    rows = selectors.queue_rows(page.object_list, today=timezone.localdate(), may_claim=may_claim)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/review_queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "columns": _queue_columns(request, sort),
            "query": query.urlencode(),
            "review_nav": True,
        },
    )


QUEUE_COLUMNS = [
    ("organization", gettext_lazy("Organization")),
    ("country", gettext_lazy("Country")),
    (None, gettext_lazy("Kind")),
    ("stage", gettext_lazy("Self-assessed stage")),
    ("submitted", gettext_lazy("Submitted")),
    ("-submitted", gettext_lazy("Age (days)")),
    ("status", gettext_lazy("Status")),
    ("assignee", gettext_lazy("Assessor")),
]


def _queue_columns(request: HttpRequest, sort: str) -> list[dict[str, Any]]:
    """The queue's column headers, each with the link that sorts by it (again: reversed)."""
    columns = []
    for key, label in QUEUE_COLUMNS:
        column: dict[str, Any] = {"label": label, "url": None, "aria_sort": None}
        if key is not None:
            base = key.removeprefix("-")
            descending = key.startswith("-")
            if sort.removeprefix("-") == base:
                # Sorted by this column: the link reverses it. Age sorts opposite to the date.
                current_descending = sort.startswith("-")
                column["aria_sort"] = (
                    "descending" if current_descending != descending else "ascending"
                )
                target = base if current_descending else f"-{base}"
            else:
                target = key
            query = request.GET.copy()
            query.pop("page", None)
            query["sort"] = target
            column["url"] = f"?{query.urlencode()}"
        columns.append(column)
    return columns


@login_required
@require_POST
def review_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessor takes an unassigned submitted assessment (when settings allow); from the
    review page ("start"), the review starts at once, so that the page opens for verdicts."""
    assessment = claimable_assessments(request.user).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    try:
        assessment = assessment_transition(
            assessment=assessment, action="claim", user=request.user, now=timezone.now()
        )
        if request.POST.get("start"):
            assessment_transition(
                assessment=assessment, action="start_review", user=request.user, now=timezone.now()
            )
    except TransitionError as error:
        messages.error(request, error.message)
        if request.POST.get("start"):
            return redirect("assessment_review", pk=pk)
        return redirect("review_queue")
    if request.POST.get("start"):
        done = _("You are now the assessor of “%(title)s” and the review has started.")
    else:
        done = _("You are now the assessor of “%(title)s”. Start the review when you are ready.")
    messages.success(request, done % {"title": assessment.title})
    return redirect("assessment_review", pk=pk)


# The review page ----------------------------------------------------------------------------


def _review_access(request: HttpRequest, pk: int) -> AssessmentAccess:
    """The assigned assessor and admins review; everyone else gets a 404 here."""
    access = assessment_access(request.user, pk)
    if not access.can_review:
        raise Http404
    return access


def _verdicts_access(request: HttpRequest, pk: int) -> AssessmentAccess:
    """Writing verdicts: the review's reviewers while it runs (403 before or after it)."""
    access = _review_access(request, pk)
    if not access.can_record_verdicts:
        raise PermissionDenied
    return access


def _offered(access: AssessmentAccess, user: Any) -> dict[str, bool]:
    if access.can_claim:
        return {action: False for action in (*DECISIONS, "assign")}
    return {
        action: transition_offered(assessment=access.assessment, action=action, user=user)
        for action in (*DECISIONS, "assign")
    }


def _review_context(
    request: HttpRequest,
    access: AssessmentAccess,
    review: selectors.Review,
    *,
    validate_form: ValidateForm | None = None,
    assign_form: AssignForm | None = None,
) -> dict[str, Any]:
    """What the stages and the decisions show (the page, and the autosave's updates of them)."""
    offered = _offered(access, request.user)
    return {
        "access": access,
        "assessment": access.assessment,
        "review": review,
        "ws": review.workspace,
        "offered": offered,
        "validate_form": validate_form
        or (ValidateForm(justified=review.accepted.stage) if offered["validate"] else None),
        "assign_form": assign_form
        or (AssignForm(assessment=access.assessment) if offered["assign"] else None),
    }


def _render_review(
    request: HttpRequest,
    access: AssessmentAccess,
    *,
    review: selectors.Review | None = None,
    verdict_forms: dict[int, VerdictForm] | None = None,
    findings_form: FindingsForm | None = None,
    validate_form: ValidateForm | None = None,
    assign_form: AssignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    review = review or selectors.review_load(workspace_load(access))
    assessment = access.assessment
    filter_form = ReviewFilterForm(request.GET if "show" in request.GET else None)
    show = filter_form.filter_value()
    for error in filter_form.errors.get("show", []):
        messages.error(request, error)
    forms = dict(verdict_forms or {})
    if access.can_record_verdicts:
        for section in review.sections:
            for item in section.items:
                if item.answer is not None and item.answer.pk not in forms:
                    forms[item.answer.pk] = VerdictForm(answer=item.answer)
    context = {
        **_review_context(
            request, access, review, validate_form=validate_form, assign_form=assign_form
        ),
        "sections": selectors.review_filter(review, show=show),
        "filter_form": filter_form,
        "show": show,
        # By the answer's key ("v-<answer id>", see ReviewItem.key).
        "verdict_forms": {form.prefix: form for form in forms.values()},
        "error_answers": {form.prefix for form in forms.values() if form.is_bound and form.errors},
        "findings_form": findings_form
        or FindingsForm(
            initial={
                "strengths": assessment.strengths,
                "recommendations": assessment.recommendations,
            }
        ),
        "review_nav": True,
    }
    return render(request, "assessments/review.html", context, status=status)


@login_required
@require_GET
def assessment_review(request: HttpRequest, pk: int) -> HttpResponse:
    # An assessor who may claim the assessment sees it read-only first (access.review_access).
    return _render_review(request, review_access(request.user, pk))


def _answer_or_404(review: selectors.Review, answer_id: int) -> selectors.ReviewItem:
    item = next(
        (
            item
            for section in review.sections
            for item in section.items
            if item.answer is not None and item.answer.pk == answer_id
        ),
        None,
    )
    if item is None:
        raise Http404
    return item


@login_required
@require_POST
def review_verdict_autosave(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    """Save one verdict as the assessor makes it (htmx): 200 saved (or waiting for its comment),
    409 when another assessor changed it meanwhile (both shown: keep mine or use theirs),
    422 when refused (nothing saved, the reason beside the verdict)."""
    access = _verdicts_access(request, pk)
    review = selectors.review_load(workspace_load(access))
    item = _answer_or_404(review, answer_id)
    answer = item.answer
    assert answer is not None
    resolve = str(request.POST.get("resolve", ""))
    form = VerdictForm(request.POST, answer=answer)
    status = 200
    if resolve == "theirs":
        form = VerdictForm(answer=answer)
        form.state = "replaced"
    elif form.waiting:
        form.state = "pending"
    elif not form.is_valid():
        form.state = "error"
        status = 422
    elif not form.cleaned_data.get("decision"):
        form.state = "unchanged"
    else:
        status = _verdict_save(request, access, form, keep_mine=resolve == "mine")
    if form.state in {"saved", "replaced"}:
        review = selectors.review_load(workspace_load(access))
        item = _answer_or_404(review, answer_id)
        if form.state == "replaced":
            form = VerdictForm(answer=item.answer)  # type: ignore[arg-type]
            form.state = "replaced"
    context = {
        **_review_context(request, access, review),
        "item": item,
        "form": form,
        # The item's section, for its "Accept all remaining" count.
        "block": next(s for s in review.sections if item in s.items),
        "show": _page_filter(request),
    }
    return render(request, "assessments/review/verdict_response.html", context, status=status)


def _page_filter(request: HttpRequest) -> str:
    """The filter of the review page an autosave came from (htmx names the page), so that the
    section's "Accept all remaining" keeps it."""
    show = QueryDict(urlsplit(request.headers.get("HX-Current-URL", "")).query).get("show", "")
    return show if show in selectors.REVIEW_FILTERS else ""


def _verdict_save(
    request: HttpRequest, access: AssessmentAccess, form: VerdictForm, *, keep_mine: bool
) -> int:
    """Save a valid verdict form; its state says how it went. Returns the response status."""
    data = form.cleaned_data
    try:
        result = services.verdict_save(
            assessment=access.assessment,
            answer=form.answer,
            assessor=request.user,  # type: ignore[arg-type]
            accepted=data["decision"] == ACCEPTED,
            comment=data["comment"],
            expected_version=form.expected_version(keep_mine=keep_mine),
        )
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        form.state = "error"
        return 422
    if result.outcome == services.Outcome.CONFLICT:
        form.state = "conflict"
        form.conflict = result.verdict
        return 409
    form.state = "saved" if result.outcome == services.Outcome.SAVED else "unchanged"
    form.answer.verdict = result.verdict  # type: ignore[assignment]
    return 200


@login_required
@require_POST
def review_verdicts(request: HttpRequest, pk: int) -> HttpResponse:
    """Without JavaScript: save every verdict posted, of every section, all or nothing (the
    page's one Save button). Verdicts not posted are left as they are."""
    access = _verdicts_access(request, pk)
    review = selectors.review_load(workspace_load(access))
    resolve, _sep, resolve_key = str(request.POST.get("resolve", "")).partition(":")
    forms = {
        item.answer.pk: VerdictForm(request.POST, answer=item.answer)
        for section in review.sections
        for item in section.items
        if item.answer is not None
    }
    posted = [form for form in forms.values() if form.posted]
    if not all([form.is_valid() for form in posted]):
        messages.error(request, _("No verdict was saved: correct the highlighted answers."))
        return _render_review(request, access, review=review, verdict_forms=forms, status=422)
    with transaction.atomic():
        statuses = []
        for form in posted:
            key = form.prefix or ""
            if resolve == "theirs" and key == resolve_key:
                forms[form.answer.pk] = VerdictForm(answer=form.answer)
                continue
            keep_mine = resolve == "mine" and key == resolve_key
            if form.verdict_input() is None and not keep_mine:
                continue
            statuses.append((form, _verdict_save(request, access, form, keep_mine=keep_mine)))
        refused = [form for form, status in statuses if status != 200]
        if refused:
            transaction.set_rollback(True)
    if refused:
        for form, status in statuses:
            if status == 200:
                form.state = "unsaved"  # valid, but rolled back with the others
        messages.error(request, _("No verdict was saved: see the highlighted answers."))
        review = selectors.review_load(workspace_load(access))
        return _render_review(request, access, review=review, verdict_forms=forms, status=409)
    changed = sum(1 for form, _status in statuses if form.state == "saved")
    messages.success(
        request,
        ngettext("%(count)d verdict saved.", "%(count)d verdicts saved.", changed)
        % {"count": changed},
    )
    return redirect(_review_url(pk))


@login_required
@require_POST
def review_accept_remaining(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """Accept every answer of a section that has no verdict yet (one transaction)."""
    access = _verdicts_access(request, pk)
    review = selectors.review_load(workspace_load(access))
    current = review.section(section)
    if current is None:
        raise Http404
    try:
        accepted = services.verdicts_accept_remaining(
            assessment=access.assessment,
            assessor=request.user,  # type: ignore[arg-type]
            answers=[item.answer for item in current.items if item.answer is not None],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_review_url(pk))
    messages.success(
        request,
        ngettext(
            "%(section)s: %(count)d answer accepted.",
            "%(section)s: %(count)d answers accepted.",
            accepted,
        )
        % {"section": current.section.heading, "count": accepted},
    )
    show = str(request.POST.get("show", ""))
    query = f"?{urlencode({'show': show})}" if show in selectors.REVIEW_FILTERS else ""
    return redirect(f"{_review_url(pk)}{query}#review-{current.section.slug}")


def _review_url(pk: int) -> str:
    return reverse("assessment_review", args=[pk])


@login_required
@require_POST
def review_findings(request: HttpRequest, pk: int) -> HttpResponse:
    access = _review_access(request, pk)
    if not access.can_record_verdicts:
        raise PermissionDenied
    form = FindingsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The findings were not saved: see the errors below."))
        return _render_review(request, access, findings_form=form, status=422)
    try:
        services.findings_update(
            assessment=access.assessment,
            strengths=form.cleaned_data["strengths"],
            recommendations=form.cleaned_data["recommendations"],
            user=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("assessment_review", pk=pk)
    messages.success(request, _("The findings are saved."))
    return redirect(f"{_review_url(pk)}#review-findings")


DECISION_DONE = {
    "start_review": gettext_lazy("The review has started: record a verdict on each answer."),
    "request_changes": gettext_lazy(
        "Changes are requested: the organization sees the answers you did not accept."
    ),
    "validate": gettext_lazy("The assessment is validated at stage %(stage)d."),
}


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the review, request changes, or validate: through the life cycle."""
    access = _review_access(request, pk)
    action = str(request.POST.get("action", ""))
    if action not in DECISIONS:
        messages.error(request, _("Unknown decision."))
        return redirect("assessment_review", pk=pk)
    details: dict[str, Any] = {}
    if action == "validate":
        review = selectors.review_load(workspace_load(access))
        form = ValidateForm(request.POST, justified=review.accepted.stage)
        if not form.is_valid():
            messages.error(request, _("The assessment was not validated: see the errors below."))
            return _render_review(request, access, review=review, validate_form=form, status=422)
        details = {
            "stage": form.cleaned_data["stage"],
            "reason": form.cleaned_data["reason"],
            "expected_stage": form.cleaned_data.get("expected_stage"),
        }
    try:
        assessment = assessment_transition(
            assessment=access.assessment,
            action=action,
            user=request.user,
            now=timezone.now(),
            **details,
        )
    except TransitionError as error:
        messages.error(request, error.message)
        if action == "validate":
            # Keep what the assessor chose and wrote (stage, reason), with the reason beside it.
            form.add_error(None, error.message)
            return _render_review(request, access, validate_form=form, status=422)
        return redirect("assessment_review", pk=pk)
    done = str(DECISION_DONE[action])
    if action == "validate":
        done = done % {"stage": assessment.validated_stage}
    messages.success(request, done)
    return redirect("assessment_review", pk=pk)


@login_required
@require_POST
def review_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin assigns (or replaces) the assessor."""
    access = assessment_access(request.user, pk)
    if not access.is_staff:
        raise Http404
    form = AssignForm(request.POST, assessment=access.assessment)
    if not form.is_valid():
        messages.error(request, _("No assessor was assigned: see the errors below."))
        return _render_review(request, access, assign_form=form, status=422)
    assessor = form.cleaned_data["assessor"]
    try:
        assessment_transition(
            assessment=access.assessment,
            action="assign",
            user=request.user,
            now=timezone.now(),
            assessor=assessor,
        )
    except TransitionError as error:
        messages.error(request, error.message)
        return redirect("assessment_review", pk=pk)
    name = assessor.get_full_name() or assessor.get_username()
    messages.success(request, _("%(name)s is now the assessor.") % {"name": name})
    return redirect("assessment_review", pk=pk)


# A new assessment from a validated one ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assessment_copy(request: HttpRequest, pk: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    if not access.can_copy:
        raise PermissionDenied
    source = access.assessment
    if request.method == "POST":
        form = CopyForm(request.POST)
        if form.is_valid():
            try:
                copy = services.assessment_copy(
                    source=source,
                    created_by=request.user,  # type: ignore[arg-type]
                    title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _(
                        "“%(title)s” starts from the answers of “%(source)s”. Review each answer: "
                        "verdicts and evidence files were not copied."
                    )
                    % {"title": copy.title, "source": source.title},
                )
                return redirect("assessment_detail", pk=copy.pk)
    else:
        form = CopyForm(initial={"title": _("Copy of %(title)s") % {"title": source.title}})
    return render(
        request,
        "assessments/review/copy.html",
        {"form": form, "assessment": source, "access": access},
    )
