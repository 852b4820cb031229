from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from assessments.enums import AssessmentStatus
from tests.api.helpers import AREAS, World, answer
from tests.factories import assessment_with_areas

# Who sees the organization's assessment (assessments.access): its members, its assessor and
# admins; a member of another organization gets 404, as for an assessment that does not exist.
SEES = {
    "lead": 200,
    "contributor": 200,
    "outsider": 404,
    "assessor": 200,
    "admin": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lead", ["DIAM 2026"]),
        ("contributor", ["DIAM 2026"]),
        ("outsider", ["Other 2026"]),
        ("assessor", ["DIAM 2026"]),
        ("admin", ["Other 2026", "DIAM 2026"]),
    ],
)
def test_assessment_list_by_role(
    world: World, api: Callable[[Any], APIClient], role: str, expected: list[str]
) -> None:
    response = api(world.user(role)).get("/api/v1/assessments/")

    assert response.status_code == 200
    assert [a["title"] for a in response.json()["results"]] == expected


def test_assessment_list_anonymous_is_401(world: World, api: Callable[[Any], APIClient]) -> None:
    assert api(None).get("/api/v1/assessments/").status_code == 401


def test_assessment_list_filters(world: World, api: Callable[[Any], APIClient]) -> None:
    validated = assessment_with_areas(
        AREAS,
        organization=world.organization,
        title="DIAM 2023",
        status=AssessmentStatus.VALIDATED,
        self_assessed_stage=4,
        validated_stage=3,
    )
    submitted = assessment_with_areas(
        AREAS,
        organization=world.organization,
        title="DIAM 2025",
        status=AssessmentStatus.SUBMITTED,
        self_assessed_stage=3,
    )
    client = api(world.admin)

    def titles(query: str) -> list[str]:
        response = client.get(f"/api/v1/assessments/?{query}")
        assert response.status_code == 200
        return [a["title"] for a in response.json()["results"]]

    assert titles("organization=st-example") == ["DIAM 2025", "DIAM 2023", "DIAM 2026"]
    assert titles("status=validated") == [validated.title]
    assert titles("stage=3") == [submitted.title, validated.title]
    assert titles("stage=4") == []
    assert titles("organization=st-example&status=draft") == ["DIAM 2026"]


def test_assessment_list_filter_of_other_organization_is_empty(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    response = api(world.lead).get("/api/v1/assessments/?organization=elsewhere")

    assert response.json()["results"] == []


@pytest.mark.parametrize(("query", "field"), [("status=done", "status"), ("stage=three", "stage")])
def test_assessment_list_bad_filter_is_400(
    world: World, api: Callable[[Any], APIClient], query: str, field: str
) -> None:
    response = api(world.lead).get(f"/api/v1/assessments/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_assessment_list_pages_capped(world: World, api: Callable[[Any], APIClient]) -> None:
    for year in range(3):
        assessment_with_areas([], organization=world.organization, title=f"Old {year}")
    client = api(world.lead)

    first = client.get("/api/v1/assessments/?page_size=2").json()
    last = client.get("/api/v1/assessments/?page_size=2&page=2").json()
    capped = client.get("/api/v1/assessments/?page_size=100000").json()

    assert (first["count"], len(first["results"]), first["next"] is not None) == (4, 2, True)
    assert (len(last["results"]), last["next"]) == (2, None)
    assert len(capped["results"]) == 4
    assert client.get("/api/v1/assessments/?page=9").status_code == 404


@pytest.mark.parametrize("extra", [0, 3])
def test_assessment_list_query_count(
    world: World, api: Callable[[Any], APIClient], django_assert_num_queries: Any, extra: int
) -> None:
    for number in range(extra):
        assessment_with_areas(AREAS, organization=world.organization, title=f"Extra {number}")
    client = api(world.lead)

    with django_assert_num_queries(2):  # the count, the page
        response = client.get("/api/v1/assessments/")

    assert response.json()["count"] == 1 + extra


@pytest.mark.parametrize("role", list(SEES))
def test_assessment_detail_by_role(
    world: World, api: Callable[[Any], APIClient], role: str
) -> None:
    response = api(world.user(role)).get(f"/api/v1/assessments/{world.assessment.pk}/")

    assert response.status_code == SEES[role]


def test_assessment_detail_gives_score_areas_and_rights(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    answer(world.assessment, "1.1", "radiology")
    answer(world.assessment, "1.1", "cardiology")

    lead = api(world.lead).get(f"/api/v1/assessments/{world.assessment.pk}/").json()
    contributor = api(world.contributor).get(f"/api/v1/assessments/{world.assessment.pk}/").json()
    assessor = api(world.assessor).get(f"/api/v1/assessments/{world.assessment.pk}/").json()

    assert lead["organization"] == {"slug": "st-example", "name": "St. Example Hospital"}
    assert lead["status"] == "draft"
    assert lead["stage"] is None
    assert [a["code"] for a in lead["service_areas"]] == ["radiology", "cardiology"]
    assert lead["score"]["stage"] == 1
    assert lead["score"]["criteria"]["1.1"]["areas_met"] == 2
    assert lead["score"]["next_stage"]["stage"] == 2
    assert lead["score"]["completion"]["answered"] == 2
    assert lead["permissions"] == {"edit_answers": True, "submit": True}
    assert contributor["permissions"] == {"edit_answers": True, "submit": False}
    assert assessor["permissions"] == {"edit_answers": False, "submit": False}


def test_assessment_detail_unknown_and_foreign_look_alike(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    client = api(world.lead)

    foreign = client.get(f"/api/v1/assessments/{world.other_assessment.pk}/")
    unknown = client.get("/api/v1/assessments/999999/")

    assert (foreign.status_code, foreign.json()) == (unknown.status_code, unknown.json())


def test_assessment_responses_are_not_cached(world: World, api: Callable[[Any], APIClient]) -> None:
    response = api(world.lead).get(f"/api/v1/assessments/{world.assessment.pk}/")

    assert response["Cache-Control"] == "private, no-store"
