"""Stored results: the only writer of AssessmentResult and its rows.

The life cycle calls `assessment_result_record` when an assessment is submitted (its
self-assessed score) and when it is validated (the score of the accepted answers, as the review
computes the validated stage). Benchmarks aggregate these rows with SQL, never scoring again.
"""

from datetime import datetime

from django.db import transaction

from assessments.enums import ResultKind
from assessments.models import (
    AreaCriterionResult,
    Assessment,
    AssessmentArea,
    AssessmentResult,
    CriterionResult,
    GroupResult,
)
from assessments.result_rows import result_rows
from assessments.scoring import engine_answers, engine_areas, rules_from_criteria
from criteria.models import Criterion


def assessment_result_record(
    *, assessment: Assessment, kind: str, now: datetime
) -> AssessmentResult:
    """Store (or replace: a resubmission) the assessment's result of this kind. The stage of
    record is the assessment's self-assessed or validated stage, set by the transition."""
    stage = (
        assessment.validated_stage
        if kind == ResultKind.VALIDATED
        else assessment.self_assessed_stage
    )
    criteria = list(
        Criterion.objects.filter(catalog_id=assessment.catalog_id).select_related("stage", "group")
    )
    areas = list(
        AssessmentArea.objects.filter(assessment=assessment).select_related("service_area")
    )
    rows = result_rows(
        catalog=rules_from_criteria(criteria),
        areas=engine_areas(areas),
        answers=engine_answers(assessment, accepted_only=kind == ResultKind.VALIDATED),
    )
    criterion_ids = {c.code: c.pk for c in criteria}
    group_ids = {c.group.code: c.group_id for c in criteria if c.group is not None}
    area_ids = {a.service_area.code: a.service_area_id for a in areas}
    with transaction.atomic():
        AssessmentResult.objects.filter(assessment=assessment, kind=kind).delete()
        result = AssessmentResult(
            assessment=assessment,
            kind=kind,
            stage=rows.computed_stage if stage is None else stage,
            computed_stage=rows.computed_stage,
            annual_volume=rows.annual_volume,
            recorded_at=now,
        )
        result.full_clean()
        result.save()
        GroupResult.objects.bulk_create(
            GroupResult(result=result, group_id=group_ids[code], met=met)
            for code, met in rows.groups.items()
        )
        CriterionResult.objects.bulk_create(
            CriterionResult(
                result=result,
                criterion_id=criterion_ids[row.criterion],
                met=row.met,
                areas_met=row.areas_met,
                areas_counted=row.areas_counted,
            )
            for row in rows.criteria
        )
        AreaCriterionResult.objects.bulk_create(
            AreaCriterionResult(
                result=result,
                criterion_id=criterion_ids[row.criterion],
                service_area_id=area_ids[row.area],
                status=row.status,
                met=row.met,
            )
            for row in rows.areas
        )
    return result
