"""manage.py send_due_reminders: one reminder per assignment and due date, in the due window."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from assessments.enums import AssessmentStatus
from assessments.models import Assessment
from assignments.models import DueReminder, SectionAssignment
from criteria.models import Criterion, ServiceArea
from tests.assignments.conftest import Team
from tests.assignments.factories import SectionAssignmentFactory
from tests.factories import AnswerFactory

TODAY = date(2026, 6, 1)


def run(*args: str) -> str:
    out = StringIO()
    with freeze_time("2026-06-01 08:00:00"):
        call_command("send_due_reminders", *args, stdout=out)
    return out.getvalue()


def assignment(team: Team, section: str, due_date: date) -> SectionAssignment:
    return SectionAssignmentFactory(
        assessment=team.assessment,
        section=section,
        assignee=team.contributor,
        due_date=due_date,
        assigned_by=team.lead,
    )


def reminded() -> list[tuple[str, date]]:
    return sorted(DueReminder.objects.values_list("assignment__section", "due_date"))


def test_send_due_reminders_only_for_sections_due_in_the_next_three_days(team: Team) -> None:
    assignment(team, "stage-1", date(2026, 5, 31))  # overdue: the lead follows up, not e-mail
    assignment(team, "stage-2", date(2026, 6, 1))
    assignment(team, "stage-3", date(2026, 6, 4))
    assignment(team, "stage-4", date(2026, 6, 5))

    output = run()

    assert output == "2 reminder(s) sent.\n"
    assert reminded() == [("stage-2", date(2026, 6, 1)), ("stage-3", date(2026, 6, 4))]
    assert sorted(message.subject for message in mail.outbox) == [
        "Due on June 1, 2026: Stage 2 of Survey 2026",
        "Due on June 4, 2026: Stage 3 of Survey 2026",
    ]


def test_send_due_reminders_days_option_widens_the_window(team: Team) -> None:
    assignment(team, "stage-4", date(2026, 6, 5))
    assignment(team, "group-a", date(2026, 6, 7))

    assert run("--days", "4") == "1 reminder(s) sent.\n"
    assert reminded() == [("stage-4", date(2026, 6, 5))]


def test_send_due_reminders_twice_sends_each_reminder_once(team: Team) -> None:
    assignment(team, "stage-2", date(2026, 6, 3))

    first = run()
    second = run()

    assert (first, second) == ("1 reminder(s) sent.\n", "0 reminder(s) sent.\n")
    assert len(mail.outbox) == 1
    assert DueReminder.objects.count() == 1


def test_send_due_reminders_a_new_due_date_gets_its_own_reminder(team: Team) -> None:
    due = assignment(team, "stage-2", date(2026, 6, 2))
    run()
    SectionAssignment.objects.filter(pk=due.pk).update(due_date=date(2026, 6, 4))

    assert run() == "1 reminder(s) sent.\n"
    assert reminded() == [("stage-2", date(2026, 6, 2)), ("stage-2", date(2026, 6, 4))]


def test_send_due_reminders_skips_complete_sections_and_submitted_assessments(
    team: Team,
) -> None:
    assignment(team, "stage-2", date(2026, 6, 2))
    for area in ServiceArea.objects.filter(code__in=["radiology", "cardiology"]):
        AnswerFactory(
            assessment=team.assessment,
            criterion=Criterion.objects.get(code="2.1"),
            service_area=area,
        )
    AnswerFactory(assessment=team.assessment, criterion=Criterion.objects.get(code="2.2"))
    assignment(team, "group-c", date(2026, 6, 2))
    Assessment.objects.filter(pk=team.assessment.pk).update(status=AssessmentStatus.SUBMITTED)

    assert run() == "0 reminder(s) sent.\n"
    Assessment.objects.filter(pk=team.assessment.pk).update(status=AssessmentStatus.DRAFT)
    assert run() == "1 reminder(s) sent.\n"
    assert reminded() == [("group-c", date(2026, 6, 2))]


def test_send_due_reminders_skips_former_members_and_retries_unsent_ones(team: Team) -> None:
    assignment(team, "stage-2", date(2026, 6, 2))
    team.contributor.email = ""
    team.contributor.save()

    assert run() == "0 reminder(s) sent.\n"
    assert DueReminder.objects.count() == 0
    team.contributor.email = "carl@example.org"
    team.contributor.save()
    assert run() == "1 reminder(s) sent.\n"
    team.contributor.memberships.all().delete()
    SectionAssignment.objects.update(due_date=date(2026, 6, 3))
    assert run() == "0 reminder(s) sent.\n"


def test_send_due_reminders_email_subject_and_body(team: Team) -> None:
    due = assignment(team, "stage-3", date(2026, 6, 3))
    AnswerFactory(assessment=team.assessment, criterion=Criterion.objects.get(code="3.1"))

    run()

    [message] = mail.outbox
    assert message.to == ["carl@example.org"]
    assert message.subject == "Due on June 3, 2026: Stage 3 of Survey 2026"
    assert message.body.splitlines() == [
        "Hello Carl Contributor,",
        "",
        "The section “Stage 3: Enterprise imaging strategy and governance” of the assessment "
        "“Survey 2026” of St. Example is due on June 3, 2026.",
        "1 of 6 required answers are given.",
        "",
        "Answer the remaining questions here:",
        f"https://diam.example.org/assessments/{due.assessment_id}/sections/stage-3/",
    ]


def test_send_due_reminders_refuses_negative_days(team: Team) -> None:
    with pytest.raises(CommandError, match="--days must be 0 or more, not -1"):
        run("--days", "-1")
