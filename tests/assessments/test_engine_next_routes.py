"""Next steps: every way to reach the next stage (pure engine, no database)."""

from __future__ import annotations

from assessments.engine import Answer, Route, next_routes, score
from tests.assessments.diam_rules import (
    all_met_answers,
    answers_for,
    diam_catalog,
    first_areas,
    group_codes,
    stage_codes,
)

CATALOG = diam_catalog()
AREAS = first_areas(3)
STAGE_4 = ("4.1", "4.2", "4.3", "4.4", "4.5", "4.6")


def _routes(answers: list[Answer]) -> list[Route]:
    return next_routes(CATALOG, score(CATALOG, AREAS, answers))


def test_next_routes_nothing_answered_is_stage_1() -> None:
    assert _routes([]) == [Route(stage=1, group=None, missing=("1.1",), reaches=1)]


def test_next_routes_stage_2_lists_only_unmet_criteria_of_stage_3() -> None:
    answers = answers_for([*stage_codes(2), "3.1", "3.3"], AREAS)

    assert _routes(answers) == [
        Route(stage=3, group=None, missing=("3.2", "3.4", "3.5"), reaches=3)
    ]


def test_next_routes_stage_3_with_groups_met_reaches_higher_than_stage_4() -> None:
    # Groups A and B met without stage 4: holding stage 4 gives stage 6 at once.
    answers = answers_for([*stage_codes(3), *group_codes("A"), *group_codes("B")], AREAS)

    assert _routes(answers) == [Route(stage=4, group=None, missing=STAGE_4, reaches=6)]


def test_next_routes_stage_4_lists_every_group_closest_first() -> None:
    # B misses one criterion, A two, C all four.
    answers = answers_for([*stage_codes(4), "A.1", "A.2", "B.1", "B.2", "B.3", "B.4"], AREAS)

    assert _routes(answers) == [
        Route(stage=5, group="B", missing=("B.5",), reaches=5),
        Route(stage=5, group="A", missing=("A.3", "A.4"), reaches=5),
        Route(stage=5, group="C", missing=("C.1", "C.2", "C.3", "C.4"), reaches=5),
    ]


def test_next_routes_stage_5_ties_keep_catalog_order() -> None:
    # Group A met; B and C both miss four criteria.
    answers = answers_for([*stage_codes(4), *group_codes("A"), "B.1"], AREAS)

    assert _routes(answers) == [
        Route(stage=6, group="B", missing=("B.2", "B.3", "B.4", "B.5"), reaches=6),
        Route(stage=6, group="C", missing=("C.1", "C.2", "C.3", "C.4"), reaches=6),
    ]


def test_next_routes_stage_6_has_the_one_open_group() -> None:
    answers = all_met_answers(AREAS, except_codes=["A.4"])

    assert _routes(answers) == [Route(stage=7, group="A", missing=("A.4",), reaches=7)]


def test_next_routes_stage_7_is_empty() -> None:
    assert _routes(all_met_answers(AREAS)) == []


def test_next_routes_first_route_matches_score_next_stage() -> None:
    answers = answers_for([*stage_codes(4), "A.1", "B.1", "B.2", "C.1", "C.2", "C.3"], AREAS)
    result = score(CATALOG, AREAS, answers)

    first = next_routes(CATALOG, result)[0]

    assert (first.stage, list(first.missing)) == (result.next_stage, result.missing)
