"""Evidence files: the panel with the upload form, upload, download (as attachment, or inline for
the review's previews), delete.

Files are served only here, after the permission check, never sniffed, and as attachments the
browser does not render, except images and PDFs asked for inline (`evidence_inline`): an uploaded
file can never run as a page of this site.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from assessments.access import assessment_access
from assessments.evidence import services
from assessments.evidence.forms import (
    EvidenceSizeLimitHandler,
    EvidenceUploadForm,
    evidence_message_tag,
    evidence_too_large_message,
)
from assessments.models import Answer, Evidence
from assessments.sections import catalog_sections, section_for_criterion
from assessments.survey_forms import slot_key
from assessments.workspace import evidence_by_answer
from diam.downloads import private_download, stored_file_response


def _back(request: HttpRequest, pk: int) -> HttpResponse:
    """To the page the form came from when it is a path of ours, else the first section.

    Only a local path is followed: a bare word would be taken for a URL name by redirect()."""
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return redirect(reverse("assessment_section", args=[pk, "stage-1"]))


def _refuse(request: HttpRequest, answer: Answer, refusals: list[str]) -> None:
    """The reasons a file was refused, shown beside the answer with its evidence open."""
    for refusal in refusals:
        messages.error(request, refusal, extra_tags=evidence_message_tag(answer.pk))


@login_required
@require_GET
def evidence_panel(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    """An answer's evidence (its files and the upload form), fetched by a section page when the
    answer's evidence panel opens, so that the page does not render an upload form for every
    answer. Without JavaScript, the panel's link shows it as a page of its own."""
    access = assessment_access(request.user, pk)
    answer = get_object_or_404(
        Answer.objects.select_related("verdict", "criterion", "service_area"),
        pk=answer_id,
        assessment=access.assessment,
    )
    assessment = access.assessment
    sections = catalog_sections(assessment.catalog_id, revision=assessment.catalog.revision)
    section = section_for_criterion(sections, answer.criterion.code)
    key = slot_key(answer.criterion, answer.service_area)
    page = reverse("assessment_section", args=[pk, section.slug if section else "stage-1"])
    context = {
        "access": access,
        "assessment": assessment,
        "answer": answer,
        "evidence_files": evidence_by_answer([answer.pk]).get(answer.pk, []),
        "can_edit": access.can_edit_answer(answer),
        "next_url": f"{page}#{key}",
        "slot_id": key,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "assessments/includes/evidence.html", context)
    return render(request, "assessments/evidence_panel.html", context)


@login_required
@require_POST
@csrf_exempt  # checked by _evidence_receive, once the size limit is in place (see below)
def evidence_upload(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    # The permission check reads no body: an outsider's upload is refused before it is received.
    access = assessment_access(request.user, pk)
    answer = get_object_or_404(
        Answer.objects.select_related("verdict"), pk=answer_id, assessment=access.assessment
    )
    if not access.can_edit_answer(answer):
        raise PermissionDenied
    # Before anything reads request.POST/FILES, the CSRF check included: Django's per-view
    # upload handler pattern (csrf_exempt outside, csrf_protect inside).
    limit = EvidenceSizeLimitHandler(request, max_bytes=services.evidence_max_bytes())
    request.upload_handlers.insert(0, limit)
    return _evidence_receive(request, pk, answer, limit)


@csrf_protect
def _evidence_receive(
    request: HttpRequest, pk: int, answer: Answer, limit: EvidenceSizeLimitHandler
) -> HttpResponse:
    files = request.FILES  # the body is read here (unless the CSRF check already did)
    if limit.refused_name is not None:
        _refuse(request, answer, [evidence_too_large_message(limit.refused_name)])
        return _back(request, pk)
    form = EvidenceUploadForm(request.POST, files)
    if not form.is_valid():
        _refuse(request, answer, form.errors.get("file", []))
        return _back(request, pk)
    try:
        added = services.evidence_add(
            answer=answer, upload=form.cleaned_data["file"], user=request.user
        )
    except ValidationError as error:
        _refuse(request, answer, error.messages)
        return _back(request, pk)
    messages.success(request, _("“%(name)s” is attached.") % {"name": added.original_name})
    return _back(request, pk)


# The types a browser shows itself, and may show inside a page of this site (the review's
# previews): nothing that could run as a page (HTML, SVG) and nothing handed to another program.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "application/pdf"})


@login_required
@require_GET
@private_download
def evidence_download(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    return _evidence_file(request, pk, evidence_id, inline=False)


@login_required
@require_GET
@private_download
@xframe_options_sameorigin
def evidence_inline(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    """The file shown in the browser (an <img> or a frame of the review page) when it is an
    image or a PDF; any other type is sent as an attachment, as by evidence_download."""
    return _evidence_file(request, pk, evidence_id, inline=True)


def _evidence_file(
    request: HttpRequest, pk: int, evidence_id: int, *, inline: bool
) -> HttpResponse:
    access = assessment_access(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_id, answer__assessment=access.assessment)
    inline = inline and evidence.content_type in INLINE_TYPES
    response = stored_file_response(
        evidence.file.storage,
        evidence.file.name,
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not inline:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["X-Frame-Options"] = "DENY"  # never framed, whichever view sends it
    elif evidence.content_type == "application/pdf":
        # Chromium shows no PDF in a sandboxed document; the viewer runs apart from the site.
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'; sandbox"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    evidence = get_object_or_404(
        Evidence.objects.select_related("answer__verdict"),
        pk=evidence_id,
        answer__assessment=access.assessment,
    )
    if not access.can_edit_answer(evidence.answer):
        raise PermissionDenied
    name = evidence.original_name
    services.evidence_delete(evidence=evidence, user=request.user)
    messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
    return _back(request, pk)
