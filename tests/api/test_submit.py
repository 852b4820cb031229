from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from rest_framework.test import APIClient

from assessments.enums import AssessmentStatus
from assessments.models import Assessment, AssessmentResult
from tests.api.helpers import World
from tests.assessments.review_factories import answer_everything

# Who may submit (assessments.views.submit): leads and admins; contributors and the assessor see
# the assessment but are refused (403); a member of another organization gets 404.
SUBMITS = {
    "lead": 200,
    "contributor": 403,
    "outsider": 404,
    "assessor": 403,
    "admin": 200,
    "anonymous": 401,
}


def submit_url(world: World) -> str:
    return f"/api/v1/assessments/{world.assessment.pk}/submit/"


def state(world: World) -> tuple[str, int | None]:
    assessment = Assessment.objects.get(pk=world.assessment.pk)
    return assessment.status, assessment.self_assessed_stage


@pytest.mark.parametrize("role", list(SUBMITS))
def test_submit_by_role(world: World, api: Callable[[Any], APIClient], role: str) -> None:
    answer_everything(world.assessment)

    response = api(world.user(role)).post(submit_url(world), {})

    assert response.status_code == SUBMITS[role]
    if response.status_code == 200:
        assert response.json()["status"] == "submitted"
        assert response.json()["stage"] == 7
        assert state(world) == ("submitted", 7)
    else:
        assert state(world) == ("draft", None)


def test_submit_records_the_result_and_tells_the_assessor(
    world: World, api: Callable[[Any], APIClient], django_capture_on_commit_callbacks: Any
) -> None:
    answer_everything(world.assessment)

    with django_capture_on_commit_callbacks(execute=True):
        response = api(world.lead).post(submit_url(world), {"expected_stage": 7})

    assert response.status_code == 200
    assert AssessmentResult.objects.filter(assessment=world.assessment).count() == 1
    assert [message.to for message in mail.outbox] == [[world.assessor.email]]


def test_submit_missing_answers_is_400_with_the_list(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    answer_everything(world.assessment)
    world.assessment.answers.filter(criterion__code__in=["2.2", "1.1"]).delete()

    response = api(world.lead).post(submit_url(world), {})

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == (
        "3 required answers are still missing: answer them before submitting."
    )
    assert [(m["criterion"], m["service_area"]) for m in body["missing"]] == [
        ("1.1", "radiology"),
        ("1.1", "cardiology"),
        ("2.2", None),
    ]
    assert body["missing"][0]["web_url"].startswith(
        f"http://testserver/assessments/{world.assessment.pk}/sections/"
    )
    assert state(world) == ("draft", None)


def test_submit_stage_changed_is_400(world: World, api: Callable[[Any], APIClient]) -> None:
    answer_everything(world.assessment)

    response = api(world.lead).post(submit_url(world), {"expected_stage": 5})

    assert response.status_code == 400
    assert response.json()["detail"].startswith(
        "The answers changed since you opened this page: the stage is now 7."
    )
    assert response.json()["missing"] == []
    assert state(world) == ("draft", None)


@pytest.mark.parametrize("body", [{"expected_stage": 8}, {"expected_stage": "seven"}])
def test_submit_bad_input_is_400(
    world: World, api: Callable[[Any], APIClient], body: dict[str, Any]
) -> None:
    answer_everything(world.assessment)

    response = api(world.lead).post(submit_url(world), body)

    assert response.status_code == 400
    assert list(response.json()) == ["expected_stage"]
    assert state(world) == ("draft", None)


def test_submit_twice_is_400(world: World, api: Callable[[Any], APIClient]) -> None:
    answer_everything(world.assessment)
    client = api(world.lead)
    client.post(submit_url(world), {})

    response = client.post(submit_url(world), {})

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "This assessment cannot be submitted now: its status is “Submitted”."
    )
    assert response.json()["missing"] == []


def test_submit_other_organization_is_404(world: World, api: Callable[[Any], APIClient]) -> None:
    response = api(world.lead).post(f"/api/v1/assessments/{world.other_assessment.pk}/submit/")

    assert response.status_code == 404
    assert Assessment.objects.get(pk=world.other_assessment.pk).status == AssessmentStatus.DRAFT
