"""The review's state machine: every allowed transition, and every refused one leaving the data
unchanged (assessments.lifecycle.assessment_transition)."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from assessments.enums import AssessmentStatus, Role
from assessments.lifecycle import TRANSITIONS, TransitionError, assessment_transition
from assessments.models import Assessment, Verdict
from tests.assessments.review_factories import (
    NOW,
    assessor_user,
    review_case,
    snapshot,
    verdicts_all,
    verdicts_snapshot,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.usefixtures("catalog")

ALL_STATES = [s.value for s in AssessmentStatus]


def refused(assessment: Assessment, action: str, user: object, **details: object) -> str:
    """Make a transition that must be refused; return its message, checking nothing changed."""
    before = (snapshot(assessment), verdicts_snapshot(assessment))
    with pytest.raises(TransitionError) as error:
        assessment_transition(assessment=assessment, action=action, user=user, now=NOW, **details)
    assert (snapshot(assessment), verdicts_snapshot(assessment)) == before
    return error.value.message


def stored(assessment: Assessment, *fields: str) -> tuple[object, ...]:
    return tuple(Assessment.objects.values_list(*fields).get(pk=assessment.pk))


# The table -----------------------------------------------------------------------------------


def test_transitions_table_rows_of_the_review() -> None:
    rows = {
        action: (sorted(t.sources), t.target, t.who)
        for action, t in TRANSITIONS.items()
        if action != "submit"
    }

    assert rows == {
        "assign": (["in_review", "submitted"], None, "staff"),
        "claim": (["submitted"], None, "assessor"),
        "start_review": (["submitted"], "in_review", "reviewer"),
        "request_changes": (["in_review"], "changes_requested", "reviewer"),
        "validate": (["in_review"], "validated", "reviewer"),
    }


# assign ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["submitted", "in_review"])
def test_assign_by_staff_sets_the_assessor_and_keeps_the_status(status: str) -> None:
    case = review_case(status, assigned=False)
    staff = UserFactory(is_staff=True)
    other = assessor_user()

    assessment_transition(
        assessment=case.assessment, action="assign", user=staff, now=NOW, assessor=other
    )

    assert stored(case.assessment, "status", "assessor") == (status, other.pk)
    latest = Assessment.objects.get(pk=case.assessment.pk).history.first()
    assert (latest.assessor_id, latest.history_user) == (other.pk, staff)


def test_assign_replaces_the_assessor_during_the_review() -> None:
    case = review_case("in_review")
    other = assessor_user()

    assessment_transition(
        assessment=case.assessment,
        action="assign",
        user=UserFactory(is_staff=True),
        now=NOW,
        assessor=other,
    )

    assert stored(case.assessment, "assessor") == (other.pk,)


@pytest.mark.parametrize("who", ["assessor", "lead", "contributor", "outsider"])
def test_assign_by_non_staff_is_refused(who: str) -> None:
    case = review_case("submitted", assigned=False)

    message = refused(case.assessment, "assign", getattr(case, who), assessor=assessor_user())

    assert message == "Only an administrator can do this."


@pytest.mark.parametrize("status", ["draft", "changes_requested", "validated"])
def test_assign_in_the_wrong_state_is_refused(status: str) -> None:
    case = review_case(status, assigned=False)

    message = refused(
        case.assessment, "assign", UserFactory(is_staff=True), assessor=assessor_user()
    )

    label = AssessmentStatus(status).label
    assert message == (
        "An assessor can be assigned only to a submitted assessment or one in review: "
        f"its status is “{label}”."
    )


def test_assign_someone_who_is_not_an_assessor_is_refused() -> None:
    case = review_case("submitted", assigned=False)
    nobody = UserFactory(username="nora")

    message = refused(case.assessment, "assign", UserFactory(is_staff=True), assessor=nobody)

    assert message == "nora is not an assessor."


def test_assign_an_assessor_who_is_a_member_of_the_organization_is_refused() -> None:
    case = review_case("submitted", assigned=False)
    insider = assessor_user(username="ines", first_name="Ines", last_name="Inside")
    MembershipFactory(user=insider, organization=case.assessment.organization)

    message = refused(case.assessment, "assign", UserFactory(is_staff=True), assessor=insider)

    assert message == (
        "Ines Inside is a member of this organization and cannot review its assessment."
    )


def test_assign_without_an_assessor_is_refused() -> None:
    case = review_case("submitted", assigned=False)

    message = refused(case.assessment, "assign", UserFactory(is_staff=True))

    assert message == "Choose the assessor to assign."


# claim ----------------------------------------------------------------------------------------


def test_claim_by_an_assessor_sets_the_assessor(settings: object) -> None:
    settings.DIAM_ASSESSOR_CLAIMING = True  # type: ignore[attr-defined]
    case = review_case("submitted", assigned=False)
    claimer = assessor_user()

    assessment_transition(assessment=case.assessment, action="claim", user=claimer, now=NOW)

    assert stored(case.assessment, "status", "assessor") == ("submitted", claimer.pk)


def test_claim_when_claiming_is_off_is_refused(settings: object) -> None:
    settings.DIAM_ASSESSOR_CLAIMING = False  # type: ignore[attr-defined]
    case = review_case("submitted", assigned=False)

    message = refused(case.assessment, "claim", assessor_user())

    assert message == "Assessors cannot claim assessments here: an administrator assigns them."


def test_claim_an_assigned_assessment_is_refused() -> None:
    case = review_case("submitted")

    message = refused(case.assessment, "claim", assessor_user())

    assert message == "This assessment already has an assessor."


@pytest.mark.parametrize("who", ["lead", "contributor", "outsider"])
def test_claim_by_a_non_assessor_is_refused(who: str) -> None:
    case = review_case("submitted", assigned=False)

    message = refused(case.assessment, "claim", getattr(case, who))

    assert message == "Only an assessor can do this."


def test_claim_by_staff_who_is_not_an_assessor_is_refused() -> None:
    case = review_case("submitted", assigned=False)

    message = refused(case.assessment, "claim", UserFactory(is_staff=True))

    assert message == "Only an assessor can do this."


def test_claim_by_an_assessor_member_of_the_organization_is_refused() -> None:
    case = review_case("submitted", assigned=False)
    insider = assessor_user()
    MembershipFactory(user=insider, organization=case.assessment.organization, role=Role.LEAD)

    message = refused(case.assessment, "claim", insider)

    assert message == "You are a member of this organization and cannot review its assessment."


@pytest.mark.parametrize("status", ["draft", "in_review", "changes_requested", "validated"])
def test_claim_in_the_wrong_state_is_refused(status: str) -> None:
    case = review_case(status, assigned=False)

    message = refused(case.assessment, "claim", assessor_user())

    label = AssessmentStatus(status).label
    assert message == f"Only a submitted assessment can be claimed: its status is “{label}”."


# start_review ---------------------------------------------------------------------------------


def test_start_review_by_the_assigned_assessor() -> None:
    case = review_case("submitted")

    result = assessment_transition(
        assessment=case.assessment, action="start_review", user=case.assessor, now=NOW
    )

    assert result.status == "in_review"
    assert stored(case.assessment, "status", "assessor") == ("in_review", case.assessor.pk)
    latest = Assessment.objects.get(pk=case.assessment.pk).history.first()
    assert (latest.status, latest.history_user) == ("in_review", case.assessor)


def test_start_review_by_staff_without_an_assessor() -> None:
    case = review_case("submitted", assigned=False)

    assessment_transition(
        assessment=case.assessment,
        action="start_review",
        user=UserFactory(is_staff=True),
        now=NOW,
    )

    assert stored(case.assessment, "status", "assessor") == ("in_review", None)


@pytest.mark.parametrize("who", ["lead", "contributor", "outsider", "another_assessor"])
def test_start_review_by_someone_else_is_refused(who: str) -> None:
    case = review_case("submitted")
    user = assessor_user() if who == "another_assessor" else getattr(case, who)

    message = refused(case.assessment, "start_review", user)

    assert message == (
        "Only the assessor assigned to this assessment, or an administrator, can do this."
    )


@pytest.mark.parametrize("status", ["draft", "in_review", "changes_requested", "validated"])
def test_start_review_in_the_wrong_state_is_refused(status: str) -> None:
    case = review_case(status)

    message = refused(case.assessment, "start_review", UserFactory(is_staff=True))

    label = AssessmentStatus(status).label
    assert message == (
        f"The review can start only on a submitted assessment: its status is “{label}”."
    )


def test_start_review_anonymous_is_refused() -> None:
    case = review_case("submitted")

    message = refused(case.assessment, "start_review", AnonymousUser())

    assert message == (
        "Only the assessor assigned to this assessment, or an administrator, can do this."
    )


# request_changes ------------------------------------------------------------------------------


def test_request_changes_returns_the_assessment_with_its_verdicts() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("2.2", None): "Show the import log."})
    verdicts = verdicts_snapshot(case.assessment)

    assessment_transition(
        assessment=case.assessment, action="request_changes", user=case.assessor, now=NOW
    )

    assert stored(case.assessment, "status") == ("changes_requested",)
    assert verdicts_snapshot(case.assessment) == verdicts


def test_request_changes_without_any_verdict_not_accepted_is_refused() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    message = refused(case.assessment, "request_changes", case.assessor)

    assert message == (
        "Mark at least one answer as not accepted, with a comment, before requesting changes."
    )


def test_request_changes_without_verdicts_is_refused() -> None:
    case = review_case("in_review")

    message = refused(case.assessment, "request_changes", case.assessor)

    assert message == (
        "Mark at least one answer as not accepted, with a comment, before requesting changes."
    )


def test_request_changes_with_a_blank_comment_is_refused() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("2.2", None): "   "})

    message = refused(case.assessment, "request_changes", case.assessor)

    assert message == "Every answer that is not accepted needs a comment saying what to change."


@pytest.mark.parametrize("who", ["lead", "contributor", "another_assessor"])
def test_request_changes_by_someone_else_is_refused(who: str) -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("2.2", None): "Show the import log."})
    user = assessor_user() if who == "another_assessor" else getattr(case, who)

    message = refused(case.assessment, "request_changes", user)

    assert message == (
        "Only the assessor assigned to this assessment, or an administrator, can do this."
    )


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "validated"])
def test_request_changes_in_the_wrong_state_is_refused(status: str) -> None:
    case = review_case(status)
    verdicts_all(case.assessment, case.assessor, {("2.2", None): "Show the import log."})

    message = refused(case.assessment, "request_changes", UserFactory(is_staff=True))

    label = AssessmentStatus(status).label
    assert message == (f"Changes can be requested only during the review: its status is “{label}”.")


def test_resubmission_keeps_the_verdicts_for_the_next_review() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("2.2", None): "Show the import log."})
    assessment_transition(
        assessment=case.assessment, action="request_changes", user=case.assessor, now=NOW
    )
    verdicts = verdicts_snapshot(case.assessment)

    assessment_transition(assessment=case.assessment, action="submit", user=case.lead, now=NOW)
    assessment_transition(
        assessment=case.assessment, action="start_review", user=case.assessor, now=NOW
    )

    assert stored(case.assessment, "status", "assessor") == ("in_review", case.assessor.pk)
    assert verdicts_snapshot(case.assessment) == verdicts


# validate -------------------------------------------------------------------------------------


def test_validate_records_the_stage_of_the_accepted_answers(settings: object) -> None:
    settings.DIAM_VALIDATION_VALID_DAYS = 1095  # type: ignore[attr-defined]
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    assessment_transition(
        assessment=case.assessment, action="validate", user=case.assessor, now=NOW
    )

    assert stored(
        case.assessment,
        "status",
        "validated_stage",
        "validation_reason",
        "validated_by",
        "validated_at",
        "expires_at",
        "self_assessed_stage",
    ) == ("validated", 5, "", case.assessor.pk, NOW, date(2029, 3, 3), 5)


def test_validate_expiry_follows_the_setting(settings: object) -> None:
    settings.DIAM_VALIDATION_VALID_DAYS = 30  # type: ignore[attr-defined]
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    assessment_transition(
        assessment=case.assessment, action="validate", user=case.assessor, now=NOW
    )

    assert stored(case.assessment, "expires_at") == (date(2026, 4, 3),)


def test_validate_with_answers_not_accepted_takes_the_stage_they_leave() -> None:
    # 4.4 not accepted: stage 4 is not held, so the accepted answers justify stage 3.
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("4.4", None): "Only in the ED."})

    assessment_transition(
        assessment=case.assessment, action="validate", user=case.assessor, now=NOW
    )

    assert stored(case.assessment, "status", "validated_stage", "self_assessed_stage") == (
        "validated",
        3,
        5,
    )


def test_validate_a_lower_stage_with_a_reason() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    assessment_transition(
        assessment=case.assessment,
        action="validate",
        user=case.assessor,
        now=NOW,
        stage=4,
        reason="Group A relies on a pilot.",
    )

    assert stored(case.assessment, "status", "validated_stage", "validation_reason") == (
        "validated",
        4,
        "Group A relies on a pilot.",
    )


def test_validate_by_staff() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)
    staff = UserFactory(is_staff=True)

    assessment_transition(assessment=case.assessment, action="validate", user=staff, now=NOW)

    assert stored(case.assessment, "status", "validated_by") == ("validated", staff.pk)


def test_validate_a_higher_stage_is_refused() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    message = refused(case.assessment, "validate", case.assessor, stage=6)

    assert message == (
        "The validated stage cannot be higher than stage 5, the stage the accepted answers justify."
    )


def test_validate_the_self_assessed_stage_above_the_accepted_answers_is_refused() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("4.4", None): "Only in the ED."})

    message = refused(case.assessment, "validate", case.assessor, stage=5)

    assert message == (
        "The validated stage cannot be higher than stage 3, the stage the accepted answers justify."
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_validate_a_lower_stage_without_a_reason_is_refused(reason: str) -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    message = refused(case.assessment, "validate", case.assessor, stage=3, reason=reason)

    assert message == (
        "Give a reason for validating a stage below stage 5, the stage the accepted answers "
        "justify."
    )


@pytest.mark.parametrize("stage", [-1, 8, "3", 2.5, True])
def test_validate_a_stage_that_is_not_0_to_7_is_refused(stage: object) -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)

    message = refused(case.assessment, "validate", case.assessor, stage=stage, reason="x")

    assert message == "The validated stage must be a whole number from 0 to 7."


def test_validate_with_answers_without_verdict_is_refused() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)
    Verdict.objects.filter(
        answer__assessment=case.assessment, answer__criterion__code__in=["2.2", "3.1"]
    ).delete()

    message = refused(case.assessment, "validate", case.assessor)

    assert message == (
        "2 answers have no verdict yet: record a verdict on every answer before validating."
    )


def test_validate_after_the_verdicts_changed_is_refused() -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("4.4", None): "Only in the ED."})

    message = refused(case.assessment, "validate", case.assessor, expected_stage=5)

    assert message == (
        "The verdicts changed since you opened this page: the accepted answers now justify "
        "stage 3. Check it and validate again."
    )


@pytest.mark.parametrize("who", ["lead", "contributor", "outsider", "another_assessor"])
def test_validate_by_someone_else_is_refused(who: str) -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor)
    user = assessor_user() if who == "another_assessor" else getattr(case, who)

    message = refused(case.assessment, "validate", user)

    assert message == (
        "Only the assessor assigned to this assessment, or an administrator, can do this."
    )


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "validated"])
def test_validate_in_the_wrong_state_is_refused(status: str) -> None:
    case = review_case(status)
    verdicts_all(case.assessment, case.assessor)

    message = refused(case.assessment, "validate", UserFactory(is_staff=True))

    label = AssessmentStatus(status).label
    assert message == (
        f"An assessment can be validated only during the review: its status is “{label}”."
    )


def test_submit_a_validated_assessment_is_refused() -> None:
    case = review_case("validated", validated_stage=5)

    message = refused(case.assessment, "submit", case.lead)

    assert message == "This assessment cannot be submitted now: its status is “Validated”."


# Notifications after the commit ----------------------------------------------------------------


def test_request_changes_emails_the_leads_after_the_commit(
    django_capture_on_commit_callbacks: object,
) -> None:
    case = review_case("in_review")
    verdicts_all(case.assessment, case.assessor, {("2.2", None): "Show the import log."})

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assessment_transition(
            assessment=case.assessment, action="request_changes", user=case.assessor, now=NOW
        )

    assert [message.to for message in mail.outbox] == [[case.lead.email]]


def test_refused_transition_sends_no_email(django_capture_on_commit_callbacks: object) -> None:
    case = review_case("in_review")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[operator]
        refused(case.assessment, "request_changes", case.assessor)

    assert (len(callbacks), mail.outbox) == (0, [])
