"""The questionnaire workbook (download, upload, preview, apply), the import of an assessment file
and the blank printable questionnaire. Permissions come from assessments.access: outsiders get a
404; members who may not change answers (or start assessments, for an import) a 403."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from assessments.access import AssessmentAccess, assessment_access, organization_access
from assessments.enums import AnswerStatus
from assessments.exchange import ExchangeError, validate_document
from assessments.selectors import assessment_title_next_free
from assessments.services import catalog_index
from assessments.workspace import workspace_load
from criteria.models import CatalogVersion, ServiceArea
from diam.downloads import private_download
from workbooks.documents import DocumentRead, document_read
from workbooks.enums import UploadKind
from workbooks.forms import ConfirmForm, DocumentUploadForm, WorkbookUploadForm
from workbooks.models import PendingUpload
from workbooks.parse import Preview, workbook_diff, workbook_read
from workbooks.pdf import questionnaire_filename, questionnaire_pdf
from workbooks.selectors import questionnaire_areas, questionnaire_catalog, workbook_layout
from workbooks.services import (
    PreviewOutdated,
    document_apply,
    document_catalog,
    pending_upload_create,
    pending_upload_get,
    workbook_apply,
    workbook_rows,
)
from workbooks.workbook import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editor_access(request: HttpRequest, pk: int) -> AssessmentAccess:
    """The workbook is for those who answer: members (and admins) while answers may change."""
    access = assessment_access(request.user, pk)
    if not (access.is_member or access.is_staff) or not access.can_edit_answers:
        raise PermissionDenied
    return access


def _workspace_context(access: AssessmentAccess, **extra: Any) -> dict[str, Any]:
    workspace = workspace_load(access)
    return {
        "ws": workspace,
        "access": access,
        "assessment": access.assessment,
        "current": None,
        "max_mb": settings.DIAM_IMPORT_MAX_BYTES // (1024 * 1024),
        **extra,
    }


@login_required
@require_GET
def workbook_page(request: HttpRequest, pk: int) -> HttpResponse:
    access = _editor_access(request, pk)
    return render(
        request,
        "workbooks/workbook.html",
        _workspace_context(access, form=WorkbookUploadForm()),
    )


@login_required
@require_GET
@private_download
def workbook_download(request: HttpRequest, pk: int) -> HttpResponse:
    access = _editor_access(request, pk)
    layout = workbook_layout(access, now=timezone.now())
    response = HttpResponse(workbook_bytes(layout), content_type=XLSX)
    assessment = access.assessment
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True,
        filename=f"diam-questionnaire-{assessment.organization.slug}-{assessment.pk}.xlsx",
    )
    return response


@login_required
@require_POST
def workbook_upload(request: HttpRequest, pk: int) -> HttpResponse:
    access = _editor_access(request, pk)
    form = WorkbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "workbooks/workbook.html", _workspace_context(access, form=form), status=422
        )
    upload = form.cleaned_data["file"]
    layout = workbook_layout(access)
    result = workbook_read(upload.read(), layout, max_bytes=settings.DIAM_IMPORT_MAX_BYTES)
    preview = workbook_diff(result.rows, layout)
    preview.errors = result.errors + preview.errors
    if preview.errors:
        # Nothing is kept: the file must be corrected and uploaded again.
        return _render_preview(request, access, preview, upload.name, None, status=422)
    pending = pending_upload_create(
        kind=UploadKind.WORKBOOK,
        user=request.user,  # type: ignore[arg-type]
        organization=access.assessment.organization,
        assessment=access.assessment,
        file_name=upload.name,
        payload={"rows": [row.as_dict() for row in result.rows], "plan": preview.plan()},
        now=timezone.now(),
    )
    return redirect("workbook_preview", pk=pk, token=pending.token)


def _pending_workbook(request: HttpRequest, access: AssessmentAccess, token: UUID) -> PendingUpload:
    pending = pending_upload_get(
        token=token,
        user=request.user,  # type: ignore[arg-type]
        kind=UploadKind.WORKBOOK,
        now=timezone.now(),
        assessment=access.assessment,
    )
    if pending is None:
        raise Http404
    return pending


def _render_preview(
    request: HttpRequest,
    access: AssessmentAccess,
    preview: Preview,
    file_name: str,
    pending: PendingUpload | None,
    *,
    status: int = 200,
) -> HttpResponse:
    labels = dict(workbook_layout_labels())
    context = _workspace_context(
        access,
        preview=preview,
        file_name=file_name,
        pending=pending,
        labels=labels,
        confirm_form=ConfirmForm(),
        form=WorkbookUploadForm(),
    )
    return render(request, "workbooks/preview.html", context, status=status)


def workbook_layout_labels() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in AnswerStatus.choices]


@login_required
def workbook_preview(request: HttpRequest, pk: int, token: UUID) -> HttpResponse:
    """GET: the comparison with the answers as they stand now (what confirming will apply);
    POST: apply it."""
    access = _editor_access(request, pk)
    pending = _pending_workbook(request, access, token)
    if request.method == "POST":
        return _workbook_apply(request, access, pending)
    preview = workbook_diff(workbook_rows(pending), workbook_layout(access))
    # Confirming applies what this page shows, and nothing else.
    pending.payload["plan"] = preview.plan()
    pending.save(update_fields=["payload"])
    return _render_preview(request, access, preview, pending.file_name, pending)


def _workbook_apply(
    request: HttpRequest, access: AssessmentAccess, pending: PendingUpload
) -> HttpResponse:
    try:
        count = workbook_apply(pending=pending, access=access, user=request.user)  # type: ignore[arg-type]
    except PreviewOutdated as outdated:
        if outdated.closed or outdated.preview is None:
            messages.error(
                request,
                _("The assessment is no longer open for changes: nothing was saved."),
            )
            return redirect("assessment_detail", pk=access.assessment.pk)
        pending.payload["plan"] = outdated.preview.plan()
        pending.save(update_fields=["payload"])
        messages.warning(
            request,
            _(
                "Answers changed in the application since you looked at this preview: nothing "
                "was saved. Check the comparison again, then confirm."
            ),
        )
        return _render_preview(
            request, access, outdated.preview, pending.file_name, pending, status=409
        )
    messages.success(
        request,
        ngettext(
            "%(count)d answer from “%(name)s” was saved.",
            "%(count)d answers from “%(name)s” were saved.",
            count,
        )
        % {"count": count, "name": pending.file_name},
    )
    return redirect("assessment_timeline", pk=access.assessment.pk)


# Import of an assessment file -----------------------------------------------------------------


def _import_access(request: HttpRequest, slug: str) -> Any:
    access = organization_access(request.user, slug)
    if not access.can_manage:
        raise PermissionDenied
    return access


def _index_for(content: dict[str, Any]) -> Any:
    catalog = document_catalog(content)
    return catalog_index(catalog) if catalog is not None else None


def _document_context(read: DocumentRead, organization: Any) -> dict[str, Any]:
    document = read.document
    if document is None:
        return {"read": read}
    names = dict(ServiceArea.objects.values_list("code", "name"))
    labels = dict(workbook_layout_labels())
    return {
        "read": read,
        "document": document,
        "title": assessment_title_next_free(
            organization=organization, base=document.title or _("Imported assessment")
        ),
        "other_organization": document.organization_name != organization.name,
        "areas": [(names.get(a.code, a.code), a.annual_volume) for a in document.service_areas],
        "counts": [
            (labels[code], count)
            for code, count in sorted(
                read.status_counts().items(), key=lambda item: list(labels).index(item[0])
            )
        ],
    }


@login_required
def import_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = _import_access(request, slug)
    organization = access.organization
    context: dict[str, Any] = {
        "organization": organization,
        "max_mb": settings.DIAM_IMPORT_MAX_BYTES // (1024 * 1024),
    }
    if request.method != "POST":
        return render(request, "workbooks/import.html", {**context, "form": DocumentUploadForm()})
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "workbooks/import.html", {**context, "form": form}, status=422)
    upload = form.cleaned_data["file"]
    read = document_read(
        upload.read(), max_bytes=settings.DIAM_IMPORT_MAX_BYTES, index_for=_index_for
    )
    if read.document is None:
        return render(
            request,
            "workbooks/import_preview.html",
            {**context, **_document_context(read, organization), "file_name": upload.name},
            status=422,
        )
    pending = pending_upload_create(
        kind=UploadKind.DOCUMENT,
        user=request.user,  # type: ignore[arg-type]
        organization=organization,
        assessment=None,
        file_name=upload.name,
        payload={"document": read.document.as_dict(), "source": read.source},
        now=timezone.now(),
    )
    return redirect("import_preview", slug=slug, token=pending.token)


@login_required
def import_preview(request: HttpRequest, slug: str, token: UUID) -> HttpResponse:
    access = _import_access(request, slug)
    organization = access.organization
    pending = pending_upload_get(
        token=token,
        user=request.user,  # type: ignore[arg-type]
        kind=UploadKind.DOCUMENT,
        now=timezone.now(),
        organization=organization,
    )
    if pending is None:
        raise Http404
    if request.method == "POST":
        try:
            assessment = document_apply(
                pending=pending,
                organization=organization,
                user=request.user,  # type: ignore[arg-type]
            )
        except ExchangeError as error:
            read = DocumentRead(source=pending.payload.get("source", ""), errors=error.messages)
        else:
            messages.success(
                request,
                _("The assessment “%(title)s” was created from “%(name)s”.")
                % {"title": assessment.title, "name": pending.file_name},
            )
            return redirect("assessment_detail", pk=assessment.pk)
    else:
        read = _read_stored(pending)
    context = {
        "organization": organization,
        "pending": pending,
        "file_name": pending.file_name,
        "confirm_form": ConfirmForm(),
        **_document_context(read, organization),
    }
    return render(
        request,
        "workbooks/import_preview.html",
        context,
        status=422 if read.document is None else 200,
    )


def _read_stored(pending: PendingUpload) -> DocumentRead:
    """The stored document, checked again against the catalog as it is now."""
    data = pending.payload["document"]
    index = _index_for(data)
    source = pending.payload.get("source", "")
    if index is None:
        return DocumentRead(source=source, errors=[_("No catalog is loaded.")])
    try:
        return DocumentRead(source=source, document=validate_document(data, index))
    except ExchangeError as error:
        return DocumentRead(source=source, errors=error.messages)


# The blank questionnaire ----------------------------------------------------------------------


@login_required
@require_GET
@private_download
def questionnaire_download(
    request: HttpRequest, slug: str, catalog: str | None = None
) -> HttpResponse:
    """For the organization's members (and admins): the grid shows its active areas. Without a
    catalog version: the one of its latest assessment, else the first one loaded."""
    access = organization_access(request.user, slug)
    version = (
        CatalogVersion.objects.filter(slug=catalog).first()
        if catalog is not None
        else questionnaire_catalog(access.organization)
    )
    if version is None:
        raise Http404
    pdf = questionnaire_pdf(
        organization=access.organization,
        catalog=version,
        areas=questionnaire_areas(access.organization),
        now=timezone.now(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=questionnaire_filename(access.organization, version)
    )
    return response
