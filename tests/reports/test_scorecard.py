"""The scorecard selector: what the PDF shows, from which answers, in a fixed number of queries."""

import base64
import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from pytest_django import DjangoAssertNumQueries

from assessments.enums import AssessmentStatus
from assessments.models import Assessment
from criteria.models import Criterion, ServiceArea
from criteria.rules import rule_text
from reports.pdf import heatmap_src
from reports.scorecard import GroupResult, Rejection, scorecard_load
from tests.factories import AnswerFactory, assessment_with_areas
from tests.reports.scorecard_data import (
    AREAS,
    NOW,
    PREVIOUS_TITLE,
    REJECTION,
    RESULTS,
    changes_requested,
    previous_assessments,
    validated_assessment,
)

pytestmark = pytest.mark.usefixtures("catalog")


def _results(assessment: Assessment) -> dict[str, str]:
    scorecard = scorecard_load(assessment, now=NOW)
    return {line.code: line.result for page in scorecard.pages for line in page.lines}


def test_scorecard_validated_badge_shows_validated_stage_beside_self_assessed() -> None:
    scorecard = scorecard_load(validated_assessment(), now=NOW)

    assert (scorecard.badge_stage, scorecard.badge_label) == (4, "Validated stage")
    assert (scorecard.self_assessed_stage, scorecard.validated_stage) == (5, 4)
    assert scorecard.stages_differ is True
    assert scorecard.computed_stage == 4


def test_scorecard_ladder_runs_from_7_to_0_with_both_stages_marked() -> None:
    scorecard = scorecard_load(validated_assessment(), now=NOW)

    assert [rung.number for rung in scorecard.ladder] == [7, 6, 5, 4, 3, 2, 1, 0]
    assert [rung.number for rung in scorecard.ladder if rung.current] == [4]
    assert [rung.number for rung in scorecard.ladder if rung.self_assessed] == [5]
    assert [rung.number for rung in scorecard.ladder if rung.reached] == [4, 3, 2, 1, 0]


def test_scorecard_validated_counts_only_accepted_answers() -> None:
    scorecard = scorecard_load(validated_assessment(), now=NOW)

    assert scorecard.groups == [
        GroupResult("A", "External image exchange and patient engagement", False),
        GroupResult("B", "Clinical decision support", False),
        GroupResult("C", "Analytics and personalised medicine", False),
    ]


def test_scorecard_every_criterion_has_its_result() -> None:
    results = _results(validated_assessment())

    assert results == RESULTS


def test_scorecard_pages_are_stages_1_to_4_then_groups() -> None:
    scorecard = scorecard_load(validated_assessment(), now=NOW)

    assert [(page.heading, page.held) for page in scorecard.pages] == [
        ("Stage 1", True),
        ("Stage 2", True),
        ("Stage 3", True),
        ("Stage 4", True),
        ("Group A", False),
        ("Group B", False),
        ("Group C", False),
    ]
    assert [line.code for line in scorecard.baseline] == ["0.1"]


def test_scorecard_area_criterion_names_met_areas_and_rule() -> None:
    scorecard = scorecard_load(validated_assessment(), now=NOW)

    line = next(line for page in scorecard.pages for line in page.lines if line.code == "2.1")
    assert line.met_areas == ["Radiology", "Cardiology"]
    assert line.rule == rule_text(Criterion.objects.get(code="2.1"))
    assert line.detail == (
        "2 of 2 counted service areas met it; 1 not applicable; 100% of the image volume"
    )


def test_scorecard_road_map_lists_next_stage_then_what_the_one_after_adds() -> None:
    scorecard = scorecard_load(validated_assessment(), now=NOW)

    road = [(s.stage, s.previous, s.total, [line.code for line in s.lines]) for s in scorecard.road]
    assert road == [(5, None, 1, ["A.4"]), (6, 5, 4, ["C.2", "C.3", "C.4"])]


def test_scorecard_next_steps_list_every_group_that_gives_the_next_stage() -> None:
    scorecard = scorecard_load(validated_assessment(), now=NOW)

    routes = [
        (r.stage, r.reaches, r.group, [line.code for line in r.lines]) for r in scorecard.routes
    ]
    assert routes == [
        (5, 5, "Group A: External image exchange and patient engagement", ["A.4"]),
        (5, 5, "Group C: Analytics and personalised medicine", ["C.2", "C.3", "C.4"]),
        (5, 5, "Group B: Clinical decision support", ["B.2", "B.3", "B.4", "B.5"]),
    ]


def test_scorecard_findings_list_answers_not_accepted_with_comment() -> None:
    scorecard = scorecard_load(validated_assessment(), now=NOW)

    assert (scorecard.findings_visible, scorecard.verdicts_visible) == (True, True)
    assert scorecard.rejections == [
        Rejection(
            code="A.4",
            title="Patients upload, download and share images",
            area="",
            status="Met",
            comment=REJECTION,
        )
    ]


def test_scorecard_in_review_hides_findings_and_counts_answers_as_given() -> None:
    assessment = validated_assessment()
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.IN_REVIEW, validated_stage=None
    )

    scorecard = scorecard_load(assessment, now=NOW)

    assert (scorecard.badge_stage, scorecard.badge_label) == (5, "Self-assessed stage")
    assert scorecard.validated_stage is None
    assert (scorecard.findings_visible, scorecard.verdicts_visible) == (False, False)
    assert scorecard.rejections == []
    assert [g.met for g in scorecard.groups] == [True, False, False]
    assert _results(assessment)["A.4"] == "Met"


