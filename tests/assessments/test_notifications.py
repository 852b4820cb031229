"""E-mail notifications of the transitions: who gets them, their subjects and links."""

import logging
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from pytest_django.fixtures import Settings

from assessments.access import ASSESSORS_GROUP
from assessments.enums import AssessmentStatus, Role
from assessments.models import Assessment
from assessments.notifications import transition_notify
from criteria.models import Criterion, ServiceArea
from tests.assessments.audit_factories import member, verdict_record
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

BASE = "https://diam.example.org"


@pytest.fixture(autouse=True)
def base_url(settings: Settings) -> None:
    settings.DIAM_BASE_URL = BASE + "/"


@pytest.fixture
def setup(catalog):  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="St. Example")
    assessment = assessment_with_areas(
        ["radiology", "cardiology"], organization=organization, title="Survey 2026"
    )
    Assessment.objects.filter(pk=assessment.pk).update(self_assessed_stage=5)
    assessment.refresh_from_db()
    return {
        "assessment": assessment,
        "lead": member(assessment, "lena", Role.LEAD, email="lena@example.org"),
        "contributor": member(assessment, "carl", email="carl@example.org"),
    }


def assessor(username: str, **kwargs):  # type: ignore[no-untyped-def]
    user = UserFactory(username=username, **kwargs)
    user.groups.add(Group.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    return user


def sent() -> list[tuple[list[str], str]]:
    return [(message.to, message.subject) for message in mail.outbox]


def url(name: str, assessment: Assessment) -> str:
    return BASE + reverse(name, args=[assessment.pk])


# Submission


def test_transition_notify_submit_goes_to_assigned_assessor_with_review_link(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    assessment.assessor = assessor("ada", email="ada@example.org", first_name="Ada")
    assessor("oscar", email="oscar@example.org")

    count = transition_notify(assessment=assessment, action="submit", actor=setup["lead"])

    assert count == 1
    assert sent() == [(["ada@example.org"], "Assessment submitted: St. Example — Survey 2026")]
    body = mail.outbox[0].body.splitlines()
    assert body[0] == "Hello Ada,"
    assert "St. Example submitted the assessment “Survey 2026” for review." in body
    assert "Submitted by: lena" in body
    assert "Self-assessed stage: 5" in body
    assert f"{BASE}/assessments/{assessment.pk}/review/" in body


def test_transition_notify_submit_without_assessor_goes_to_every_active_assessor(setup) -> None:  # type: ignore[no-untyped-def]
    assessor("ada", email="ada@example.org")
    assessor("oscar", email="oscar@example.org")
    assessor("nomail", email="")
    assessor("gone", email="gone@example.org", is_active=False)
    UserFactory(username="admin", email="admin@example.org", is_staff=True)

    transition_notify(assessment=setup["assessment"], action="submit", actor=setup["lead"])

    subject = "Assessment submitted: St. Example — Survey 2026"
    assert sent() == [(["ada@example.org"], subject), (["oscar@example.org"], subject)]


def test_transition_notify_submit_without_any_assessor_goes_to_staff_with_email(setup) -> None:  # type: ignore[no-untyped-def]
    UserFactory(username="admin", email="admin@example.org", is_staff=True)
    UserFactory(username="root", email="", is_staff=True)
    assessor("nomail", email="")

    transition_notify(assessment=setup["assessment"], action="submit", actor=setup["lead"])

    assert sent() == [(["admin@example.org"], "Assessment submitted: St. Example — Survey 2026")]


def test_transition_notify_submit_assigned_assessor_without_email_sends_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    assessment.assessor = assessor("ada", email="")
    assessor("oscar", email="oscar@example.org")

    count = transition_notify(assessment=assessment, action="submit", actor=setup["lead"])

    assert (count, sent()) == (0, [])


def test_transition_notify_resubmission_flag_changes_subject_and_text(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    assessment.assessor = assessor("ada", email="ada@example.org")

    transition_notify(
        assessment=assessment, action="submit", actor=setup["lead"], resubmission=True
    )

    assert sent() == [(["ada@example.org"], "Assessment resubmitted: St. Example — Survey 2026")]
    assert (
        "St. Example resubmitted the assessment “Survey 2026” after the changes you requested. "
        "The review starts from your previous verdicts."
    ) in mail.outbox[0].body.splitlines()


def test_transition_notify_resubmission_detected_from_history(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    assessment.assessor = assessor("ada", email="ada@example.org")
    # Arrangement: the history of an assessment returned once, then submitted again.
    for status in (AssessmentStatus.CHANGES_REQUESTED, AssessmentStatus.SUBMITTED):
        assessment.status = status
        assessment.save()

    transition_notify(assessment=assessment, action="submit", actor=setup["lead"])

    assert sent() == [(["ada@example.org"], "Assessment resubmitted: St. Example — Survey 2026")]


def test_transition_notify_first_submission_is_not_a_resubmission(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    assessment.assessor = assessor("ada", email="ada@example.org")
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()

    transition_notify(assessment=assessment, action="submit", actor=setup["lead"])

    assert sent() == [(["ada@example.org"], "Assessment submitted: St. Example — Survey 2026")]


# Changes requested and validation: the organization's leads


def test_transition_notify_request_changes_goes_to_leads_with_count_and_link(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    ada = assessor("ada", email="ada@example.org")
    member(assessment, "lou", Role.LEAD, email="lou@example.org")
    member(assessment, "lead-nomail", Role.LEAD, email="")
    MembershipFactory(role=Role.LEAD, user=UserFactory(username="elsewhere"))
    criterion = Criterion.objects.get(code="1.1")
    for area, accepted in (("radiology", False), ("cardiology", False)):
        answer = AnswerFactory(
            assessment=assessment,
            criterion=criterion,
            service_area=ServiceArea.objects.get(code=area),
        )
        verdict_record(answer, accepted=accepted, comment="Why", by=ada)
    accepted_answer = AnswerFactory(
        assessment=assessment, criterion=Criterion.objects.get(code="2.2")
    )
    verdict_record(accepted_answer, accepted=True, by=ada)

    transition_notify(assessment=assessment, action="request_changes", actor=ada)

    subject = "Changes requested: St. Example — Survey 2026"
    assert sent() == [(["lena@example.org"], subject), (["lou@example.org"], subject)]
    body = mail.outbox[0].body.splitlines()
    assert "2 answers were not accepted: the assessor's comments say why." in body
    assert url("assessment_detail", assessment) in body


def test_transition_notify_request_changes_lists_each_challenged_answer(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    ada = assessor("ada", first_name="Ada", last_name="Assessor")
    radiology = AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="1.1"),
        service_area=ServiceArea.objects.get(code="radiology"),
    )
    verdict_record(radiology, accepted=False, comment="Show the PACS contract.", by=ada)
    enterprise = AnswerFactory(assessment=assessment, criterion=Criterion.objects.get(code="2.2"))
    verdict_record(enterprise, accepted=False, comment="The policy is a draft.", by=ada)
    accepted = AnswerFactory(assessment=assessment, criterion=Criterion.objects.get(code="2.1"))
    verdict_record(accepted, accepted=True, by=ada)

    transition_notify(assessment=assessment, action="request_changes", actor=ada)

    stage_1 = BASE + reverse("assessment_section", args=[assessment.pk, "stage-1"])
    stage_2 = BASE + reverse("assessment_section", args=[assessment.pk, "stage-2"])
    assert mail.outbox[0].body == (
        "Hello lena,\n\n"
        "The assessor reviewed the assessment “Survey 2026” and requested changes.\n\n"
        "2 answers were not accepted: the assessor's comments say why.\n\n"
        "- 1.1 Specialized imaging information systems installed · Radiology\n"
        "  Assessor's comment: Show the PACS contract.\n"
        f"  {stage_1}#s-1_1-radiology\n\n"
        "- 2.2 External images can be imported · Organization\n"
        "  Assessor's comment: The policy is a draft.\n"
        f"  {stage_2}#s-2_2\n\n"
        "Change those answers (and their evidence), or answer the assessor in the discussion "
        "under each one, then a lead submits the assessment again.\n\n"
        "Open the assessment here:\n"
        f"{url('assessment_detail', assessment)}\n\n"
    )


def test_transition_notify_validate_goes_to_leads_with_stages_expiry_and_results_link(
    setup,
) -> None:  # type: ignore[no-untyped-def]
    assessment = setup["assessment"]
    ada = assessor("ada", email="ada@example.org")
    assessment.validated_stage = 4
    assessment.validation_reason = "Group A evidence is missing."
    assessment.expires_at = date(2029, 3, 4)

    transition_notify(assessment=assessment, action="validate", actor=ada)

    assert sent() == [(["lena@example.org"], "Assessment validated: St. Example — Survey 2026")]
    body = mail.outbox[0].body.splitlines()
    assert body[4:8] == [
        "Validated stage: 4",
        "Self-assessed stage: 5",
        "Reason for the validated stage: Group A evidence is missing.",
        "Valid until: March 4, 2029",
    ]
    assert url("assessment_results", assessment) in body


# Robustness


def test_transition_notify_other_action_sends_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    count = transition_notify(
        assessment=setup["assessment"], action="start_review", actor=setup["lead"]
    )

    assert (count, sent()) == (0, [])


def test_transition_notify_send_failure_is_logged_not_raised(setup, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    def broken_send(self: EmailMessage, fail_silently: bool = False) -> int:
        raise OSError("SMTP down")

    monkeypatch.setattr(EmailMessage, "send", broken_send)

    with caplog.at_level(logging.ERROR, logger="assessments.notifications"):
        count = transition_notify(
            assessment=setup["assessment"], action="validate", actor=setup["lead"]
        )

    assert count == 0
    assert [r.getMessage() for r in caplog.records] == [
        f"assessment {setup['assessment'].pk}: notification of validate to user "
        f"{setup['lead'].pk} failed"
    ]
