"""The programme dashboard (admins): figures over every organization, fixed queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time
from pytest_django.asserts import assertContains

from assessments.enums import AssessmentStatus, Role
from assessments.models import Assessment
from benchmarks.programme.selectors import programme_overview
from tests.assessments.review_factories import assessor_user
from tests.benchmarks.factories import stored_result
from tests.factories import AssessmentFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("catalog")

TODAY = date(2026, 3, 4)
URL = "/programme/"


def client_for(user: object | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def decided(assessor: object, *, days: float, status: str = AssessmentStatus.VALIDATED) -> None:
    """An assessment submitted on March 1st and decided `days` later by the assessor, with the
    history rows the life cycle leaves."""
    submitted_at = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    with freeze_time(submitted_at):
        assessment = AssessmentFactory(
            status=AssessmentStatus.SUBMITTED, submitted_at=submitted_at, assessor=assessor
        )
    with freeze_time(submitted_at + timedelta(days=1)):
        assessment.status = AssessmentStatus.IN_REVIEW
        assessment.save()
    with freeze_time(submitted_at + timedelta(days=days)):
        assessment.status = status
        assessment.save()
    with freeze_time(submitted_at + timedelta(days=days + 3)):
        assessment.strengths = "Saved again later: not a new decision."
        assessment.save()


def test_programme_url() -> None:
    assert reverse("programme") == URL


def test_programme_anonymous_is_sent_to_log_in() -> None:
    response = client_for(None).get(URL)

    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/programme/",
    )


@pytest.mark.parametrize("role", [Role.LEAD, Role.CONTRIBUTOR])
def test_programme_member_of_an_organization_gets_404(role: str) -> None:
    user = MembershipFactory(role=role).user

    assert client_for(user).get(URL).status_code == 404


def test_programme_assessor_gets_404() -> None:
    assert client_for(assessor_user()).get(URL).status_code == 404


def test_programme_admin_sees_the_dashboard() -> None:
    stored_result(stage=4, country="DE")

    response = client_for(UserFactory(is_staff=True)).get(URL)

    assert response.status_code == 200
    assertContains(response, '<h1 class="h2 mb-3">Programme dashboard</h1>', html=True)
    assertContains(response, '<a class="nav-link" href="/programme/">Programme</a>', html=True)


def test_programme_overview_counts_organizations_and_assessments_by_status() -> None:
    OrganizationFactory()
    stored_result(stage=3)
    AssessmentFactory(status=AssessmentStatus.SUBMITTED)
    AssessmentFactory(status=AssessmentStatus.DRAFT)
    AssessmentFactory(status=AssessmentStatus.DRAFT)

    overview = programme_overview(today=TODAY)

    assert (overview.organizations, overview.organizations_validated, overview.assessments) == (
        5,
        1,
        4,
    )
    assert [(s.status, s.label, s.count) for s in overview.statuses] == [
        ("draft", "Draft", 2),
        ("submitted", "Submitted", 1),
        ("in_review", "In review", 0),
        ("changes_requested", "Changes requested", 0),
        ("validated", "Validated", 1),
    ]


def test_programme_overview_stages_overall_and_by_country_latest_validated_in_force() -> None:
    german = stored_result(stage=2, country="DE", recorded_at=datetime(2024, 2, 1, tzinfo=UTC))
    stored_result(german.assessment.organization, stage=4)  # the latest counts
    stored_result(stage=4, country="DE")
    stored_result(stage=6, country="FR")
    stored_result(stage=5, country="FR", expires_at=date(2026, 3, 3))  # expired
    stored_result(stage=1, country="FR", result_kind="self_assessed", status="submitted")

    overview = programme_overview(today=TODAY)

    assert [(s.stage, s.count, s.percent) for s in overview.stages if s.count] == [
        (4, 2, 67),
        (6, 1, 33),
    ]
    assert [(c.country, c.name, c.counts, c.total) for c in overview.countries] == [
        ("DE", "Germany", (0, 0, 0, 0, 2, 0, 0, 0), 2),
        ("FR", "France", (0, 0, 0, 0, 0, 0, 1, 0), 1),
    ]


def test_programme_overview_assessor_workload() -> None:
    anna = assessor_user(username="anna", first_name="Anna", last_name="Berg")
    carl = assessor_user(username="carl")
    decided(anna, days=4)
    decided(anna, days=10, status=AssessmentStatus.CHANGES_REQUESTED)
    decided(anna, days=7)
    AssessmentFactory(status=AssessmentStatus.IN_REVIEW, assessor=carl)
    AssessmentFactory(status=AssessmentStatus.SUBMITTED, assessor=carl)
    AssessmentFactory(status=AssessmentStatus.SUBMITTED)  # nobody assigned yet

    overview = programme_overview(today=TODAY)

    assert [(a.name, a.open_reviews, a.decisions, a.median_days) for a in overview.assessors] == [
        ("carl", 2, 0, None),
        ("Anna Berg", 0, 3, 7.0),
    ]


def test_programme_overview_expiring_validations_latest_of_their_organization() -> None:
    soon = AssessmentFactory(
        status="validated",
        validated_stage=3,
        validated_at=datetime(2023, 3, 20, tzinfo=UTC),
        expires_at=date(2026, 3, 20),
        organization=OrganizationFactory(name="Soon"),
    )
    AssessmentFactory(
        status="validated",
        validated_stage=5,
        validated_at=datetime(2023, 6, 1, tzinfo=UTC),
        expires_at=date(2026, 6, 1),
        organization=OrganizationFactory(name="Later"),
    )
    replaced = AssessmentFactory(
        status="validated",
        validated_at=datetime(2023, 3, 10, tzinfo=UTC),
        expires_at=date(2026, 3, 10),
        organization=OrganizationFactory(name="Replaced"),
    )
    AssessmentFactory(
        status="validated",
        validated_at=datetime(2025, 3, 10, tzinfo=UTC),
        expires_at=date(2028, 3, 10),
        organization=replaced.organization,
    )
    AssessmentFactory(
        status="validated",
        validated_at=datetime(2023, 6, 3, tzinfo=UTC),
        expires_at=date(2026, 6, 3),
    )  # 91 days away

    overview = programme_overview(today=TODAY)

    assert [
        (
            e.assessment.organization.name,
            e.assessment.validated_stage,
            e.assessment.expires_at,
            e.days_left,
        )
        for e in overview.expiring
    ] == [("Soon", 3, date(2026, 3, 20), 16), ("Later", 5, date(2026, 6, 1), 89)]
    assert soon in [e.assessment for e in overview.expiring]


def test_programme_page_shows_expiring_validation_and_workload() -> None:
    anna = assessor_user(username="anna", first_name="Anna", last_name="Berg")
    decided(anna, days=4)
    AssessmentFactory(
        status="validated",
        title="DIAM 2023",
        validated_stage=3,
        validated_at=datetime(2023, 3, 20, tzinfo=UTC),
        expires_at=date(2026, 3, 20),
        organization=OrganizationFactory(name="Soon"),
    )

    with freeze_time("2026-03-04 12:00:00"):
        response = client_for(UserFactory(is_staff=True)).get(URL)

    assertContains(
        response,
        '<tr><th scope="row">Anna Berg</th><td class="text-end">0</td>'
        '<td class="text-end">1</td><td class="text-end">4.0</td></tr>',
        html=True,
    )
    assertContains(response, '<time datetime="2026-03-20">March 20, 2026</time>', html=True)
    assertContains(response, '<span class="small">(in 16 days)</span>', html=True)


def build(count: int) -> None:
    """`count` organizations in two countries, each with a validated result and an assessment
    in review, decided and open reviews spread over two assessors."""
    assessors = [assessor_user(), assessor_user()]
    for index in range(count):
        result = stored_result(
            stage=index % 8,
            country="DE" if index % 2 else "FR",
            expires_at=TODAY + timedelta(days=30 + index),
        )
        Assessment.objects.filter(pk=result.assessment.pk).update(
            validated_at=datetime(2023, 3, 1, tzinfo=UTC), assessor=assessors[index % 2]
        )
        AssessmentFactory(
            organization=result.assessment.organization,
            status=AssessmentStatus.IN_REVIEW,
            assessor=assessors[index % 2],
        )
        decided(assessors[index % 2], days=index + 1)


@freeze_time("2026-03-04 12:00:00")
def test_programme_query_count_does_not_grow_with_assessments(
    django_assert_num_queries: object,
) -> None:
    admin = client_for(UserFactory(is_staff=True))
    build(1)
    with CaptureQueriesContext(connection) as one:
        admin.get(URL)
    build(29)

    with django_assert_num_queries(len(one)):  # type: ignore[operator]
        response = admin.get(URL)

    assert response.context["overview"].organizations_validated == 30
    assert len(response.context["overview"].expiring) == 30


@freeze_time("2026-03-04 12:00:00")
def test_programme_page_lists_the_25_soonest_expiring_validations() -> None:
    build(30)

    response = client_for(UserFactory(is_staff=True)).get(URL)

    assert len(response.context["expiring_shown"]) == 25
    assert response.context["expiring_shown"][0].days_left == 30
    assertContains(
        response,
        '<p data-testid="programme-expiring-more">The 25 soonest of 30 validations.</p>',
        html=True,
    )
