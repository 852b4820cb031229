"""Stored results: written at submission and validation, backfilled by a data migration."""

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps

from assessments import engine
from assessments.lifecycle import assessment_transition
from assessments.models import AreaCriterionResult, AssessmentResult, CriterionResult
from assessments.result_rows import result_rows
from tests.assessments.review_factories import (
    NOW,
    SUBMITTED_AT,
    review_case,
    verdicts_all,
)

pytestmark = pytest.mark.usefixtures("catalog")

LATER = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
backfill_migration = importlib.import_module(
    "assessments.migrations.0007_backfill_assessment_results"
)


def summary(result: AssessmentResult) -> tuple[object, ...]:
    groups = dict(result.groups.values_list("group__code", "met"))
    return (
        result.kind,
        result.stage,
        result.computed_stage,
        result.annual_volume,
        result.recorded_at,
        groups,
    )


def criterion_rows(result: AssessmentResult, *codes: str) -> list[tuple[object, ...]]:
    return list(
        CriterionResult.objects.filter(result=result, criterion__code__in=codes)
        .order_by("criterion__order")
        .values_list("criterion__code", "met", "areas_met", "areas_counted")
    )


def area_rows(result: AssessmentResult, code: str) -> list[tuple[object, ...]]:
    return list(
        AreaCriterionResult.objects.filter(result=result, criterion__code=code)
        .order_by("service_area__order")
        .values_list("service_area__code", "status", "met")
    )


def test_result_rows_sum_the_volumes_and_lay_out_area_answers() -> None:
    catalog = engine.Catalog.build(
        [
            engine.CriterionRule("1.1", engine.AREA, engine.AT_LEAST, True, stage=1, min_areas=2),
            engine.CriterionRule("A.2", engine.ENTERPRISE, engine.ANSWER, True, group="A"),
        ]
    )
    areas = [engine.Area("radiology", 120_000), engine.Area("cardiology", None)]
    answers = [engine.Answer("1.1", "met", "radiology"), engine.Answer("A.2", "met")]

    rows = result_rows(catalog=catalog, areas=areas, answers=answers)

    assert (rows.computed_stage, rows.annual_volume, rows.groups) == (0, 120_000, {"A": True})
    assert [(r.criterion, r.area, r.status, r.met) for r in rows.areas] == [
        ("1.1", "radiology", "met", True),
        ("1.1", "cardiology", "", False),
    ]
    assert [(r.criterion, r.met, r.areas_met, r.areas_counted) for r in rows.criteria] == [
        ("1.1", False, 1, 2),
        ("A.2", True, None, None),
    ]


def test_submit_stores_the_self_assessed_result() -> None:
    case = review_case("draft")

    assessment_transition(assessment=case.assessment, action="submit", user=case.lead, now=NOW)

    result = AssessmentResult.objects.get(assessment=case.assessment)
    assert summary(result) == (
        "self_assessed",
        5,
        5,
        20_000,
        NOW,
        {"A": True, "B": False, "C": False},
    )
    assert criterion_rows(result, "1.1", "2.2", "B.1") == [
        ("1.1", True, 2, 2),
        ("2.2", True, None, None),
        ("B.1", False, None, None),
    ]
    # 1.2 is informational and left unanswered: stored as such.
    assert area_rows(result, "1.2") == [("radiology", "", False), ("cardiology", "", False)]
    assert (result.criteria.count(), result.area_criteria.count()) == (28, 12)


def test_validate_stores_the_result_of_the_accepted_answers() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("A.1", "radiology"): "No exchange yet."})

    assessment_transition(
        assessment=case.assessment, action="validate", user=case.assessor, now=NOW
    )

    result = AssessmentResult.objects.get(assessment=case.assessment, kind="validated")
    assert summary(result) == ("validated", 4, 4, 20_000, NOW, {"A": False, "B": False, "C": False})
    assert area_rows(result, "A.1") == [
        ("radiology", "not_met", False),
        ("cardiology", "met", True),
    ]


def test_validate_at_a_lower_stage_stores_it_beside_the_computed_stage() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    assessment_transition(
        assessment=case.assessment,
        action="validate",
        user=case.assessor,
        now=NOW,
        stage=3,
        reason="Mobile access only in a pilot.",
    )

    result = AssessmentResult.objects.get(assessment=case.assessment, kind="validated")
    assert (result.stage, result.computed_stage) == (3, 5)


def test_resubmit_replaces_the_self_assessed_result() -> None:
    case = review_case("draft")
    assessment_transition(assessment=case.assessment, action="submit", user=case.lead, now=NOW)
    case.assessment.answers.filter(criterion__code="C.1").update(status="met")
    case.assessment.answers.filter(criterion__code="B.1").update(status="met")
    type(case.assessment).objects.filter(pk=case.assessment.pk).update(status="changes_requested")

    assessment_transition(assessment=case.assessment, action="submit", user=case.lead, now=LATER)

    results = AssessmentResult.objects.filter(assessment=case.assessment)
    assert [summary(r) for r in results] == [
        ("self_assessed", 7, 7, 20_000, LATER, {"A": True, "B": True, "C": True})
    ]


def test_backfill_stores_results_of_submitted_and_validated_assessments_only() -> None:
    validated = review_case(
        "validated", validated_stage=4, validated_at=LATER, expires_at=LATER.date()
    )
    verdicts_all(
        validated.assessment, validated.assessor, {("A.1", "radiology"): "No exchange yet."}
    )
    submitted = review_case("submitted")
    review_case("draft")

    backfill_migration.backfill(apps, None)

    assert [summary(r) for r in AssessmentResult.objects.order_by("assessment_id", "kind")] == [
        ("self_assessed", 5, 5, 20_000, SUBMITTED_AT, {"A": True, "B": False, "C": False}),
        ("validated", 4, 4, 20_000, LATER, {"A": False, "B": False, "C": False}),
        ("self_assessed", 5, 5, 20_000, SUBMITTED_AT, {"A": True, "B": False, "C": False}),
    ]
    assert [r.assessment_id for r in AssessmentResult.objects.order_by("assessment_id")] == [
        validated.assessment.pk,
        validated.assessment.pk,
        submitted.assessment.pk,
    ]
