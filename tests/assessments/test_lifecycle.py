"""The life cycle: the submit transition and the list of missing required answers."""

from datetime import UTC, datetime

import pytest

from assessments.access import assessment_access
from assessments.enums import AssessmentStatus, Role
from assessments.lifecycle import (
    TRANSITIONS,
    TransitionError,
    assessment_transition,
    missing_required_answers,
)
from assessments.models import Assessment, AssessmentArea
from assessments.workspace import workspace_load
from criteria.enums import Scope
from criteria.models import Criterion
from tests.factories import AnswerFactory, MembershipFactory, UserFactory, assessment_with_areas

pytestmark = pytest.mark.usefixtures("catalog")

NOW = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)


def answer_everything(
    assessment: Assessment, overrides: dict[str, str] | None = None, skip: set[tuple] = frozenset()
) -> None:
    """Answer every required slot `met`, except `overrides` (code -> status) and `skip`
    ((code, area code or None) left unanswered)."""
    areas = [
        a.service_area
        for a in AssessmentArea.objects.filter(assessment=assessment).select_related("service_area")
    ]
    for criterion in Criterion.objects.filter(catalog=assessment.catalog, required=True):
        if criterion.scope == Scope.BASELINE:
            continue
        slots = areas if criterion.scope == Scope.AREA else [None]
        for area in slots:
            if (criterion.code, area.code if area else None) in skip:
                continue
            AnswerFactory(
                assessment=assessment,
                criterion=criterion,
                service_area=area,
                status=(overrides or {}).get(criterion.code, "met"),
            )


def snapshot(assessment: Assessment) -> dict[str, object]:
    return Assessment.objects.values().get(pk=assessment.pk)


def lead_of(assessment: Assessment) -> object:
    return MembershipFactory(organization=assessment.organization, role=Role.LEAD).user


# Groups B and C not met: with stage 4 held and group A met, the stage is 5.
STAGE_5 = {"B.1": "not_met", "C.1": "partial"}


def test_assessment_transition_submit_stores_stage_and_time() -> None:
    assessment = assessment_with_areas(["radiology", "cardiology"])
    answer_everything(assessment, STAGE_5)

    result = assessment_transition(
        assessment=assessment, action="submit", user=lead_of(assessment), now=NOW
    )

    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.status, stored.self_assessed_stage, stored.submitted_at) == (
        AssessmentStatus.SUBMITTED,
        5,
        NOW,
    )
    assert (result.pk, result.status, result.self_assessed_stage) == (assessment.pk, "submitted", 5)


def test_assessment_transition_submit_by_staff_non_member() -> None:
    assessment = assessment_with_areas(["radiology", "cardiology"])
    answer_everything(assessment)
    staff = UserFactory(is_staff=True)

    assessment_transition(assessment=assessment, action="submit", user=staff, now=NOW)

    assert Assessment.objects.values_list("status", "self_assessed_stage").get(
        pk=assessment.pk
    ) == ("submitted", 7)


def test_assessment_transition_submit_by_contributor_is_refused() -> None:
    assessment = assessment_with_areas(["radiology"])
    answer_everything(assessment)
    contributor = MembershipFactory(organization=assessment.organization).user
    before = snapshot(assessment)

    with pytest.raises(TransitionError) as error:
        assessment_transition(assessment=assessment, action="submit", user=contributor, now=NOW)

    assert error.value.message == "Only a lead of the organization can do this."
    assert snapshot(assessment) == before


def test_assessment_transition_submit_by_lead_of_another_organization_is_refused() -> None:
    assessment = assessment_with_areas(["radiology"])
    answer_everything(assessment)
    outsider = MembershipFactory(role=Role.LEAD).user
    before = snapshot(assessment)

    with pytest.raises(TransitionError) as error:
        assessment_transition(assessment=assessment, action="submit", user=outsider, now=NOW)

    assert error.value.message == "Only a lead of the organization can do this."
    assert snapshot(assessment) == before


def test_assessment_transition_submit_twice_is_refused() -> None:
    assessment = assessment_with_areas(["radiology"])
    answer_everything(assessment)
    lead = lead_of(assessment)
    assessment_transition(assessment=assessment, action="submit", user=lead, now=NOW)
    before = snapshot(assessment)

    with pytest.raises(TransitionError) as error:
        assessment_transition(
            assessment=assessment, action="submit", user=lead, now=datetime(2027, 1, 1, tzinfo=UTC)
        )

    assert error.value.message == (
        "This assessment cannot be submitted now: its status is “Submitted”."
    )
    assert snapshot(assessment) == before


@pytest.mark.parametrize("status", ["in_review", "validated"])
def test_assessment_transition_submit_from_other_states_is_refused(status: str) -> None:
    assessment = assessment_with_areas(["radiology"], status=status)
    answer_everything(assessment)
    before = snapshot(assessment)

    with pytest.raises(TransitionError):
        assessment_transition(
            assessment=assessment, action="submit", user=lead_of(assessment), now=NOW
        )

    assert snapshot(assessment) == before


