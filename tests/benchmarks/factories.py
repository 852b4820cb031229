"""Organizations with a stored result, made directly (no answers, no scoring): benchmarks only
read AssessmentResult and its rows."""

from datetime import UTC, date, datetime

from assessments.enums import AssessmentStatus, ResultKind
from assessments.models import (
    AreaCriterionResult,
    AssessmentResult,
    CriterionResult,
    GroupResult,
    Organization,
)
from criteria.models import Criterion, Group, ServiceArea
from tests.factories import AssessmentFactory, OrganizationFactory

TODAY = date(2026, 3, 4)
RECORDED_AT = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
IN_FORCE = date(2028, 2, 1)
CRITERIA = {"2.2": True, "3.1": False}
GROUPS = {"A": True, "B": False, "C": False}
AREAS = {("1.1", "radiology"): "met", ("1.1", "cardiology"): "not_met"}


def stored_result(
    organization: Organization | None = None,
    *,
    stage: int = 4,
    result_kind: str = ResultKind.VALIDATED,
    status: str = AssessmentStatus.VALIDATED,
    expires_at: date | None = IN_FORCE,
    recorded_at: datetime = RECORDED_AT,
    annual_volume: int = 20_000,
    criteria: dict[str, bool] | None = None,
    groups: dict[str, bool] | None = None,
    areas: dict[tuple[str, str], str] | None = None,
    **organization_fields: object,
) -> AssessmentResult:
    """A result of `result_kind` for a new assessment (of a new organization unless given) in
    `status`, with rows for `criteria` (code -> met), `groups` and `areas`
    ((criterion, area) -> status)."""
    organization = organization or OrganizationFactory(**organization_fields)
    assessment = AssessmentFactory(
        organization=organization,
        status=status,
        expires_at=expires_at if status == AssessmentStatus.VALIDATED else None,
    )
    result = AssessmentResult.objects.create(
        assessment=assessment,
        kind=result_kind,
        stage=stage,
        computed_stage=stage,
        annual_volume=annual_volume,
        recorded_at=recorded_at,
    )
    criteria_by_code = {c.code: c for c in Criterion.objects.all()}
    group_by_code = {g.code: g for g in Group.objects.all()}
    area_by_code = {a.code: a for a in ServiceArea.objects.all()}
    CriterionResult.objects.bulk_create(
        CriterionResult(result=result, criterion=criteria_by_code[code], met=met)
        for code, met in (CRITERIA if criteria is None else criteria).items()
    )
    GroupResult.objects.bulk_create(
        GroupResult(result=result, group=group_by_code[code], met=met)
        for code, met in (GROUPS if groups is None else groups).items()
    )
    AreaCriterionResult.objects.bulk_create(
        AreaCriterionResult(
            result=result,
            criterion=criteria_by_code[code],
            service_area=area_by_code[area],
            status=area_status,
            met=area_status == "met",
        )
        for (code, area), area_status in (AREAS if areas is None else areas).items()
    )
    return result
