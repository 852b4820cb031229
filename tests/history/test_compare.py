"""The comparison of two assessments, as plain data (no database)."""

from history.compare import (
    AnswerState,
    AreaCriterionState,
    CriterionState,
    answer_changes,
    area_changes,
    criteria_changes,
)


def test_criteria_changes_lists_newly_met_and_no_longer_met_in_catalog_order() -> None:
    before = [
        CriterionState("1.1", "PACS", True),
        CriterionState("2.1", "EMR", False),
        CriterionState("2.2", "Viewer", True),
        CriterionState("3.1", "Strategy", False),
    ]
    after = [
        CriterionState("1.1", "PACS", True),
        CriterionState("2.1", "EMR", True),
        CriterionState("2.2", "Viewer", False),
        CriterionState("3.1", "Strategy", True),
    ]

    changes = criteria_changes(before=before, after=after)

    assert [c.code for c in changes.newly_met] == ["2.1", "3.1"]
    assert [c.code for c in changes.no_longer_met] == ["2.2"]
    assert changes.any is True


def test_criteria_changes_of_a_criterion_on_one_side_only_counts_it_not_met_on_the_other() -> None:
    changes = criteria_changes(
        before=[CriterionState("9.1", "Retired", True)],
        after=[CriterionState("9.2", "New", True)],
    )

    assert ([c.code for c in changes.newly_met], [c.code for c in changes.no_longer_met]) == (
        ["9.2"],
        ["9.1"],
    )


def test_criteria_changes_without_change_is_empty() -> None:
    same = [CriterionState("1.1", "PACS", True), CriterionState("2.1", "EMR", False)]

    changes = criteria_changes(before=same, after=same)

    assert (changes.newly_met, changes.no_longer_met, changes.any) == ((), (), False)


def _area(area: str, code: str, status: str, order: tuple[int, int]) -> AreaCriterionState:
    return AreaCriterionState(
        area, area.title(), code, f"Criterion {code}", status, status == "met", order
    )


def test_area_changes_per_area_counts_met_and_lists_changed_criteria() -> None:
    before = [
        _area("radiology", "1.1", "met", (1, 1)),
        _area("radiology", "2.1", "not_met", (1, 2)),
        _area("cardiology", "1.1", "", (2, 1)),
        _area("cardiology", "2.1", "met", (2, 2)),
    ]
    after = [
        _area("radiology", "1.1", "met", (1, 1)),
        _area("radiology", "2.1", "met", (1, 2)),
        _area("pathology", "1.1", "partial", (3, 1)),
        _area("pathology", "2.1", "met", (3, 2)),
    ]

    areas = area_changes(before=before, after=after)

    assert [(a.code, a.in_before, a.in_after, a.met_before, a.met_after) for a in areas] == [
        ("radiology", True, True, 1, 2),
        ("cardiology", True, False, 1, 0),
        ("pathology", False, True, 0, 1),
    ]
    assert [
        [(c.criterion_code, c.status_before, c.status_after) for c in a.changes] for a in areas
    ] == [
        [("2.1", "not_met", "met")],
        [("1.1", "", None), ("2.1", "met", None)],
        [("1.1", None, "partial"), ("2.1", None, "met")],
    ]


def test_area_changes_without_change_keeps_the_area_with_no_rows() -> None:
    rows = [_area("radiology", "1.1", "met", (1, 1))]

    areas = area_changes(before=rows, after=rows)

    assert [(a.code, a.met_before, a.met_after, a.changes) for a in areas] == [
        ("radiology", 1, 1, ())
    ]


def _answer(
    code: str, status: str, comment: str = "", area: str | None = None, order: int = 0
) -> AnswerState:
    return AnswerState(
        code, f"Criterion {code}", area, (area or "").title(), status, comment, (order, 0)
    )


def test_answer_changes_lists_status_and_comment_changes_with_both_values() -> None:
    before = [
        _answer("1.1", "met", "PACS", "radiology", order=1),
        _answer("2.2", "partial", "Pilot", order=2),
        _answer("3.1", "met", "Board", order=3),
        _answer("3.2", "not_met", order=4),
    ]
    after = [
        _answer("1.1", "met", "PACS ", "radiology", order=1),
        _answer("2.2", "met", "Pilot", order=2),
        _answer("3.1", "met", "Board meets monthly", order=3),
        _answer("4.1", "met", order=5),
    ]

    changes = answer_changes(before=before, after=after)

    assert [
        (
            c.criterion_code,
            c.before.status if c.before else None,
            c.after.status if c.after else None,
            c.status_changed,
            c.comment_changed,
        )
        for c in changes
    ] == [
        ("2.2", "partial", "met", True, False),
        ("3.1", "met", "met", False, True),
        ("3.2", "not_met", None, True, False),
        ("4.1", None, "met", True, False),
    ]


def test_answer_changes_tells_areas_of_one_criterion_apart() -> None:
    before = [_answer("1.1", "met", area="radiology"), _answer("1.1", "met", area="cardiology")]
    after = [_answer("1.1", "met", area="radiology"), _answer("1.1", "not_met", area="cardiology")]

    changes = answer_changes(before=before, after=after)

    assert [(c.criterion_code, c.area_name) for c in changes] == [("1.1", "Cardiology")]
