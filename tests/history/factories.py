"""Submitted and validated assessments of one organization with stored results, made directly
(no scoring): the history reads AssessmentResult rows and the answers."""

from datetime import UTC, datetime

from assessments.enums import AssessmentStatus, ResultKind
from assessments.models import (
    AreaCriterionResult,
    Assessment,
    AssessmentResult,
    CriterionResult,
    Organization,
)
from criteria.models import Criterion, ServiceArea
from tests.factories import assessment_with_areas


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, 0, tzinfo=UTC)


def result_add(
    assessment: Assessment,
    *,
    kind: str,
    stage: int,
    recorded_at: datetime,
    criteria: dict[str, bool] | None = None,
    areas: dict[tuple[str, str], str] | None = None,
) -> AssessmentResult:
    """A stored result with rows for `criteria` (code -> met) and `areas` ((criterion, area) ->
    status)."""
    result = AssessmentResult.objects.create(
        assessment=assessment,
        kind=kind,
        stage=stage,
        computed_stage=stage,
        annual_volume=10_000,
        recorded_at=recorded_at,
    )
    by_code = {c.code: c for c in Criterion.objects.filter(catalog=assessment.catalog)}
    area_by_code = {a.code: a for a in ServiceArea.objects.all()}
    CriterionResult.objects.bulk_create(
        CriterionResult(result=result, criterion=by_code[code], met=met)
        for code, met in (criteria or {}).items()
    )
    AreaCriterionResult.objects.bulk_create(
        AreaCriterionResult(
            result=result,
            criterion=by_code[code],
            service_area=area_by_code[area],
            status=status,
            met=status == "met",
        )
        for (code, area), status in (areas or {}).items()
    )
    return result


def history_assessment(
    organization: Organization,
    *,
    title: str,
    submitted_at: datetime,
    stage: int,
    criteria: dict[str, bool] | None = None,
    areas: dict[tuple[str, str], str] | None = None,
    validated_at: datetime | None = None,
    validated_stage: int | None = None,
) -> Assessment:
    """An assessment submitted at `submitted_at` with its self-assessed result and, when
    `validated_at` is given, validated with the same rows at `validated_stage`."""
    area_codes = sorted({area for _, area in (areas or {})})
    assessment = assessment_with_areas(area_codes, organization=organization, title=title)
    validated = validated_at is not None
    # Test data: the state is set directly (the life cycle has its own tests).
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.VALIDATED if validated else AssessmentStatus.SUBMITTED,
        submitted_at=submitted_at,
        self_assessed_stage=stage,
        validated_stage=validated_stage if validated else None,
        validated_at=validated_at,
    )
    result_add(
        assessment,
        kind=ResultKind.SELF_ASSESSED,
        stage=stage,
        recorded_at=submitted_at,
        criteria=criteria,
        areas=areas,
    )
    if validated_at is not None:
        result_add(
            assessment,
            kind=ResultKind.VALIDATED,
            stage=stage if validated_stage is None else validated_stage,
            recorded_at=validated_at,
            criteria=criteria,
            areas=areas,
        )
    assessment.refresh_from_db()
    return assessment
