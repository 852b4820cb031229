from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assessments.models import AssessmentResult
from tests.api.helpers import World
from tests.benchmarks.factories import stored_result

IN_FORCE = date(2099, 1, 1)
# As the web page (assessments.access.benchmark_organization): members, the assessors of its
# assessments and admins; a member of another organization gets 404.
SEES = {
    "lead": 200,
    "contributor": 200,
    "outsider": 404,
    "assessor": 200,
    "admin": 200,
    "anonymous": 401,
}


def peers(stages: list[int], **kwargs: Any) -> list[AssessmentResult]:
    return [stored_result(stage=stage, expires_at=IN_FORCE, **kwargs) for stage in stages]


def url(world: World, query: str = "") -> str:
    return f"/api/v1/organizations/{world.organization.slug}/benchmarks/{query}"


@pytest.mark.parametrize("role", list(SEES))
def test_benchmarks_by_role(world: World, api: Callable[[Any], APIClient], role: str) -> None:
    response = api(world.user(role)).get(url(world))

    assert response.status_code == SEES[role]


def test_benchmarks_figures_with_enough_peers(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    stored_result(world.organization, stage=4, expires_at=IN_FORCE)
    peers([3, 3, 4, 6, 6])

    body = api(world.lead).get(url(world)).json()

    assert (body["enough"], body["peers"], body["validated"], body["self_assessed"]) == (
        True,
        5,
        5,
        0,
    )
    assert body["own"]["stage"] == 4
    assert [(s["stage"], s["count"], s["is_own"]) for s in body["stages"] if s["count"]] == [
        (3, 2, False),
        (4, 1, True),
        (6, 2, False),
    ]
    assert body["criteria"][0] == {
        "code": "2.2",
        "title": body["criteria"][0]["title"],
        "peers_met": 5,
        "peers_counted": 5,
        "percent": 100,
        "own_met": True,
    }
    assert [g["code"] for g in body["groups"]] == ["A", "B", "C"]
    assert [a["code"] for a in body["areas"]] == ["radiology", "cardiology"]
    assert body["areas"][0]["peers"] == 5


def test_benchmarks_too_few_peers_show_no_figures(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    stored_result(world.organization, stage=4, expires_at=IN_FORCE)
    peers([3, 3, 4, 6])

    body = api(world.lead).get(url(world)).json()

    assert body["enough"] is False
    assert (body["peers"], body["validated"], body["self_assessed"]) == (None, None, None)
    assert (body["stages"], body["groups"], body["criteria"], body["areas"]) == ([], [], [], [])


def test_benchmarks_area_with_too_few_peers_shows_no_figures(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    stored_result(
        world.organization,
        stage=4,
        expires_at=IN_FORCE,
        areas={("1.1", "radiology"): "met", ("1.1", "pathology"): "met"},
    )
    peers([3, 3, 4, 6, 6], areas={("1.1", "radiology"): "met"})

    body = api(world.lead).get(url(world)).json()

    assert [(a["code"], a["enough"], a["peers"], a["rows"]) for a in body["areas"]][1] == (
        "pathology",
        False,
        None,
        [],
    )
    assert body["areas"][0]["enough"] is True


def test_benchmarks_peer_group_and_self_assessed(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    peers([3, 3, 4, 6, 6], country="FR")

    body = api(world.lead).get(url(world, "?peers=country&self_assessed=true")).json()

    assert (body["peer_group"], body["include_self_assessed"], body["enough"]) == (
        "country",
        True,
        False,
    )


def test_benchmarks_bad_query_is_400(world: World, api: Callable[[Any], APIClient]) -> None:
    response = api(world.lead).get(url(world, "?peers=planet"))

    assert response.status_code == 400
    assert list(response.json()) == ["peers"]


def test_benchmarks_queries_do_not_grow_with_peers(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    """The benchmark's own query count is the benchmarks app's business (its tests fix it);
    here: the API adds a fixed number of queries, whatever the number of peers."""
    stored_result(world.organization, stage=4, expires_at=IN_FORCE)
    client = api(world.lead)
    queries = []
    for count in (5, 3):
        peers([3] * count)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url(world))
        assert response.status_code == 200
        queries.append(len(context))

    assert queries[0] == queries[1]
