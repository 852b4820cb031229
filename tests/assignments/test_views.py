"""The assignments page: leads (and admins) assign sections; members read; outsiders get 404."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from assessments.enums import AssessmentStatus
from assessments.models import Assessment
from assignments.models import SectionAssignment
from tests.assignments.conftest import Team
from tests.assignments.factories import SectionAssignmentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with freeze_time("2026-06-01 08:00:00"):
        yield


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def url(team: Team) -> str:
    return reverse("assessment_assignments", args=[team.assessment.pk])


def assign_data(team: Team, section: str = "stage-2", **fields: str) -> dict[str, str]:
    return {
        "section": section,
        "action": "assign",
        f"{section}-assignee": str(team.contributor.pk),
        f"{section}-due_date": "2026-06-15",
        **{f"{section}-{name}": value for name, value in fields.items()},
    }


def messages_of(response: HttpResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def assignments() -> list[tuple[str, str, date]]:
    return list(
        SectionAssignment.objects.order_by("section").values_list(
            "section", "assignee__username", "due_date"
        )
    )


def test_assignments_anonymous_redirects_to_login(client: Client, team: Team) -> None:
    response = client.post(url(team), assign_data(team))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url(team)}"
    assert assignments() == []


def test_assignments_member_of_another_organization_gets_404(team: Team) -> None:
    client = client_for(team.outsider)

    assert client.get(url(team)).status_code == 404
    assert client.post(url(team), assign_data(team)).status_code == 404
    assert assignments() == []


def test_assignments_contributor_reads_but_cannot_assign(team: Team) -> None:
    SectionAssignmentFactory(
        assessment=team.assessment, section="stage-3", assignee=team.contributor
    )
    client = client_for(team.contributor)

    response = client.get(url(team))
    refused = client.post(url(team), assign_data(team))

    assert response.status_code == 200
    assert response.context["rows"][2].assignment.section == "stage-3"
    assert [row.form for row in response.context["rows"]] == [None] * 7
    assert refused.status_code == 403
    assert assignments() == [("stage-3", "carl", date(2026, 6, 30))]


def test_assignments_lead_sees_every_section_with_its_progress(team: Team) -> None:
    response = client_for(team.lead).get(url(team))

    assert response.status_code == 200
    assert [
        (row.section.slug, row.progress.answered, row.progress.expected, row.assignment)
        for row in response.context["rows"]
    ] == [
        ("stage-1", 0, 2, None),
        ("stage-2", 0, 3, None),
        ("stage-3", 0, 6, None),
        ("stage-4", 0, 6, None),
        ("group-a", 0, 5, None),
        ("group-b", 0, 6, None),
        ("group-c", 0, 4, None),
    ]
    form = response.context["rows"][0].form
    assert [user.username for user in form.fields["assignee"].queryset] == ["carl", "lena"]


def test_assignments_lead_assigns_a_section(team: Team, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.lead).post(url(team), assign_data(team))

    assert response.status_code == 302
    assert response["Location"] == url(team)
    assert assignments() == [("stage-2", "carl", date(2026, 6, 15))]
    assert SectionAssignment.objects.get().assigned_by == team.lead
    assert messages_of(response) == ["Stage 2 is assigned to Carl Contributor."]
    assert [message.to for message in mail.outbox] == [["carl@example.org"]]


def test_assignments_admin_assigns_a_section(team: Team) -> None:
    staff = UserFactory(username="sam", is_staff=True)

    response = client_for(staff).post(url(team), assign_data(team, "group-b"))

    assert response.status_code == 302
    assert assignments() == [("group-b", "carl", date(2026, 6, 15))]


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"due_date": "2026-05-31"}, "due_date", "Choose a due date from today on."),
        ({"due_date": "next week"}, "due_date", "Enter the due date as a date, like 2026-06-30."),
        ({"due_date": ""}, "due_date", "This field is required."),
        ({"assignee": ""}, "assignee", "This field is required."),
        ({"assignee": "999999"}, "assignee", "Choose an active member of the organization."),
    ],
)
def test_assignments_bad_input_is_explained_and_changes_nothing(
    team: Team, fields: dict[str, str], field: str, error: str
) -> None:
    response = client_for(team.lead).post(url(team), assign_data(team, **fields))

    assert response.status_code == 200
    form = response.context["rows"][1].form
    assert form.errors == {field: [error]}
    assert f'aria-describedby="id_stage-2-{field}-errors"' in response.content.decode()
    assert assignments() == []
    assert mail.outbox == []


def test_assignments_outsider_as_assignee_is_refused(team: Team) -> None:
    response = client_for(team.lead).post(
        url(team), assign_data(team, assignee=str(team.outsider.pk))
    )

    assert response.context["rows"][1].form.errors == {
        "assignee": ["Choose an active member of the organization."]
    }
    assert assignments() == []


def test_assignments_unknown_section_is_explained_and_changes_nothing(team: Team) -> None:
    response = client_for(team.lead).post(url(team), assign_data(team, "stage-9"))

    assert response.status_code == 302
    assert messages_of(response) == ["Choose one of the survey's sections."]
    assert assignments() == []


def test_assignments_lead_unassigns_a_section(team: Team) -> None:
    SectionAssignmentFactory(assessment=team.assessment, section="stage-2")
    SectionAssignmentFactory(assessment=team.assessment, section="stage-3")

    response = client_for(team.lead).post(url(team), {"section": "stage-2", "action": "unassign"})

    assert response.status_code == 302
    assert messages_of(response) == ["Stage 2 is unassigned."]
    assert [section for section, _user, _date in assignments()] == ["stage-3"]


def test_assignments_of_a_submitted_assessment_are_read_only(team: Team) -> None:
    SectionAssignmentFactory(assessment=team.assessment, section="stage-2")
    Assessment.objects.filter(pk=team.assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    client = client_for(team.lead)

    response = client.get(url(team))
    refused = client.post(url(team), {"section": "stage-2", "action": "unassign"})

    assert [row.form for row in response.context["rows"]] == [None] * 7
    assert refused.status_code == 403
    assert len(assignments()) == 1
