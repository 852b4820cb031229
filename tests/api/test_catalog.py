from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.api.helpers import ROLES, World

CATALOG_ACCESS = {role: 200 for role in ROLES} | {"anonymous": 401}


@pytest.mark.parametrize("role", ROLES)
def test_catalog_list_by_role(world: World, api: Callable[[Any], APIClient], role: str) -> None:
    response = api(world.user(role)).get("/api/v1/catalogs/")

    assert response.status_code == CATALOG_ACCESS[role]
    if response.status_code == 200:
        assert [c["slug"] for c in response.json()["results"]] == ["diam"]


@pytest.mark.parametrize("role", ROLES)
def test_catalog_detail_by_role(world: World, api: Callable[[Any], APIClient], role: str) -> None:
    response = api(world.user(role)).get("/api/v1/catalogs/diam/")

    assert response.status_code == CATALOG_ACCESS[role]


def test_catalog_detail_lists_the_catalog(world: World, api: Callable[[Any], APIClient]) -> None:
    data = api(world.contributor).get("/api/v1/catalogs/diam/").json()

    assert [s["number"] for s in data["stages"]] == list(range(8))
    assert [g["code"] for g in data["groups"]] == ["A", "B", "C"]
    assert len(data["criteria"]) == 29
    assert len(data["service_areas"]) == 15
    by_code = {c["code"]: c for c in data["criteria"]}
    assert by_code["2.1"]["stage"] == 2
    assert by_code["2.1"]["group"] is None
    assert by_code["2.1"]["scope"] == "area"
    assert by_code["2.1"]["statuses"] == ["met", "partial", "not_met", "na"]
    assert by_code["A.3"]["group"] == "A"
    assert by_code["A.3"]["statuses"] == ["met", "partial", "not_met"]
    assert by_code["0.1"]["statuses"] == []


def test_catalog_detail_unknown_is_404(world: World, api: Callable[[Any], APIClient]) -> None:
    response = api(world.lead).get("/api/v1/catalogs/nope/")

    assert response.status_code == 404


def test_catalog_detail_query_count(
    world: World, api: Callable[[Any], APIClient], django_assert_num_queries: Any
) -> None:
    client = api(world.lead)

    with django_assert_num_queries(5):
        response = client.get("/api/v1/catalogs/diam/")

    assert response.status_code == 200


def test_catalog_detail_in_the_language_asked_for(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    client = api(world.lead)

    english = client.get("/api/v1/catalogs/diam/").json()
    german = client.get("/api/v1/catalogs/diam/", HTTP_ACCEPT_LANGUAGE="de").json()

    assert (english["language"], german["language"]) == ("en", "de")
    assert {c["language"] for c in english["criteria"]} == {"en"}
    assert {c["language"] for c in german["criteria"]} == {"de"}
    assert german["criteria"][1]["title"] != english["criteria"][1]["title"]
    assert german["groups"][0]["name"] != english["groups"][0]["name"]
    assert [c["code"] for c in german["criteria"]] == [c["code"] for c in english["criteria"]]