def test_scorecard_changes_requested_lists_answers_not_accepted_without_findings() -> None:
    assessment = changes_requested(validated_assessment())

    scorecard = scorecard_load(assessment, now=NOW)

    assert (scorecard.findings_visible, scorecard.verdicts_visible) == (False, True)
    assert [(r.code, r.comment) for r in scorecard.rejections] == [("A.4", REJECTION)]


@pytest.mark.parametrize("show_findings", [True, False])
def test_scorecard_reader_decides_whether_findings_are_shown(show_findings: bool) -> None:
    assessment = changes_requested(validated_assessment())

    scorecard = scorecard_load(assessment, now=NOW, show_findings=show_findings)

    assert scorecard.findings_visible is show_findings


def test_scorecard_draft_badge_is_the_stage_from_the_answers() -> None:
    assessment = assessment_with_areas(["radiology", "cardiology"])
    criterion = Criterion.objects.get(code="1.1")
    for code in ("radiology", "cardiology"):
        AnswerFactory(
            assessment=assessment,
            criterion=criterion,
            service_area=ServiceArea.objects.get(code=code),
            status="met",
        )

    scorecard = scorecard_load(assessment, now=NOW)

    assert (scorecard.badge_stage, scorecard.badge_label) == (1, "Stage from the answers so far")
    assert (scorecard.self_assessed_stage, scorecard.validated_stage) == (None, None)
    assert scorecard.stages_differ is False


def test_scorecard_document_id_names_the_assessment_and_changes_with_time() -> None:
    assessment = validated_assessment()

    first = scorecard_load(assessment, now=NOW).document_id
    again = scorecard_load(assessment, now=NOW).document_id
    later = scorecard_load(assessment, now=NOW + timedelta(seconds=1)).document_id

    assert re.fullmatch(rf"DIAM-{assessment.pk}-[0-9A-F]{{8}}", first)
    assert first == again
    assert first != later


def test_scorecard_heatmap_has_area_criteria_by_active_area() -> None:
    scorecard = scorecard_load(validated_assessment(), now=NOW)

    assert [row.code for row in scorecard.heatmap.rows] == [
        "1.1",
        "1.2",
        "2.1",
        "3.3",
        "A.1",
        "B.4",
    ]
    assert [column.code for column in scorecard.heatmap.columns] == list(AREAS)


def test_scorecard_heatmap_for_the_pdf_has_no_tooltips_the_page_keeps_them() -> None:
    scorecard = scorecard_load(validated_assessment(), now=NOW)
    cells = len(scorecard.heatmap.rows) * len(scorecard.heatmap.columns)

    pdf_svg = base64.b64decode(heatmap_src(scorecard).split(",", 1)[1]).decode()
    page_svg = render_to_string("charts/heatmap.svg", {"heatmap": scorecard.heatmap})

    # The PDF keeps the chart's own title (its accessible name), nothing else.
    assert (pdf_svg.count("<title"), pdf_svg.count('class="heatmap-cell"')) == (1, 0)
    assert pdf_svg.count("<rect ") == page_svg.count("<rect ")
    titles = 1 + len(scorecard.heatmap.columns) + len(scorecard.heatmap.rows) + cells
    assert (page_svg.count("<title"), page_svg.count('class="heatmap-cell"')) == (titles, cells)


def _assessment_fully_answered(area_codes: list[str]) -> Assessment:
    assessment = assessment_with_areas(area_codes, status=AssessmentStatus.VALIDATED)
    areas = list(ServiceArea.objects.filter(code__in=area_codes))
    for criterion in Criterion.objects.exclude(scope="baseline"):
        for area in areas if criterion.scope == "area" else [None]:
            AnswerFactory(assessment=assessment, criterion=criterion, service_area=area)
    return assessment


def test_scorecard_query_count_does_not_grow_with_areas_and_answers(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    one = _assessment_fully_answered(["radiology"])
    fifteen = _assessment_fully_answered(list(ServiceArea.objects.values_list("code", flat=True)))

    with django_assert_num_queries(7):
        small = scorecard_load(one, now=NOW)
    with django_assert_num_queries(7):
        large = scorecard_load(fifteen, now=NOW)

    assert (len(small.areas), len(large.areas)) == (1, 15)


def test_scorecard_query_count_with_a_previous_assessment_is_one_more(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    assessment = validated_assessment()
    previous_assessments(assessment)

    with django_assert_num_queries(8):
        scorecard = scorecard_load(assessment, now=NOW)

    assert scorecard.since is not None


def test_scorecard_since_previous_is_absent_for_the_first_assessment() -> None:
    assessment = validated_assessment()

    assert scorecard_load(assessment, now=NOW).since is None


def test_scorecard_since_previous_compares_stage_and_criteria_with_the_one_before() -> None:
    assessment = validated_assessment()
    previous_assessments(assessment)

    since = scorecard_load(assessment, now=NOW).since

    assert since is not None
    assert (since.title, since.validated, since.stage_then, since.stage_now) == (
        PREVIOUS_TITLE,
        True,
        3,
        4,
    )
    assert since.recorded_at.date().isoformat() == "2024-04-09"
    assert [c.code for c in since.criteria.newly_met] == ["A.1", "A.2"]
    assert [c.code for c in since.criteria.no_longer_met] == ["B.3"]


def test_scorecard_since_previous_of_a_draft_is_the_latest_result_before_now() -> None:
    assessment = validated_assessment()
    previous_assessments(assessment)
    draft = assessment_with_areas(["radiology"], organization=assessment.organization)

    since = scorecard_load(draft, now=NOW).since

    assert since is not None
    assert (since.title, since.validated, since.stage_then) == ("DIAM 2027", True, 7)
