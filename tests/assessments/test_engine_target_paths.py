"""Ways to a target stage: every path to a stage 1–7, the fewest criteria missing first (pure
engine, no database)."""

from __future__ import annotations

import pytest

from assessments.engine import Answer, TargetPath, score, target_paths
from tests.assessments.diam_rules import (
    answers_for,
    diam_catalog,
    first_areas,
    group_codes,
    stage_codes,
)

CATALOG = diam_catalog()
AREAS = first_areas(3)
STAGE_4 = ("4.1", "4.2", "4.3", "4.4", "4.5", "4.6")
GROUP_A = ("A.1", "A.2", "A.3", "A.4")
GROUP_B = ("B.1", "B.2", "B.3", "B.4", "B.5")
GROUP_C = ("C.1", "C.2", "C.3", "C.4")


def _paths(answers: list[Answer], target: int) -> list[TargetPath]:
    return target_paths(CATALOG, score(CATALOG, AREAS, answers), target)


def test_target_paths_stage_3_from_nothing_lists_every_stage_up_to_it() -> None:
    assert _paths([], 3) == [
        TargetPath(
            target=3,
            groups=(),
            missing=("1.1", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5"),
        )
    ]


def test_target_paths_stage_4_lists_only_unmet_required_criteria() -> None:
    answers = answers_for([*stage_codes(2), "3.1", "3.3", "4.1"], AREAS)

    assert _paths(answers, 4) == [
        TargetPath(
            target=4,
            groups=(),
            missing=("3.2", "3.4", "3.5", "4.2", "4.3", "4.4", "4.5", "4.6"),
        )
    ]


def test_target_paths_stage_5_one_path_per_group_closest_first() -> None:
    # Stage 3 held: stage 4's criteria are in every path. B misses one criterion, A two, C four.
    answers = answers_for([*stage_codes(3), "A.1", "A.2", "B.1", "B.2", "B.3", "B.4"], AREAS)

    assert _paths(answers, 5) == [
        TargetPath(target=5, groups=("B",), missing=(*STAGE_4, "B.5")),
        TargetPath(target=5, groups=("A",), missing=(*STAGE_4, "A.3", "A.4")),
        TargetPath(target=5, groups=("C",), missing=(*STAGE_4, *GROUP_C)),
    ]


def test_target_paths_stage_6_every_pair_of_groups_fewest_missing_first() -> None:
    answers = answers_for([*stage_codes(4), *group_codes("A"), "B.1", "B.2"], AREAS)

    assert _paths(answers, 6) == [
        TargetPath(target=6, groups=("A", "B"), missing=("B.3", "B.4", "B.5")),
        TargetPath(target=6, groups=("A", "C"), missing=GROUP_C),
        TargetPath(target=6, groups=("B", "C"), missing=("B.3", "B.4", "B.5", *GROUP_C)),
    ]


def test_target_paths_stage_6_ties_keep_catalog_order() -> None:
    # Nothing of the groups met: A and C both miss four, B five.
    answers = answers_for(stage_codes(4), AREAS)

    assert _paths(answers, 6) == [
        TargetPath(target=6, groups=("A", "C"), missing=(*GROUP_A, *GROUP_C)),
        TargetPath(target=6, groups=("A", "B"), missing=(*GROUP_A, *GROUP_B)),
        TargetPath(target=6, groups=("B", "C"), missing=(*GROUP_B, *GROUP_C)),
    ]


def test_target_paths_stage_7_is_one_path_with_all_three_groups() -> None:
    answers = answers_for([*stage_codes(4), *group_codes("B")], AREAS)

    assert _paths(answers, 7) == [
        TargetPath(target=7, groups=("A", "B", "C"), missing=(*GROUP_A, *GROUP_C)),
    ]


def test_target_paths_groups_met_without_stage_4_still_need_stage_4() -> None:
    answers = answers_for([*stage_codes(3), *group_codes("A"), *group_codes("C")], AREAS)

    assert _paths(answers, 6)[0] == TargetPath(target=6, groups=("A", "C"), missing=STAGE_4)


def test_target_paths_stage_already_held_has_no_path() -> None:
    answers = answers_for([*stage_codes(4), *group_codes("A")], AREAS)

    assert (_paths(answers, 4), _paths(answers, 5)) == ([], [])


@pytest.mark.parametrize("target", [0, 8])
def test_target_paths_stage_out_of_range_is_refused(target: int) -> None:
    with pytest.raises(ValueError, match=f"target stage must be 1 to 7, not {target}"):
        _paths([], target)
