"""Writes of the workbooks app: keeping an upload until it is confirmed, applying a workbook's
answers (all or nothing, through the answer service, the upload named in the audit trail) and
creating an assessment from an uploaded file."""

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Subquery
from django.utils.translation import gettext as _

from assessments.access import AssessmentAccess
from assessments.answers import Outcome, answer_save
from assessments.exchange import ExchangeError, validate_document
from assessments.models import Answer, Assessment, Organization
from assessments.services import assessment_import, catalog_index
from criteria.models import CatalogVersion, Criterion, ServiceArea
from workbooks.enums import UploadKind
from workbooks.models import PendingUpload
from workbooks.parse import FileRow, Preview, workbook_diff
from workbooks.selectors import workbook_layout

# How long an upload waits for its confirmation.
PENDING_LIFETIME = timedelta(hours=12)
REASON_MAX = 100  # django-simple-history's history_change_reason


def upload_reason(kind: str, file_name: str) -> str:
    """What the audit trail says of the changes an upload made (history_change_reason)."""
    text = (
        _("Workbook upload “%(name)s”")
        if kind == UploadKind.WORKBOOK
        else _("Imported from “%(name)s”")
    ) % {"name": file_name}
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


def pending_upload_create(
    *,
    kind: str,
    user: AbstractBaseUser,
    organization: Organization,
    assessment: Assessment | None,
    file_name: str,
    payload: dict[str, Any],
    now: datetime,
) -> PendingUpload:
    # The user's uploads that were never confirmed go when they expire.
    PendingUpload.objects.filter(user=user, created_at__lt=now - PENDING_LIFETIME).delete()
    pending = PendingUpload(
        kind=kind,
        user=user,
        organization=organization,
        assessment=assessment,
        file_name=file_name[:255],
        payload=payload,
    )
    pending.full_clean()
    pending.save()
    return pending


def pending_upload_get(
    *, token: UUID, user: AbstractBaseUser, kind: str, now: datetime, **scope: Any
) -> PendingUpload | None:
    """The user's own upload of this kind, for this assessment or organization, not expired."""
    return PendingUpload.objects.filter(
        token=token, user=user, kind=kind, created_at__gte=now - PENDING_LIFETIME, **scope
    ).first()


class PreviewOutdated(Exception):
    """The answers changed since the preview: nothing was saved; here is the new preview."""

    def __init__(self, preview: Preview | None, *, closed: bool = False) -> None:
        super().__init__("preview outdated")
        self.preview = preview
        self.closed = closed


def workbook_rows(pending: PendingUpload) -> list[FileRow]:
    return [FileRow.from_dict(row) for row in pending.payload["rows"]]


def workbook_apply(
    *, pending: PendingUpload, access: AssessmentAccess, user: AbstractBaseUser
) -> int:
    """Apply the new and changed answers of a confirmed workbook in one transaction, each through
    `answer_save` with the version the file was based on. Raises PreviewOutdated (nothing saved)
    when the comparison is no longer the one the user confirmed, or an answer changed meanwhile.
    Returns the number of answers saved."""
    assessment = access.assessment
    reason = upload_reason(UploadKind.WORKBOOK, pending.file_name)
    with transaction.atomic():
        # One upload at a time per assessment; and its state as it is now.
        assessment.status = (
            Assessment.objects.select_for_update()
            .values_list("status", flat=True)
            .get(pk=assessment.pk)
        )
        if not access.can_edit_answers:
            raise PreviewOutdated(None, closed=True)
        preview = workbook_diff(workbook_rows(pending), workbook_layout(access))
        if preview.errors or preview.plan() != pending.payload["plan"]:
            raise PreviewOutdated(preview)
        criteria = {c.code: c for c in Criterion.objects.filter(catalog_id=assessment.catalog_id)}
        areas = {area.code: area for area in ServiceArea.objects.all()}
        for change in preview.to_apply:
            code, _sep, area_code = change.key.partition("|")
            result = answer_save(
                assessment=assessment,
                criterion=criteria[code],
                service_area=areas[area_code] if area_code else None,
                status=change.new_status,
                comment=change.new_comment,
                expected_version=change.version,
                user=user,
            )
            if result.outcome == Outcome.CLOSED:
                raise PreviewOutdated(None, closed=True)
            if result.outcome != Outcome.SAVED or result.answer is None:
                raise PreviewOutdated(preview)
            _name_change(result.answer, reason)
        pending.delete()
    return len(preview.to_apply)


def _name_change(answer: Answer, reason: str) -> None:
    """The answer's latest history row (the one this save wrote, or merged into) names the
    upload."""
    latest = Answer.history.filter(id=answer.pk).order_by("-history_date", "-history_id")
    Answer.history.filter(history_id__in=Subquery(latest.values("history_id")[:1])).update(
        history_change_reason=reason
    )


def document_catalog(data: dict[str, Any]) -> CatalogVersion | None:
    """The catalog a document names ("model"), else the first one loaded."""
    model = data.get("model")
    catalog = CatalogVersion.objects.filter(slug=model).first() if isinstance(model, str) else None
    return catalog or CatalogVersion.objects.order_by("pk").first()


def document_apply(
    *, pending: PendingUpload, organization: Organization, user: AbstractBaseUser
) -> Assessment:
    """Create the draft assessment of a confirmed file for `organization` (whatever organization
    the file names), its answers' and its own first history rows naming the file. Raises
    ExchangeError (nothing written) when the document is no longer valid (e.g. the catalog
    changed)."""
    data = pending.payload["document"]
    catalog = document_catalog(data)
    if catalog is None:
        raise ExchangeError([_("No catalog is loaded.")])
    document = validate_document(data, catalog_index(catalog))
    document = replace(document, organization_name=organization.name)
    reason = upload_reason(UploadKind.DOCUMENT, pending.file_name)
    with transaction.atomic():
        assessment = assessment_import(document=document, catalog=catalog, created_by=user)
        Assessment.history.filter(id=assessment.pk).update(history_change_reason=reason)
        Answer.history.filter(assessment_id=assessment.pk).update(history_change_reason=reason)
        pending.delete()
    return assessment
