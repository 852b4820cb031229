"""Saving answers (assessments.answers): consecutive edits of one answer by one person within a
few minutes are one change in the audit trail, from the first old value to the final one."""

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from assessments.answers import HISTORY_MERGE_WINDOW, Outcome, answer_save
from assessments.audit import assessment_timeline
from assessments.enums import Role
from assessments.models import Answer, Assessment
from criteria.models import Criterion
from tests.assessments.audit_factories import member
from tests.factories import assessment_with_areas

START = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def setup(catalog):  # type: ignore[no-untyped-def]
    with freeze_time(START - timedelta(hours=1)):
        assessment = assessment_with_areas(["radiology"], title="Survey 2026")
    return {
        "assessment": assessment,
        "lead": member(assessment, "lena", Role.LEAD),
        "contributor": member(assessment, "carl"),
        "criterion": Criterion.objects.get(code="2.2"),
    }


def save(setup, who: str, status: str, comment: str, at: datetime) -> Outcome:  # type: ignore[no-untyped-def]
    current = Answer.objects.filter(assessment=setup["assessment"]).first()
    with freeze_time(at):
        result = answer_save(
            assessment=setup["assessment"],
            criterion=setup["criterion"],
            service_area=None,
            status=status,
            comment=comment,
            expected_version=current.version if current else 0,
            user=setup[who],
        )
    return result.outcome


def answer_history(setup) -> list[tuple[str, str, str, int, str]]:  # type: ignore[no-untyped-def]
    return [
        (r.history_type, r.status, r.comment, r.version, r.history_user.username)
        for r in Answer.history.filter(assessment_id=setup["assessment"].pk).order_by(
            "history_date", "history_id"
        )
    ]


def answer_changes(setup) -> list[tuple[str, str, list[tuple[str, str, str]]]]:  # type: ignore[no-untyped-def]
    return [
        (e.what, e.who, [(c.label, c.old, c.new) for c in e.changes])
        for e in assessment_timeline(setup["assessment"])
        if e.kind == "answer"
    ]


def test_answer_save_words_typed_with_pauses_are_one_history_row(setup) -> None:  # type: ignore[no-untyped-def]
    save(setup, "lead", "partial", "", START)
    words = "Only CT and MR images reach the archive"
    typed = ""
    for index, word in enumerate(words.split()):
        typed = f"{typed} {word}".strip()
        at = START + timedelta(minutes=10, seconds=2 * index)
        assert save(setup, "contributor", "partial", typed, at) == Outcome.SAVED

    assert answer_history(setup) == [
        ("+", "partial", "", 1, "lena"),
        ("~", "partial", words, 9, "carl"),
    ]
    assert answer_changes(setup) == [
        ("Answer 2.2 changed", "carl", [("Comment", "—", words)]),
        ("Answer 2.2 given", "lena", [("Status", "—", "Partially met")]),
    ]


def test_answer_save_merged_row_takes_the_time_of_the_last_edit(setup) -> None:  # type: ignore[no-untyped-def]
    save(setup, "contributor", "partial", "", START)
    save(setup, "contributor", "met", "All areas", START + timedelta(minutes=3))

    record = Answer.history.get()
    assert (record.history_type, record.status, record.comment, record.version) == (
        "+",
        "met",
        "All areas",
        2,
    )
    assert record.history_date == START + timedelta(minutes=3)
    assert answer_changes(setup) == [
        (
            "Answer 2.2 given",
            "carl",
            [("Status", "—", "Met"), ("Comment", "—", "All areas")],
        )
    ]


def test_answer_save_after_the_window_is_a_new_history_row(setup) -> None:  # type: ignore[no-untyped-def]
    save(setup, "contributor", "partial", "", START)
    save(setup, "contributor", "met", "", START + HISTORY_MERGE_WINDOW + timedelta(seconds=1))

    assert answer_history(setup) == [
        ("+", "partial", "", 1, "carl"),
        ("~", "met", "", 2, "carl"),
    ]


def test_answer_save_by_another_person_is_a_new_history_row(setup) -> None:  # type: ignore[no-untyped-def]
    save(setup, "contributor", "partial", "", START)
    save(setup, "lead", "met", "", START + timedelta(seconds=30))

    assert answer_history(setup) == [
        ("+", "partial", "", 1, "carl"),
        ("~", "met", "", 2, "lena"),
    ]


def test_answer_save_after_an_assessment_change_is_a_new_history_row(setup) -> None:  # type: ignore[no-untyped-def]
    save(setup, "contributor", "partial", "", START)
    with freeze_time(START + timedelta(seconds=10)):
        Assessment.objects.get(pk=setup["assessment"].pk).save()  # e.g. a state change
    save(setup, "contributor", "met", "", START + timedelta(seconds=20))

    assert answer_history(setup) == [
        ("+", "partial", "", 1, "carl"),
        ("~", "met", "", 2, "carl"),
    ]


def test_answer_save_back_to_the_first_value_leaves_no_change_in_the_timeline(setup) -> None:  # type: ignore[no-untyped-def]
    save(setup, "lead", "partial", "", START)
    save(setup, "contributor", "met", "", START + timedelta(minutes=10))
    save(setup, "contributor", "partial", "", START + timedelta(minutes=11))

    assert Answer.objects.get().version == 3
    assert answer_changes(setup) == [
        ("Answer 2.2 given", "lena", [("Status", "—", "Partially met")]),
    ]
