"""The organization's dashboard on the home page: ladder, completion, next steps, trend, peers."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time
from pytest_django.asserts import assertContains, assertNotContains

from assessments.enums import AssessmentStatus
from assessments.home_charts import TrendPoint, ladder_build, sparkline_build
from benchmarks.selectors import benchmark_position_map
from tests.assessments.test_home import AREAS, KNOWN_ANSWERS, answer_all
from tests.benchmarks.factories import stored_result
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = pytest.mark.usefixtures("catalog")

TODAY = date(2026, 3, 4)


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def history(organization: object) -> None:
    """Three validated years (stages 2, 3, 4: the last in force) and a draft at stage 3."""
    for year, stage in [(2023, 2), (2024, 3), (2025, 4)]:
        result = stored_result(
            organization,
            stage=stage,
            recorded_at=datetime(year, 3, 1, tzinfo=UTC),
            expires_at=date(year + 3, 3, 1),
        )
        result.assessment.title = f"DIAM {year}"
        result.assessment.save()
    with freeze_time("2026-03-04 12:30:00"):
        answer_all(
            assessment_with_areas(AREAS, organization=organization, title="DIAM 2026"),
            KNOWN_ANSWERS,
        )


@freeze_time("2026-03-04 12:00:00")
def test_home_dashboard_member_sees_stages_completion_next_steps_trend_and_peers() -> None:
    membership = MembershipFactory(organization=OrganizationFactory(country="DE", slug="mine"))
    organization = membership.organization
    history(organization)
    for stage in (1, 2, 3, 4, 6):
        stored_result(stage=stage, country="DE")

    response = client_for(membership.user).get(reverse("home"))

    dashboard = response.context["overviews"][0].dashboard
    assert (dashboard.validated.stage, dashboard.validated.expires_at) == (4, date(2028, 3, 1))
    assert [(p.label, p.stage, p.validated) for p in dashboard.trend] == [
        ("DIAM 2023", 2, True),
        ("DIAM 2024", 3, True),
        ("DIAM 2025", 4, True),
    ]
    assert dashboard.ladder.description == "Validated stage 4. Self-assessed stage 3."
    assert dashboard.sparkline.description == (
        "DIAM 2023: validated stage 2; DIAM 2024: validated stage 3; DIAM 2025: validated stage 4."
    )
    route = dashboard.next_route
    assert (route.stage, route.group, route.missing) == (
        4,
        None,
        ("4.1", "4.2", "4.3", "4.4", "4.5", "4.6"),
    )
    validated_pk = dashboard.validated.assessment_id
    draft_pk = dashboard.latest.assessment.pk
    assertContains(
        response,
        f'<a href="/assessments/{validated_pk}/results/">Validated: stage 4</a>',
        html=True,
    )
    assertContains(
        response,
        f'<a href="/assessments/{draft_pk}/results/">Self-assessed: stage 3</a>',
        html=True,
    )
    assertContains(
        response,
        f'<a href="/assessments/{draft_pk}/">12 of 42 required answers of DIAM 2026</a>',
        html=True,
    )
    assertContains(response, f'<a href="/assessments/{draft_pk}/results/">Stage 4</a>', html=True)
    assertContains(response, "6 criteria to meet (4.1, 4.2, 4.3, 4.4, 4.5, 4.6)")
    assertContains(response, "Stages: 2 → 3 → 4")
    assertContains(
        response,
        '<a href="/organizations/mine/benchmarks/">Stage 4 — above 60 % of peers in Germany</a>',
        html=True,
    )
    assertContains(response, 'href="/organizations/mine/history/"')
    assertContains(response, '<svg xmlns="http://www.w3.org/2000/svg" class="ladder-chart"')
    assertContains(response, '<svg xmlns="http://www.w3.org/2000/svg" class="sparkline"')


@freeze_time("2026-03-04 12:00:00")
def test_home_dashboard_without_results_says_so() -> None:
    membership = MembershipFactory(organization=OrganizationFactory(slug="new"))
    assessment_with_areas(AREAS, organization=membership.organization, title="First")

    response = client_for(membership.user).get(reverse("home"))

    dashboard = response.context["overviews"][0].dashboard
    assert (dashboard.validated, dashboard.trend, dashboard.sparkline, dashboard.position) == (
        None,
        [],
        None,
        None,
    )
    assertContains(response, "No validation in force")
    assertContains(response, "No submitted assessment yet.")
    assertContains(
        response,
        '<a href="/organizations/new/benchmarks/">No validated stage to compare</a>',
        html=True,
    )
    assertNotContains(response, 'class="sparkline"')


@freeze_time("2026-03-04 12:00:00")
def test_home_dashboard_too_few_peers() -> None:
    membership = MembershipFactory()
    stored_result(membership.organization, stage=4)
    for stage in (1, 2, 3, 4):
        stored_result(stage=stage)

    response = client_for(membership.user).get(reverse("home"))

    assertContains(response, "Not enough peers to compare")


def test_home_dashboard_not_shown_to_another_organization() -> None:
    theirs = OrganizationFactory(name="Theirs")
    stored_result(theirs, stage=5)
    outsider = MembershipFactory(organization=OrganizationFactory(name="Mine")).user

    response = client_for(outsider).get(reverse("home"))

    assert [o.organization.name for o in response.context["overviews"]] == ["Mine"]
    assertNotContains(response, "stage 5")


def test_home_dashboard_anonymous_is_sent_to_log_in() -> None:
    response = Client().get(reverse("home"))

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/")


def test_benchmark_position_map_falls_back_to_all_organizations() -> None:
    own = stored_result(stage=3, country="FR")
    stored_result(stage=2, country="FR")
    for stage in (1, 2, 5, 6):
        stored_result(stage=stage, country="DE")
    organization = own.assessment.organization

    position = benchmark_position_map(organizations=[organization], today=TODAY)[organization.pk]

    assert (position.stage, position.peers, position.below, position.country) == (3, 5, 3, "")
    assert (position.enough, position.percent_above) == (True, 60)


def test_ladder_build_fills_validated_then_self_assessed_steps() -> None:
    ladder = ladder_build(validated=2, self_assessed=4, dom_id="l")

    assert [(s.stage, s.fill, s.bold, s.height) for s in ladder.steps] == [
        (0, "#0072B2", False, 12),
        (1, "#0072B2", False, 19),
        (2, "#0072B2", True, 26),
        (3, "#56B4E9", False, 33),
        (4, "#56B4E9", True, 40),
        (5, "#FFFFFF", False, 47),
        (6, "#FFFFFF", False, 54),
        (7, "#FFFFFF", False, 61),
    ]
    assert ladder.description == "Validated stage 2. Self-assessed stage 4."


def test_sparkline_build_needs_two_points() -> None:
    one = [TrendPoint("2024", 3, True)]
    two = [TrendPoint("2024", 7, True), TrendPoint("2025", 0, False)]

    assert sparkline_build(points=one, dom_id="s") is None
    line = sparkline_build(points=two, dom_id="s")
    assert line is not None
    assert line.points == "6,6 144,42"
    assert line.description == "2024: validated stage 7; 2025: self-assessed stage 0."


@freeze_time("2026-03-04 12:00:00")
def test_home_dashboard_query_count_independent_of_assessments(
    django_assert_num_queries: object,
) -> None:
    small = MembershipFactory()
    stored_result(small.organization, stage=2)
    small_client = client_for(small.user)
    with CaptureQueriesContext(connection) as one:
        small_client.get(reverse("home"))
    big = UserFactory()
    for index in range(3):
        organization = MembershipFactory(user=big).organization
        history(organization)
        stored_result(organization, stage=index, status=AssessmentStatus.VALIDATED)
    for stage in range(8):
        stored_result(stage=stage)
    client = client_for(big)

    with django_assert_num_queries(len(one)):  # type: ignore[operator]
        response = client.get(reverse("home"))

    assert [len(o.dashboard.trend) for o in response.context["overviews"]] == [4, 4, 4]
