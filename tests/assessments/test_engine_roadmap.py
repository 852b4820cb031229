"""The road map: what blocks the next stage and the one after (pure engine, no database)."""

from __future__ import annotations

from assessments.engine import Answer, road_map, score
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
STAGE_3 = ["3.1", "3.2", "3.3", "3.4", "3.5"]
STAGE_4 = ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]


def _road(answers: list[Answer], steps: int = 2) -> list[tuple[int, list[str]]]:
    return road_map(CATALOG, score(CATALOG, AREAS, answers), steps)


def test_road_map_nothing_answered_lists_stage_1_then_stages_1_and_2() -> None:
    road = _road([])

    assert road == [(1, ["1.1"]), (2, ["1.1", "2.1", "2.2"])]


def test_road_map_stage_2_lists_stage_3_then_stages_3_and_4() -> None:
    road = _road(answers_for(stage_codes(2), AREAS))

    assert road == [(3, STAGE_3), (4, [*STAGE_3, *STAGE_4])]


def test_road_map_stage_2_partial_stage_3_keeps_only_unmet_codes() -> None:
    answers = answers_for([*stage_codes(2), "3.1", "3.3"], AREAS)

    road = _road(answers)

    assert road == [
        (3, ["3.2", "3.4", "3.5"]),
        (4, ["3.2", "3.4", "3.5", *STAGE_4]),
    ]


def test_road_map_stage_3_lists_stage_4_then_stage_4_and_closest_group() -> None:
    # Group C is one criterion away; A and B are untouched.
    answers = answers_for([*stage_codes(3), "C.1", "C.2", "C.3"], AREAS)

    road = _road(answers)

    assert road == [(4, STAGE_4), (5, [*STAGE_4, "C.4"])]


def test_road_map_stage_4_lists_closest_group_then_two_closest() -> None:
    # B misses one criterion, A misses two, C misses all four.
    answers = answers_for([*stage_codes(4), "A.1", "A.2", "B.1", "B.2", "B.3", "B.4"], AREAS)

    road = _road(answers)

    assert road == [(5, ["B.5"]), (6, ["A.3", "A.4", "B.5"])]


def test_road_map_stage_4_ties_keep_catalog_order() -> None:
    # A and C both miss four criteria (A comes first), B misses five.
    road = _road(answers_for(stage_codes(4), AREAS))

    assert road == [(5, group_codes("A")), (6, [*group_codes("A"), *group_codes("C")])]


def test_road_map_stage_5_needs_one_then_two_more_groups() -> None:
    answers = answers_for([*stage_codes(4), *group_codes("B"), "C.1"], AREAS)

    road = _road(answers)

    assert road == [(6, ["C.2", "C.3", "C.4"]), (7, [*group_codes("A"), "C.2", "C.3", "C.4"])]


def test_road_map_stage_6_has_one_step_to_stage_7() -> None:
    answers = all_met_answers(AREAS, except_codes=["A.4"])

    road = _road(answers)

    assert road == [(7, ["A.4"])]


def test_road_map_stage_7_is_empty() -> None:
    road = _road(all_met_answers(AREAS))

    assert road == []


def test_road_map_groups_met_without_stage_4_count_toward_stage_5() -> None:
    # Group A is met but stage 3 is not held: stage 5 needs stage 4 only, no further group;
    # stage 6 needs the closest open group too (C misses four criteria, B five).
    answers = answers_for([*stage_codes(3)[:-1], *group_codes("A")], AREAS)

    road = road_map(CATALOG, score(CATALOG, AREAS, answers), steps=4)

    missing_4 = ["3.5", *STAGE_4]
    assert road == [
        (3, ["3.5"]),
        (4, missing_4),
        (5, missing_4),
        (6, [*missing_4, *group_codes("C")]),
    ]


def test_road_map_first_step_matches_score_next_stage() -> None:
    answers = answers_for([*stage_codes(4), "A.1", "B.1", "B.2", "C.1", "C.2", "C.3"], AREAS)
    result = score(CATALOG, AREAS, answers)

    road = road_map(CATALOG, result, steps=1)

    assert road == [(result.next_stage, result.missing)]
