"""Evidence files: upload, download (as attachment), delete.

Files are served only here, after the permission check, as attachments the browser must neither
sniff nor render: an uploaded file can never run as a page of this site.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments import evidence as evidence_services
from assessments.access import assessment_access
from assessments.evidence_forms import EvidenceUploadForm
from assessments.models import Answer, Evidence


def _back(request: HttpRequest, pk: int) -> HttpResponse:
    """To the page the form came from when it is one of ours, else the first section."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(reverse("assessment_section", args=[pk, "stage-1"]))


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    answer = get_object_or_404(
        Answer.objects.select_related("verdict"), pk=answer_id, assessment=access.assessment
    )
    if not access.can_edit_answer(answer):
        raise PermissionDenied
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return _back(request, pk)
    try:
        added = evidence_services.evidence_add(
            answer=answer, upload=form.cleaned_data["file"], user=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _back(request, pk)
    messages.success(request, _("“%(name)s” is attached.") % {"name": added.original_name})
    return _back(request, pk)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_id, answer__assessment=access.assessment)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
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
    evidence_services.evidence_delete(evidence=evidence, user=request.user)
    messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
    return _back(request, pk)