def test_assessment_transition_resubmit_after_changes_requested() -> None:
    assessment = assessment_with_areas(
        ["radiology", "cardiology"],
        status="changes_requested",
        self_assessed_stage=7,
        submitted_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    answer_everything(assessment, STAGE_5)

    assessment_transition(assessment=assessment, action="submit", user=lead_of(assessment), now=NOW)

    assert Assessment.objects.values_list("status", "self_assessed_stage", "submitted_at").get(
        pk=assessment.pk
    ) == ("submitted", 5, NOW)


def test_assessment_transition_is_recorded_in_the_history_with_its_user() -> None:
    assessment = assessment_with_areas(["radiology", "cardiology"])
    answer_everything(assessment)
    lead = lead_of(assessment)

    assessment_transition(assessment=assessment, action="submit", user=lead, now=NOW)

    latest = Assessment.objects.get(pk=assessment.pk).history.first()
    assert (latest.status, latest.history_user) == ("submitted", lead)


def test_assessment_transition_submit_with_missing_answers_is_refused() -> None:
    assessment = assessment_with_areas(["radiology", "cardiology"])
    answer_everything(assessment, skip={("2.1", "cardiology"), ("3.1", None)})
    before = snapshot(assessment)

    with pytest.raises(TransitionError) as error:
        assessment_transition(
            assessment=assessment, action="submit", user=lead_of(assessment), now=NOW
        )

    assert error.value.message == (
        "2 required answers are still missing: answer them before submitting."
    )
    assert snapshot(assessment) == before


def test_assessment_transition_submit_ignores_optional_criteria() -> None:
    # 1.2 is optional (informational): leaving it unanswered does not block.
    assessment = assessment_with_areas(["radiology"])
    answer_everything(assessment)

    result = assessment_transition(
        assessment=assessment, action="submit", user=lead_of(assessment), now=NOW
    )

    assert result.status == AssessmentStatus.SUBMITTED


def test_assessment_transition_submit_with_changed_stage_is_refused() -> None:
    assessment = assessment_with_areas(["radiology", "cardiology"])
    answer_everything(assessment, STAGE_5)
    before = snapshot(assessment)

    with pytest.raises(TransitionError) as error:
        assessment_transition(
            assessment=assessment,
            action="submit",
            user=lead_of(assessment),
            now=NOW,
            expected_stage=6,
        )

    assert error.value.message == (
        "The answers changed since you opened this page: the stage is now 5. "
        "Check it and confirm again."
    )
    assert snapshot(assessment) == before


def test_assessment_transition_unknown_action_is_refused() -> None:
    assessment = assessment_with_areas(["radiology"])
    before = snapshot(assessment)

    with pytest.raises(TransitionError) as error:
        assessment_transition(
            assessment=assessment, action="approve", user=lead_of(assessment), now=NOW
        )

    assert error.value.message == "Unknown action “approve”."
    assert snapshot(assessment) == before


def test_transition_error_is_a_value_error() -> None:
    assert issubclass(TransitionError, ValueError)


def test_transitions_table_submit_goes_to_submitted_by_a_lead() -> None:
    submit = TRANSITIONS["submit"]

    assert (submit.sources, submit.target, submit.who) == (
        frozenset({"draft", "changes_requested"}),
        "submitted",
        "lead",
    )


def test_missing_required_answers_lists_slots_in_survey_order_with_links() -> None:
    assessment = assessment_with_areas(["radiology", "cardiology"])
    answer_everything(
        assessment, skip={("1.1", "cardiology"), ("2.1", "radiology"), ("3.1", None), ("C.4", None)}
    )
    lead = lead_of(assessment)
    workspace = workspace_load(assessment_access(lead, assessment.pk))

    missing = missing_required_answers(workspace)

    pk = assessment.pk
    assert [(m.criterion.code, m.area.code if m.area else None, m.url) for m in missing] == [
        ("1.1", "cardiology", f"/assessments/{pk}/sections/stage-1/#s-1_1-cardiology"),
        ("2.1", "radiology", f"/assessments/{pk}/sections/stage-2/#s-2_1-radiology"),
        ("3.1", None, f"/assessments/{pk}/sections/stage-3/#s-3_1"),
        ("C.4", None, f"/assessments/{pk}/sections/group-c/#s-C_4"),
    ]


def test_missing_required_answers_counts_the_engine_required_slots() -> None:
    assessment = assessment_with_areas(["radiology", "cardiology", "pathology"])
    lead = lead_of(assessment)
    workspace = workspace_load(assessment_access(lead, assessment.pk))

    missing = missing_required_answers(workspace)

    # 22 enterprise criteria + 5 required area criteria x 3 areas.
    assert (len(missing), workspace.score.required) == (37, 37)
