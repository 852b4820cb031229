"""The home page: organizations, their assessments, completion, stage and last change."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from assessments.enums import AssessmentStatus, Role
from assessments.models import Answer, Assessment
from assessments.selectors import assessment_summaries
from criteria.models import Criterion, ServiceArea
from tests.assignments.factories import SectionAssignmentFactory
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture(autouse=True)
def utc(settings: object) -> None:
    """Dates below are checked as rendered in UTC, whatever TIME_ZONE the environment sets."""
    settings.TIME_ZONE = "UTC"  # type: ignore[attr-defined]


AREAS = ["radiology", "cardiology", "pathology", "endoscopy"]
# Four active areas: 22 required enterprise answers + 5 required area criteria x 4 areas = 42.
# These twelve answers reach stage 3 (stage 4 has none).
KNOWN_ANSWERS = [
    ("1.1", "radiology"),
    ("1.1", "cardiology"),
    ("2.1", "radiology"),
    ("2.1", "cardiology"),
    ("2.1", "pathology"),
    ("2.2", None),
    ("3.1", None),
    ("3.2", None),
    ("3.3", "radiology"),
    ("3.3", "cardiology"),
    ("3.4", None),
    ("3.5", None),
]


def answer_all(
    assessment: Assessment, answers: list[tuple[str, str | None]], **kwargs: object
) -> None:
    criteria = {c.code: c for c in Criterion.objects.filter(catalog=assessment.catalog)}
    areas = {a.code: a for a in ServiceArea.objects.all()}
    for code, area in answers:
        AnswerFactory(
            assessment=assessment,
            criterion=criteria[code],
            service_area=areas[area] if area else None,
            status="met",
            **kwargs,
        )


def known_assessment(**kwargs: object) -> Assessment:
    author = UserFactory(username="jdoe", first_name="Jane", last_name="Doe")
    assessment = assessment_with_areas(AREAS, **kwargs)
    answer_all(assessment, KNOWN_ANSWERS, updated_by=author)
    return assessment


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_home_anonymous_redirects_to_login(client: Client) -> None:
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_home_member_sees_completion_stage_and_last_change() -> None:
    membership = MembershipFactory(
        role=Role.CONTRIBUTOR,
        organization=OrganizationFactory(name="St. Example", country="FR", kind="health-system"),
    )
    assessment = known_assessment(organization=membership.organization, title="Survey 2026")
    changed = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
    Answer.objects.filter(assessment=assessment).update(updated_at=datetime(2026, 1, 1, tzinfo=UTC))
    Answer.objects.filter(assessment=assessment, criterion__code="3.5").update(updated_at=changed)
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))

    response = client_for(membership.user).get(reverse("home"))

    assert response.status_code == 200
    assertContains(
        response,
        f'<h2 class="h4 mb-1" id="organization-{membership.organization.pk}">St. Example</h2>',
        html=True,
    )
    assertContains(response, "France · Health system ·")
    assertContains(response, "Your role: Contributor")
    assertContains(response, f'<a href="/assessments/{assessment.pk}/">Survey 2026</a>', html=True)
    assertContains(response, "<td>Draft</td>", html=True)
    assertContains(
        response,
        '<div class="progress" role="progressbar" aria-valuenow="12" aria-valuemin="0"'
        ' aria-valuemax="42" aria-label="Completion of Survey 2026">'
        '<div class="progress-bar pct-25"></div></div>',
        html=True,
    )
    assertContains(response, '<span class="small">12 of 42</span>', html=True)
    assertContains(response, "<td>Stage 3</td>", html=True)
    assertContains(response, '<time datetime="2026-03-04T10:30:00+00:00">', count=1)
    assertContains(response, '<span class="small">by Jane Doe</span>', html=True)


def test_home_last_change_is_the_assessment_when_later_than_its_answers() -> None:
    membership = MembershipFactory()
    assessment = known_assessment(organization=membership.organization)
    Answer.objects.filter(assessment=assessment).update(updated_at=datetime(2026, 1, 1, tzinfo=UTC))
    Assessment.objects.filter(pk=assessment.pk).update(
        updated_at=datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
    )

    response = client_for(membership.user).get(reverse("home"))

    assertContains(response, '<time datetime="2026-02-01T08:00:00+00:00">', count=1)
    assertNotContains(response, "by Jane Doe")


def test_home_lead_sees_management_buttons() -> None:
    membership = MembershipFactory(role=Role.LEAD)
    slug = membership.organization.slug

    response = client_for(membership.user).get(reverse("home"))

    assertContains(response, f'href="/organizations/{slug}/assessments/new/"', count=1)
    assertContains(response, f'href="/organizations/{slug}/"', count=1)
    assertContains(response, f'href="/organizations/{slug}/members/"', count=1)


def test_home_contributor_sees_no_management_buttons() -> None:
    membership = MembershipFactory(role=Role.CONTRIBUTOR)
    slug = membership.organization.slug

    response = client_for(membership.user).get(reverse("home"))

    assertNotContains(response, f'href="/organizations/{slug}/assessments/new/"')
    assertNotContains(response, f'href="/organizations/{slug}/"')
    assertContains(response, f'href="/organizations/{slug}/members/"', count=1)


def test_home_other_organization_is_not_listed() -> None:
    membership = MembershipFactory(organization=OrganizationFactory(name="Mine"))
    other = assessment_with_areas(["radiology"], organization=OrganizationFactory(name="Theirs"))

    response = client_for(membership.user).get(reverse("home"))

    assertContains(response, "Mine")
    assertNotContains(response, "Theirs")
    assertNotContains(response, f"/assessments/{other.pk}/")


def test_home_without_organization_shows_empty_state() -> None:
    response = client_for(UserFactory()).get(reverse("home"))

    assert response.status_code == 200
    assertContains(response, "You are not a member of any organization yet.")


def test_home_shows_human_status_label() -> None:
    membership = MembershipFactory()
    assessment_with_areas(
        ["radiology"], organization=membership.organization, status=AssessmentStatus.IN_REVIEW
    )

    response = client_for(membership.user).get(reverse("home"))

    assertContains(response, "<td>In review</td>", html=True)


def test_home_staff_sees_every_organization_fifty_per_page() -> None:
    OrganizationFactory.create_batch(51)
    staff = client_for(UserFactory(is_staff=True))

    first = staff.get(reverse("home"))
    second = staff.get(reverse("home"), {"page": 2})

    assert len(first.context["overviews"]) == 50
    assert len(second.context["overviews"]) == 1
    assertContains(first, "Organizations 1 to 50 of 51.")
    assertContains(first, "Your role: administrator", count=50)
    assertContains(first, '/assessments/new/"', count=50)


def test_home_query_count_does_not_grow_with_organizations_and_assessments(
    django_assert_num_queries: object,
) -> None:
    small = MembershipFactory()
    answer_all(assessment_with_areas(AREAS, organization=small.organization), KNOWN_ANSWERS)
    small_client = client_for(small.user)
    with CaptureQueriesContext(connection) as small_queries:
        small_client.get(reverse("home"))
    big = UserFactory()
    for _ in range(3):
        organization = MembershipFactory(user=big, role=Role.LEAD).organization
        for _ in range(3):
            answer_all(
                assessment_with_areas(AREAS, organization=organization),
                KNOWN_ANSWERS,
                updated_by=UserFactory(),
            )
    client = client_for(big)

    with django_assert_num_queries(len(small_queries)):  # type: ignore[operator]
        response = client.get(reverse("home"))

    assertContains(response, '<span class="small">12 of 42</span>', count=9, html=True)


def test_assessment_summaries_scores_each_assessment() -> None:
    known = known_assessment()
    empty = assessment_with_areas(["radiology"])

    summaries = assessment_summaries(Assessment.objects.filter(pk__in=[known.pk, empty.pk]))

    assert sorted((s.assessment.pk, s.stage, s.answered, s.required) for s in summaries) == sorted(
        [(known.pk, 3, 12, 42), (empty.pk, 0, 0, 27)]
    )


def test_home_lead_sees_areas_link_of_drafts_only() -> None:
    membership = MembershipFactory(role=Role.LEAD)
    draft = assessment_with_areas(["radiology"], organization=membership.organization)
    submitted = assessment_with_areas(
        ["radiology"], organization=membership.organization, status=AssessmentStatus.SUBMITTED
    )

    response = client_for(membership.user).get(reverse("home"))

    assertContains(response, f'href="/assessments/{draft.pk}/areas/"', count=1)
    assertNotContains(response, f'href="/assessments/{submitted.pk}/areas/"')


def test_home_your_sections_shows_completion_and_due_date() -> None:
    membership = MembershipFactory(user=UserFactory(username="carl"))
    assessment = known_assessment(organization=membership.organization, title="Survey 2026")
    SectionAssignmentFactory(
        assessment=assessment,
        section="stage-3",
        assignee=membership.user,
        due_date=date(2026, 6, 3),
    )
    SectionAssignmentFactory(
        assessment=assessment,
        section="group-a",
        assignee=membership.user,
        due_date=date(2026, 6, 1),
    )
    SectionAssignmentFactory(assessment=assessment, section="stage-4")  # someone else's
    submitted = assessment_with_areas(
        AREAS, organization=membership.organization, status=AssessmentStatus.SUBMITTED
    )
    SectionAssignmentFactory(assessment=submitted, section="stage-1", assignee=membership.user)

    response = client_for(membership.user).get(reverse("home"))

    assert [
        (row.section.slug, row.progress.answered, row.progress.expected, row.assignment.due_date)
        for row in response.context["assignments"]
    ] == [("group-a", 0, 7, date(2026, 6, 1)), ("stage-3", 6, 8, date(2026, 6, 3))]
    assertContains(
        response, '<span data-testid="your-section-progress">6 of 8 answered</span>', html=True
    )
    assertContains(
        response, '<span data-testid="your-section-due">due on June 3, 2026</span>', html=True
    )


def test_home_without_assigned_sections_has_no_your_sections() -> None:
    response = client_for(MembershipFactory().user).get(reverse("home"))

    assert response.context["assignments"] == []
    assertNotContains(response, "Your sections")


def test_home_your_sections_query_count_does_not_grow_with_assignments(
    django_assert_num_queries: object,
) -> None:
    small = MembershipFactory()
    SectionAssignmentFactory(
        assessment=assessment_with_areas(AREAS, organization=small.organization),
        assignee=small.user,
    )
    small_client = client_for(small.user)
    with CaptureQueriesContext(connection) as small_queries:
        small_client.get(reverse("home"))
    big = UserFactory()
    for _ in range(3):
        organization = MembershipFactory(user=big).organization
        for _ in range(2):
            assessment = assessment_with_areas(AREAS, organization=organization)
            answer_all(assessment, KNOWN_ANSWERS)
            for section in ["stage-1", "stage-2", "group-b"]:
                SectionAssignmentFactory(assessment=assessment, section=section, assignee=big)
    client = client_for(big)

    with django_assert_num_queries(len(small_queries)):  # type: ignore[operator]
        response = client.get(reverse("home"))

    assert len(response.context["assignments"]) == 18
    assertContains(
        response,
        '<span data-testid="your-section-progress">4 of 5 answered</span>',
        count=6,
        html=True,
    )
