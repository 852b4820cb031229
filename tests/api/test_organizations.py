from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from assessments.enums import Role
from tests.api.helpers import World
from tests.factories import MembershipFactory, OrganizationFactory


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lead", ["st-example"]),
        ("contributor", ["st-example"]),
        ("outsider", ["elsewhere"]),
        ("assessor", []),
        ("admin", ["elsewhere", "st-example"]),
    ],
)
def test_organization_list_shows_only_the_users(
    world: World, api: Callable[[Any], APIClient], role: str, expected: list[str]
) -> None:
    response = api(world.user(role)).get("/api/v1/organizations/")

    assert response.status_code == 200
    assert [o["slug"] for o in response.json()["results"]] == expected


def test_organization_list_anonymous_is_401(world: World, api: Callable[[Any], APIClient]) -> None:
    response = api(None).get("/api/v1/organizations/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_organization_list_gives_the_role(world: World, api: Callable[[Any], APIClient]) -> None:
    lead = api(world.lead).get("/api/v1/organizations/").json()["results"]
    admin = api(world.admin).get("/api/v1/organizations/").json()["results"]

    assert lead == [
        {
            "slug": "st-example",
            "name": "St. Example Hospital",
            "country": "DE",
            "kind": "hospital",
            "role": "lead",
        }
    ]
    assert [o["role"] for o in admin] == [None, None]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lead", 200),
        ("contributor", 200),
        ("outsider", 404),
        ("assessor", 404),  # the assessor reviews its assessment, not the organization
        ("admin", 200),
        ("anonymous", 401),
    ],
)
def test_organization_detail_by_role(
    world: World, api: Callable[[Any], APIClient], role: str, status: int
) -> None:
    response = api(world.user(role)).get("/api/v1/organizations/st-example/")

    assert response.status_code == status
    if status == 200:
        assert response.json()["name"] == "St. Example Hospital"


def test_organization_detail_unknown_and_foreign_look_alike(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    client = api(world.contributor)

    foreign = client.get("/api/v1/organizations/elsewhere/")
    unknown = client.get("/api/v1/organizations/nowhere/")

    assert (foreign.status_code, foreign.json()) == (unknown.status_code, unknown.json())


@pytest.mark.parametrize("extra", [0, 3])
def test_organization_list_query_count(
    world: World, api: Callable[[Any], APIClient], django_assert_num_queries: Any, extra: int
) -> None:
    for _ in range(extra):
        MembershipFactory(user=world.lead, organization=OrganizationFactory(), role=Role.LEAD)
    client = api(world.lead)

    with django_assert_num_queries(2):  # the count, the page
        response = client.get("/api/v1/organizations/")

    assert response.json()["count"] == 1 + extra
