from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from api import views as api_views
from tests.api.helpers import World, answer

SEES = {
    "lead": 200,
    "contributor": 200,
    "outsider": 404,
    "assessor": 200,
    "admin": 200,
    "anonymous": 401,
}
# The assessor's findings: its reviewers always, the organization once validated.
FINDINGS = {"lead": False, "contributor": False, "assessor": True, "admin": True}


@pytest.mark.parametrize("role", list(SEES))
def test_scorecard_by_role(
    world: World, api: Callable[[Any], APIClient], role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[bool] = []

    def fake_pdf(assessment: Any, *, now: Any, show_findings: bool) -> bytes:
        rendered.append(show_findings)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(api_views, "scorecard_pdf", fake_pdf)

    response = api(world.user(role)).get(f"/api/v1/assessments/{world.assessment.pk}/scorecard/")

    assert response.status_code == SEES[role]
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content == b"%PDF-1.7 fake"
        assert rendered == [FINDINGS[role]]
    else:
        assert response["Content-Type"] == "application/json"
        assert rendered == []


def test_scorecard_is_the_pdf(world: World, api: Callable[[Any], APIClient]) -> None:
    answer(world.assessment, "2.2")

    response = api(world.lead).get(
        f"/api/v1/assessments/{world.assessment.pk}/scorecard/", HTTP_ACCEPT="application/pdf"
    )

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Cache-Control"] == "private, no-store"


def test_scorecard_asked_as_json_is_406_in_json(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    response = api(world.lead).get(
        f"/api/v1/assessments/{world.assessment.pk}/scorecard/", HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
