"""The peer benchmarks page: who sees it, what it shows, and its fixed number of queries."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.enums import Role
from benchmarks.enums import PeerGroup
from tests.assessments.review_factories import assessor_user
from tests.benchmarks.factories import stored_result
from tests.factories import AssessmentFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("catalog")


def client_for(user: object | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def url_of(organization: object, **params: str) -> str:
    url = reverse("organization_benchmarks", args=[organization.slug])  # type: ignore[attr-defined]
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def member_of(organization: object, role: str = Role.CONTRIBUTOR) -> object:
    return MembershipFactory(organization=organization, role=role).user


def test_benchmarks_page_as_member_shows_the_figures() -> None:
    own = stored_result(stage=4)
    for stage in (3, 3, 4, 6, 6):
        stored_result(stage=stage)
    organization = own.assessment.organization

    response = client_for(member_of(organization)).get(url_of(organization))

    assert response.status_code == 200
    assert response.context["benchmark"].peers == 5
    chart = response.context["chart"]
    assert [(bar.stage, bar.count, bar.is_own) for bar in chart.bars if bar.count] == [
        (3, 2, False),
        (4, 1, True),
        (6, 2, False),
    ]
    assert b"You are here" in response.content
    assert b'data-testid="benchmark-not-enough"' not in response.content


def test_benchmarks_page_names_no_other_organization() -> None:
    own = stored_result()
    others = [stored_result() for _ in range(5)]

    response = client_for(member_of(own.assessment.organization)).get(
        url_of(own.assessment.organization)
    )

    content = response.content.decode()
    assert [o.assessment.organization.name in content for o in others] == [False] * 5
    assert [o.assessment.organization.slug in content for o in others] == [False] * 5


def test_benchmarks_page_with_4_peers_says_not_enough_peers() -> None:
    own = stored_result()
    for _ in range(4):
        stored_result()

    response = client_for(member_of(own.assessment.organization)).get(
        url_of(own.assessment.organization)
    )

    assert response.status_code == 200
    assert b'data-testid="benchmark-not-enough"' in response.content
    assert (response.context["chart"], b"You are here" in response.content) == (None, False)


def test_benchmarks_page_switches_peer_group_and_self_assessed() -> None:
    own = stored_result(country="FR")
    for _ in range(5):
        stored_result(country="DE")

    response = client_for(member_of(own.assessment.organization)).get(
        url_of(own.assessment.organization, peers=PeerGroup.COUNTRY, self_assessed="on")
    )

    assert (response.context["benchmark"].peer_group, response.context["benchmark"].peers) == (
        "country",
        0,
    )
    assert response.context["include_self_assessed"] is True
    assert b'<option value="country" selected>' in response.content


def test_benchmarks_page_with_an_unknown_peer_group_compares_with_all() -> None:
    own = stored_result()

    response = client_for(member_of(own.assessment.organization)).get(
        url_of(own.assessment.organization, peers="nearby")
    )

    assert (response.status_code, response.context["benchmark"].peer_group) == (200, "all")


def test_benchmarks_page_as_the_organizations_assessor() -> None:
    organization = OrganizationFactory()
    assessor = assessor_user()
    AssessmentFactory(organization=organization, assessor=assessor)

    response = client_for(assessor).get(url_of(organization))

    assert response.status_code == 200


def test_benchmarks_page_as_staff() -> None:
    organization = OrganizationFactory()

    response = client_for(UserFactory(is_staff=True)).get(url_of(organization))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_member", "other_assessor", "nobody"])
def test_benchmarks_page_as_an_outsider_is_404(who: str) -> None:
    organization = OrganizationFactory()
    users = {
        "other_member": member_of(OrganizationFactory(), Role.LEAD),
        "other_assessor": assessor_user(),
        "nobody": UserFactory(),
    }

    response = client_for(users[who]).get(url_of(organization))

    assert response.status_code == 404


def test_benchmarks_page_anonymous_redirects_to_login() -> None:
    organization = OrganizationFactory()

    response = client_for(None).get(url_of(organization))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


def test_home_links_to_the_benchmarks() -> None:
    organization = OrganizationFactory()

    response = client_for(member_of(organization)).get(reverse("home"))

    assert url_of(organization).encode() in response.content


@pytest.mark.parametrize("organizations", [1, 30])
@pytest.mark.parametrize("peer_group", [PeerGroup.ALL, PeerGroup.SIZE])
def test_benchmarks_page_queries_do_not_grow_with_organizations(
    organizations: int, peer_group: str, django_assert_num_queries: object
) -> None:
    own = stored_result()
    for _ in range(organizations):
        stored_result()
        stored_result(result_kind="self_assessed", status="submitted")
    client = client_for(member_of(own.assessment.organization))

    # Session and user (2), the organization (1), its own result (1), the stages (1), and
    # with figures the criteria, groups and areas (3), the names of the criteria with their
    # groups and of the areas (2).
    expected = 10 if organizations >= 5 else 5
    with django_assert_num_queries(expected):  # type: ignore[operator]
        response = client.get(url_of(own.assessment.organization, peers=peer_group))

    assert response.status_code == 200
