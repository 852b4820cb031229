import json
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from assessments.models import Assessment
from tests.api.helpers import World, answer, counts

SEES = {
    "lead": 200,
    "contributor": 200,
    "outsider": 404,
    "assessor": 200,
    "admin": 200,
    "anonymous": 401,
}
# Importing starts an assessment: the organization's leads and admins (assessments.access,
# OrganizationAccess.can_manage); the assessor does not see the organization itself.
IMPORTS = {
    "lead": 201,
    "contributor": 403,
    "outsider": 404,
    "assessor": 404,
    "admin": 201,
    "anonymous": 401,
}
DOCUMENT: dict[str, Any] = {
    "format": "diam-assessment/1",
    "model": "diam",
    "title": "Workshop 2026",
    "organization": {"name": "St. Example Hospital", "country": "DE", "kind": "hospital"},
    "service_areas": [
        {"code": "radiology", "annual_volume": 120000},
        {"code": "cardiology", "annual_volume": 30000},
    ],
    "answers": [
        {
            "criterion": "1.1",
            "service_area": "radiology",
            "status": "met",
            "comment": "RIS/PACS since 2015",
        },
        {"criterion": "1.1", "service_area": "cardiology", "status": "met"},
        {"criterion": "2.2", "status": "met"},
    ],
}


@pytest.mark.parametrize("role", list(SEES))
def test_export_by_role(world: World, api: Callable[[Any], APIClient], role: str) -> None:
    answer(world.assessment, "2.2", comment="CD import")

    response = api(world.user(role)).get(f"/api/v1/assessments/{world.assessment.pk}/export/")

    assert response.status_code == SEES[role]
    if response.status_code == 200:
        assert response.json() == {
            "format": "diam-assessment/1",
            "model": "diam",
            "title": "DIAM 2026",
            "organization": {"name": "St. Example Hospital", "country": "DE", "kind": "hospital"},
            "service_areas": [
                {"code": "radiology", "annual_volume": 10000},
                {"code": "cardiology", "annual_volume": 10000},
            ],
            "answers": [{"criterion": "2.2", "status": "met", "comment": "CD import"}],
        }


@pytest.mark.parametrize("role", list(IMPORTS))
def test_import_by_role(world: World, api: Callable[[Any], APIClient], role: str) -> None:
    before = counts()

    response = api(world.user(role)).post("/api/v1/organizations/st-example/import/", DOCUMENT)

    assert response.status_code == IMPORTS[role]
    if response.status_code == 201:
        body = response.json()
        assert response["Location"] == f"/api/v1/assessments/{body['id']}/"
        assert (body["title"], body["status"], body["organization"]["slug"]) == (
            "Workshop 2026",
            "draft",
            "st-example",
        )
        assert body["score"]["stage"] == 1
        assessment = Assessment.objects.get(pk=body["id"])
        assert assessment.created_by == world.user(role)
        assert counts() == before | {
            "assessments": before["assessments"] + 1,
            "areas": before["areas"] + 2,
            "answers": before["answers"] + 3,
        }
    else:
        assert counts() == before


def test_import_round_trips_the_export(world: World, api: Callable[[Any], APIClient]) -> None:
    answer(world.assessment, "1.1", "radiology", comment="RIS")
    answer(world.assessment, "2.1", "cardiology", status="na")
    client = api(world.lead)
    exported = client.get(f"/api/v1/assessments/{world.assessment.pk}/export/").json()

    created = client.post("/api/v1/organizations/st-example/import/", exported).json()
    again = client.get(f"/api/v1/assessments/{created['id']}/export/").json()

    assert created["title"] == "DIAM 2026 (2)"
    assert again == exported | {"title": "DIAM 2026 (2)"}


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (
            {"format": "diam-assessment/2"},
            ['format: expected "diam-assessment/1", got "diam-assessment/2"'],
        ),
        ({"model": "other"}, ['model: unknown catalog "other" (expected "diam")']),
        (
            {
                "answers": [
                    {"criterion": "9.9", "status": "met"},
                    {"criterion": "2.2", "status": "na"},
                ]
            },
            None,
        ),
        (
            {"organization": {"name": "Elsewhere Clinic", "country": "DE", "kind": "hospital"}},
            [
                "organization.name: the document is for “Elsewhere Clinic”, "
                "not for “St. Example Hospital”."
            ],
        ),
    ],
)
def test_import_bad_document_is_400_nothing_written(
    world: World, api: Callable[[Any], APIClient], change: dict[str, Any], errors: Any
) -> None:
    before = counts()

    response = api(world.lead).post("/api/v1/organizations/st-example/import/", DOCUMENT | change)

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The document was rejected; nothing was written."
    if errors is not None:
        assert body["errors"] == errors
    else:
        assert len(body["errors"]) == 2
        assert body["errors"][0].startswith("answers[0]")
        assert body["errors"][1].startswith("answers[1]")
    assert counts() == before


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "{"])
def test_import_not_a_document_is_400(
    world: World, api: Callable[[Any], APIClient], body: str
) -> None:
    before = counts()

    response = api(world.lead).generic(
        "POST",
        "/api/v1/organizations/st-example/import/",
        body,
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["detail"]
    assert counts() == before


def test_import_other_organization_is_404(world: World, api: Callable[[Any], APIClient]) -> None:
    before = counts()

    response = api(world.lead).post(
        "/api/v1/organizations/elsewhere/import/",
        DOCUMENT
        | {"organization": {"name": "Elsewhere Clinic", "country": "DE", "kind": "hospital"}},
    )

    assert response.status_code == 404
    assert counts() == before


def test_export_is_valid_json_text(world: World, api: Callable[[Any], APIClient]) -> None:
    response = api(world.lead).get(f"/api/v1/assessments/{world.assessment.pk}/export/")

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["format"] == "diam-assessment/1"


def test_import_nul_character_is_400_nothing_written(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    document = DOCUMENT | {
        "answers": [
            *DOCUMENT["answers"],
            {"criterion": "3.1", "status": "met", "comment": "a\x00b"},
        ]
    }
    before = counts()

    response = api(world.lead).post("/api/v1/organizations/st-example/import/", document)

    assert response.status_code == 400
    assert response.json()["errors"] == ["answers[3].comment: contains a NUL character"]
    assert counts() == before
