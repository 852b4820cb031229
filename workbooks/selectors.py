"""Reads for the workbooks: the questionnaire layout of an assessment as it stands now, and the
areas the blank questionnaire of an organization shows."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.access import AssessmentAccess
from assessments.answers import allowed_statuses
from assessments.enums import AnswerStatus
from assessments.models import Assessment, AssessmentArea, Organization
from assessments.workspace import workspace_load
from criteria.enums import Scope
from criteria.models import CatalogVersion, ServiceArea
from workbooks.layout import SheetLayout, SlotRow, WorkbookLayout, slot_key


def column_headers() -> tuple[str, ...]:
    return (
        _("Code"),
        _("Area"),
        _("Criterion"),
        _("Guidance"),
        _("Status"),
        _("Comment"),
        _("Version"),
        _("Answer"),
        _("Check"),
    )


def status_aliases() -> dict[str, str]:
    aliases = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            aliases.update({str(label): code for code, label in AnswerStatus.choices})
    return aliases


def workbook_layout(access: AssessmentAccess, *, now: datetime | None = None) -> WorkbookLayout:
    """The assessment's questionnaire: every answer slot of every section, with its answer now
    and whether this user may change it."""
    workspace = workspace_load(access)
    assessment = workspace.assessment
    sheets = []
    for section in workspace.sections:
        rows = []
        for criterion in section.criteria:
            areas: list[ServiceArea | None] = (
                list(workspace.areas) if criterion.scope == Scope.AREA else [None]
            )
            allowed = tuple(allowed_statuses(criterion))
            for area in areas:
                answer = workspace.answers.get((criterion.pk, area.pk if area else None))
                rows.append(
                    SlotRow(
                        key=slot_key(criterion.code, area.code if area else None),
                        code=criterion.code,
                        area_code=area.code if area else None,
                        area_name=area.name if area else "",
                        text=criterion.text,
                        guidance=criterion.guidance,
                        allowed=allowed,
                        status=answer.status if answer else "",
                        comment=answer.comment if answer else "",
                        version=answer.version if answer else 0,
                        editable=access.can_edit_answer(answer),
                    )
                )
        sheets.append(
            SheetLayout(slug=section.slug, title=section.heading, heading=section.title, rows=rows)
        )
    return WorkbookLayout(
        assessment_id=assessment.pk,
        assessment_title=assessment.title,
        organization_name=assessment.organization.name,
        catalog_slug=assessment.catalog.slug,
        catalog_revision=str(assessment.catalog.revision),
        sheets=sheets,
        status_labels={code: str(label) for code, label in AnswerStatus.choices},
        headers=column_headers(),
        area_codes=tuple(area.code for area in workspace.areas),
        status_aliases=status_aliases(),
        language=get_language() or "en",
        downloaded_at=now,
        instructions_title=_("Read me"),
        instructions=_instructions(assessment, now),
    )


def _instructions(assessment: Assessment, now: datetime | None) -> list[str]:
    return [
        _("DIAM questionnaire: %(organization)s — %(title)s")
        % {"organization": assessment.organization.name, "title": assessment.title},
        _("Downloaded %(when)s. One sheet per section, one row per answer.")
        % {"when": date_format(timezone.localtime(now), "DATETIME_FORMAT") if now else ""},
        _(
            "Fill in the yellow cells only: choose the status from the list and write a "
            "comment if you wish. Codes, areas and texts are locked."
        ),
        _(
            "Do not add, remove, move or copy rows, and do not type formulas. Rows you leave as "
            "they are change nothing."
        ),
        _(
            "Then upload the file on the assessment's “Work offline” page: you will see what "
            "changes before anything is saved."
        ),
    ]


def questionnaire_catalog(organization: Organization) -> CatalogVersion | None:
    latest = Assessment.objects.filter(organization=organization).order_by("-created_at", "-pk")
    catalog_id = latest.values_list("catalog_id", flat=True).first()
    catalogs = CatalogVersion.objects.order_by("pk")
    return (catalogs.filter(pk=catalog_id).first() if catalog_id else None) or catalogs.first()


def questionnaire_areas(organization: Organization) -> list[ServiceArea]:
    """The active areas of the organization's most recent assessment (none without one)."""
    latest = (
        Assessment.objects.filter(organization=organization)
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    return [
        row.service_area
        for row in AssessmentArea.objects.filter(assessment__in=latest)
        .select_related("service_area")
        .order_by("service_area__order", "service_area__code")
    ]
