"""The rework list and the threads, as read for the pages and the e-mail."""

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from assessments.models import Answer, Verdict
from discussions.enums import ReworkState, Side
from discussions.selectors import (
    answer_messages_by_answer,
    rework_counts,
    rework_items_for_assessment,
)
from tests.assessments.review_factories import answer_of
from tests.discussions.factories import (
    WHY_1_1,
    WHY_2_2,
    AnswerMessageFactory,
    at,
    later,
    returned_case,
)

pytestmark = pytest.mark.usefixtures("catalog")


def test_rework_items_for_assessment_lists_challenged_answers_in_survey_order() -> None:
    case = returned_case()
    pk = case.assessment.pk

    items = rework_items_for_assessment(assessment=case.assessment)

    stage_1 = reverse("assessment_section", args=[pk, "stage-1"])
    stage_2 = reverse("assessment_section", args=[pk, "stage-2"])
    assert [
        (
            item.criterion.code,
            item.area.code if item.area else None,
            item.verdict.comment,
            item.section.slug,
            item.url,
            item.state,
        )
        for item in items
    ] == [
        ("1.1", "radiology", WHY_1_1, "stage-1", f"{stage_1}#s-1_1-radiology", ReworkState.TO_DO),
        ("2.2", None, WHY_2_2, "stage-2", f"{stage_2}#s-2_2", ReworkState.TO_DO),
    ]


def test_rework_item_changed_after_the_verdict_is_done() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")
    at(later(), Answer, answer.pk, "updated_at")

    items = rework_items_for_assessment(assessment=case.assessment)

    assert [(item.criterion.code, item.state, item.done) for item in items] == [
        ("1.1", ReworkState.TO_DO, False),
        ("2.2", ReworkState.CHANGED, True),
    ]


def test_rework_item_answered_by_the_organization_is_done() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "1.1", "radiology")
    message = AnswerMessageFactory(answer=answer, author=case.lead, side=Side.ORGANIZATION)
    at(later(), type(message), message.pk, "created")

    items = rework_items_for_assessment(assessment=case.assessment)

    assert [(item.criterion.code, item.state) for item in items] == [
        ("1.1", ReworkState.ANSWERED),
        ("2.2", ReworkState.TO_DO),
    ]
    assert [m.body for m in items[0].messages] == ["We sent the signed version."]


def test_rework_item_stays_to_do_with_only_the_assessors_message() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "1.1", "radiology")
    message = AnswerMessageFactory(answer=answer, author=case.assessor, side=Side.ASSESSOR)
    at(later(), type(message), message.pk, "created")

    items = rework_items_for_assessment(assessment=case.assessment)

    assert [item.state for item in items] == [ReworkState.TO_DO, ReworkState.TO_DO]


def test_rework_item_answered_before_the_verdict_is_still_to_do() -> None:
    case = returned_case()
    answer = answer_of(case.assessment, "2.2")
    AnswerMessageFactory(answer=answer, author=case.lead, side=Side.ORGANIZATION)
    at(later(), Verdict, answer.verdict.pk, "updated_at")

    items = rework_items_for_assessment(assessment=case.assessment)

    assert [item.state for item in items] == [ReworkState.TO_DO, ReworkState.TO_DO]


def test_rework_counts_counts_only_the_answers_still_to_do() -> None:
    case = returned_case()
    at(later(), Answer, answer_of(case.assessment, "2.2").pk, "updated_at")

    counts = rework_counts(rework_items_for_assessment(assessment=case.assessment))

    assert counts == {"stage-1": 1}


def test_rework_items_for_assessment_without_challenge_is_empty() -> None:
    case = returned_case()
    Verdict.objects.filter(answer__assessment=case.assessment).update(accepted=True, comment="")

    assert rework_items_for_assessment(assessment=case.assessment) == []


@pytest.mark.parametrize("challenged", [1, 6])
def test_rework_items_for_assessment_fixed_queries(
    challenged: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    case = returned_case()
    Verdict.objects.filter(answer__assessment=case.assessment).update(accepted=True, comment="")
    answers = list(Answer.objects.filter(assessment=case.assessment).order_by("pk"))
    Verdict.objects.filter(answer__in=answers[:challenged]).update(accepted=False, comment="No")
    for answer in answers[:challenged]:
        AnswerMessageFactory(answer=answer, author=case.assessor, side=Side.ASSESSOR)

    # The catalog's revision (its sections are in memory), the challenged answers, the messages.
    with django_assert_num_queries(3):
        items = rework_items_for_assessment(assessment=case.assessment)

    assert len(items) == challenged
    assert [len(item.messages) for item in items] == [1] * challenged


def test_answer_messages_by_answer_oldest_first_per_answer() -> None:
    case = returned_case()
    first = answer_of(case.assessment, "2.2")
    second = answer_of(case.assessment, "1.1", "radiology")
    AnswerMessageFactory(answer=first, author=case.assessor, side=Side.ASSESSOR, body="One")
    AnswerMessageFactory(answer=second, author=case.lead, body="Other")
    AnswerMessageFactory(answer=first, author=case.lead, body="Two")

    threads = answer_messages_by_answer(assessment=case.assessment)

    assert {pk: [m.body for m in messages] for pk, messages in threads.items()} == {
        first.pk: ["One", "Two"],
        second.pk: ["Other"],
    }
