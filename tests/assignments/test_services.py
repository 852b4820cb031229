"""Assigning sections: the rules of an assignment, and the e-mail to its assignee."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from assignments.models import SectionAssignment
from assignments.services import section_assignment_delete, section_assignment_save
from tests.assignments.conftest import Team
from tests.assignments.factories import SectionAssignmentFactory
from tests.factories import MembershipFactory, UserFactory

TODAY = date(2026, 6, 1)


def assign(team: Team, **kwargs: object) -> SectionAssignment:
    values: dict[str, object] = {
        "assessment": team.assessment,
        "section": "stage-2",
        "assignee": team.contributor,
        "due_date": date(2026, 6, 15),
        "assigned_by": team.lead,
        "today": TODAY,
        **kwargs,
    }
    return section_assignment_save(**values)  # type: ignore[arg-type]


def test_section_assignment_save_creates_the_assignment_with_history(
    team: Team, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign(team)

    saved = SectionAssignment.objects.get()
    assert (saved.pk, saved.section, saved.assignee, saved.due_date, saved.assigned_by) == (
        assignment.pk,
        "stage-2",
        team.contributor,
        date(2026, 6, 15),
        team.lead,
    )
    assert saved.history.count() == 1
    assert [message.to for message in mail.outbox] == [["carl@example.org"]]


def test_section_assignment_is_unique_per_assessment_and_section(team: Team) -> None:
    SectionAssignmentFactory(assessment=team.assessment, section="group-a")
    SectionAssignmentFactory(assessment=team.assessment, section="group-b")

    with pytest.raises(IntegrityError):
        SectionAssignmentFactory(assessment=team.assessment, section="group-a")


def test_section_assignment_save_reassigns_the_section_and_mails_the_new_assignee_only(
    team: Team, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    assign(team)
    other = MembershipFactory(
        organization=team.assessment.organization, user=UserFactory(username="olga")
    ).user

    with django_capture_on_commit_callbacks(execute=True):
        assign(team, assignee=other, due_date=date(2026, 7, 1))
        assign(team, assignee=other, due_date=date(2026, 7, 2))  # only the date: no e-mail

    assert list(SectionAssignment.objects.values_list("assignee__username", "due_date")) == [
        ("olga", date(2026, 7, 2))
    ]
    assert [message.to for message in mail.outbox] == [["olga@example.org"]]


def test_section_assignment_save_unchanged_writes_nothing(
    team: Team, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    assignment = assign(team)

    with django_capture_on_commit_callbacks(execute=True):
        again = assign(team)

    assert again.pk == assignment.pk
    assert assignment.history.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"section": "stage-9"}, "section", "Choose one of the survey's sections."),
        ({"section": "baseline"}, "section", "Choose one of the survey's sections."),
        ({"due_date": date(2026, 5, 31)}, "due_date", "Choose a due date from today on."),
    ],
)
def test_section_assignment_save_refuses_bad_input(
    team: Team, change: dict[str, object], field: str, error: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        assign(team, **change)

    assert raised.value.message_dict == {field: [error]}
    assert SectionAssignment.objects.count() == 0


def test_section_assignment_save_refuses_someone_outside_the_organization(team: Team) -> None:
    with pytest.raises(ValidationError) as raised:
        assign(team, assignee=team.outsider)

    assert raised.value.message_dict == {
        "assignee": ["Choose an active member of the organization."]
    }
    assert SectionAssignment.objects.count() == 0


def test_section_assignment_save_refuses_an_inactive_member(team: Team) -> None:
    team.contributor.is_active = False
    team.contributor.save()

    with pytest.raises(ValidationError) as raised:
        assign(team)

    assert raised.value.message_dict == {
        "assignee": ["Choose an active member of the organization."]
    }


def test_section_assignment_save_due_today_is_allowed(team: Team) -> None:
    assert assign(team, due_date=TODAY).due_date == TODAY


def test_section_assignment_delete_removes_only_that_section(team: Team) -> None:
    assign(team)
    assign(team, section="group-c")

    assert section_assignment_delete(assessment=team.assessment, section="stage-2") is True
    assert section_assignment_delete(assessment=team.assessment, section="stage-2") is False
    assert list(SectionAssignment.objects.values_list("section", flat=True)) == ["group-c"]


def test_section_assigned_email_subject_and_body(
    team: Team, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign(team, section="group-a")

    [message] = mail.outbox
    assert message.subject == "Assigned to you: Group A of Survey 2026"
    assert message.body.splitlines() == [
        "Hello Carl Contributor,",
        "",
        "Lena Lead assigned you “Group A: External image exchange and patient engagement” of "
        "the assessment “Survey 2026” of St. Example, due on June 15, 2026.",
        "",
        "Answer its questions here:",
        f"https://diam.example.org/assessments/{assignment.assessment_id}/sections/group-a/",
    ]


def test_section_assigned_email_skips_an_assignee_without_address(
    team: Team, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    team.contributor.email = ""
    team.contributor.save()

    with django_capture_on_commit_callbacks(execute=True):
        assign(team)

    assert SectionAssignment.objects.count() == 1
    assert mail.outbox == []
