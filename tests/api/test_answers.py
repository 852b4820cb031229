from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from api import views as api_views
from assessments.answers import answer_save
from assessments.enums import AssessmentStatus
from assessments.models import Answer, Assessment, AssessmentArea
from tests.api.helpers import World, answer, answers_snapshot
from tests.assessments.review_factories import VerdictFactory

SEES = {
    "lead": 200,
    "contributor": 200,
    "outsider": 404,
    "assessor": 200,
    "admin": 200,
    "anonymous": 401,
}
# Who may answer a draft (assessments.views.workspace): its members and admins.
WRITES = {
    "lead": 201,
    "contributor": 201,
    "outsider": 404,
    "assessor": 403,
    "admin": 201,
    "anonymous": 401,
}


def url(world: World, code: str, area: str | None = None) -> str:
    base = f"/api/v1/assessments/{world.assessment.pk}/answers/{code}/"
    return f"{base}{area}/" if area else base


# --- Reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(SEES))
def test_answer_list_by_role(world: World, api: Callable[[Any], APIClient], role: str) -> None:
    answer(world.assessment, "2.2")

    response = api(world.user(role)).get(f"/api/v1/assessments/{world.assessment.pk}/answers/")

    assert response.status_code == SEES[role]
    if response.status_code == 200:
        assert [a["criterion"] for a in response.json()["results"]] == ["2.2"]


def test_answer_list_in_survey_order_without_inactive_areas(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    answer(world.assessment, "2.2", comment="PACS", updated_by=world.contributor)
    answer(world.assessment, "1.1", "cardiology", status="partial")
    answer(world.assessment, "1.1", "radiology")
    answer(world.assessment, "1.1", "pathology")  # its area is not active
    expected_first = {
        "criterion": "1.1",
        "service_area": "radiology",
        "status": "met",
        "comment": "",
        "version": 1,
        "updated_by": None,
    }

    results = (
        api(world.lead).get(f"/api/v1/assessments/{world.assessment.pk}/answers/").json()["results"]
    )

    assert [(a["criterion"], a["service_area"]) for a in results] == [
        ("1.1", "radiology"),
        ("1.1", "cardiology"),
        ("2.2", None),
    ]
    assert {k: v for k, v in results[0].items() if k != "updated_at"} == expected_first
    assert results[2]["updated_by"] == world.contributor.username


@pytest.mark.parametrize("extra", [1, 3])
def test_answer_list_query_count(
    world: World, api: Callable[[Any], APIClient], django_assert_num_queries: Any, extra: int
) -> None:
    for code in ["2.2", "3.1", "3.2"][:extra]:
        answer(world.assessment, code, updated_by=world.lead)
    client = api(world.lead)

    # The assessment and the role (access), the count, the page.
    with django_assert_num_queries(4):
        response = client.get(f"/api/v1/assessments/{world.assessment.pk}/answers/")

    assert response.json()["count"] == extra


@pytest.mark.parametrize("role", list(SEES))
def test_answer_detail_by_role(world: World, api: Callable[[Any], APIClient], role: str) -> None:
    answer(world.assessment, "1.1", "radiology", status="partial")

    response = api(world.user(role)).get(url(world, "1.1", "radiology"))

    assert response.status_code == SEES[role]
    if response.status_code == 200:
        assert response.json()["status"] == "partial"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("9.9/", "Unknown criterion “9.9” for this assessment."),
        ("0.1/", "Unknown criterion “0.1” for this assessment."),
        ("2.2/radiology/", "Criterion 2.2 is answered once for the organization, not per area"),
        ("1.1/", "Criterion 1.1 is answered per service area"),
        ("1.1/pathology/", "The service area “pathology” is not active in this assessment."),
        ("2.2/", "This question has no answer yet."),
        ("%00/", "Unknown criterion “\x00” for this assessment."),
    ],
)
def test_answer_detail_unknown_slot_is_404_with_reason(
    world: World, api: Callable[[Any], APIClient], path: str, message: str
) -> None:
    response = api(world.lead).get(f"/api/v1/assessments/{world.assessment.pk}/answers/{path}")

    assert response.status_code == 404
    assert response.json()["detail"].startswith(message)


# --- Writing -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(WRITES))
def test_answer_put_by_role(world: World, api: Callable[[Any], APIClient], role: str) -> None:
    response = api(world.user(role)).put(
        url(world, "2.2"), {"status": "met", "comment": "PACS", "version": 0}
    )

    assert response.status_code == WRITES[role]
    stored = answers_snapshot(world.assessment)
    if response.status_code == 201:
        assert response.json()["version"] == 1
        assert stored == [("2.2", None, "met", "PACS", 1)]
    else:
        assert stored == []


def test_answer_put_other_organization_is_404(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    response = api(world.lead).put(
        f"/api/v1/assessments/{world.other_assessment.pk}/answers/2.2/",
        {"status": "met", "version": 0},
    )

    assert response.status_code == 404
    assert Answer.objects.count() == 0


def test_answer_put_with_version_saves_next_version(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    answer(world.assessment, "1.1", "radiology", status="partial")

    response = api(world.contributor).put(
        url(world, "1.1", "radiology"), {"status": "met", "comment": "since 2015", "version": 1}
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["updated_by"] == world.contributor.username
    assert answers_snapshot(world.assessment) == [("1.1", "radiology", "met", "since 2015", 2)]


@pytest.mark.parametrize("sent", [0, 1, 3])
def test_answer_put_stale_version_is_409_with_current(
    world: World, api: Callable[[Any], APIClient], sent: int
) -> None:
    answer(world.assessment, "2.2", status="partial", comment="theirs", version=2)
    before = answers_snapshot(world.assessment)

    response = api(world.lead).put(
        url(world, "2.2"), {"status": "met", "comment": "mine", "version": sent}
    )

    assert response.status_code == 409
    body = response.json()
    assert body["current"]["status"] == "partial"
    assert body["current"]["comment"] == "theirs"
    assert body["current"]["version"] == 2
    assert "now version 2" in body["detail"]
    assert answers_snapshot(world.assessment) == before


def test_answer_put_same_values_is_unchanged(world: World, api: Callable[[Any], APIClient]) -> None:
    answer(world.assessment, "2.2", status="met", comment="same")

    response = api(world.lead).put(
        url(world, "2.2"), {"status": "met", "comment": "same", "version": 1}
    )

    assert response.status_code == 200
    assert answers_snapshot(world.assessment) == [("2.2", None, "met", "same", 1)]


def test_answer_patch_changes_only_what_is_sent(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    answer(world.assessment, "2.2", status="partial", comment="old")

    response = api(world.lead).patch(
        url(world, "2.2"), {"comment": "line 1\r\nline 2", "version": 1}
    )

    assert response.status_code == 200
    assert answers_snapshot(world.assessment) == [("2.2", None, "partial", "line 1\nline 2", 2)]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"status": "done", "version": 0}, {"status": ["Unknown status “done”."]}),
        (
            {"status": "na", "version": 0},
            {
                "status": [
                    "“na” is not allowed for criterion 2.2: it is answered once for the "
                    "organization, never “not applicable”."
                ]
            },
        ),
        ({"status": "met"}, {"version": ["This field is required."]}),
        (
            {"status": "met", "version": -1},
            {"version": ["Ensure this value is greater than or equal to 0."]},
        ),
        ({"version": 0}, {"status": ["This field is required."]}),
        (
            {"status": "met", "comment": "x" * 10_001, "version": 0},
            {"comment": ["Ensure this field has no more than 10000 characters."]},
        ),
        ([1, 2], {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
    ],
)
def test_answer_put_bad_input_is_400_nothing_written(
    world: World, api: Callable[[Any], APIClient], body: Any, errors: dict[str, list[str]]
) -> None:
    response = api(world.lead).put(url(world, "2.2"), body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert Answer.objects.count() == 0


def test_answer_patch_without_status_and_no_answer_is_400(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    response = api(world.lead).patch(url(world, "2.2"), {"comment": "no status", "version": 0})

    assert response.status_code == 400
    assert response.json() == {"status": ["This field is required."]}
    assert Answer.objects.count() == 0


def test_answer_put_na_for_an_area(world: World, api: Callable[[Any], APIClient]) -> None:
    response = api(world.lead).put(url(world, "2.1", "cardiology"), {"status": "na", "version": 0})

    assert response.status_code == 201
    assert answers_snapshot(world.assessment) == [("2.1", "cardiology", "na", "", 1)]


def test_answer_put_malformed_json_is_400(world: World, api: Callable[[Any], APIClient]) -> None:
    response = api(world.lead).generic(
        "PUT", url(world, "2.2"), '{"status": "met",', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert Answer.objects.count() == 0


@pytest.mark.parametrize(
    "status",
    [AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW, AssessmentStatus.VALIDATED],
)
def test_answer_put_closed_assessment_is_403(
    world: World, api: Callable[[Any], APIClient], status: str
) -> None:
    answer(world.assessment, "2.2", status="partial")
    world.assessment.status = status
    world.assessment.save()

    response = api(world.lead).put(url(world, "2.2"), {"status": "met", "version": 1})

    assert response.status_code == 403
    assert "its answers cannot be changed now" in response.json()["detail"]
    assert answers_snapshot(world.assessment) == [("2.2", None, "partial", "", 1)]


def test_answer_put_after_review_only_challenged_answers(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    accepted = answer(world.assessment, "2.2", status="partial")
    challenged = answer(world.assessment, "3.1", status="partial")
    VerdictFactory(answer=accepted, accepted=True, assessor=world.assessor)
    VerdictFactory(answer=challenged, accepted=False, comment="Evidence?", assessor=world.assessor)
    world.assessment.status = AssessmentStatus.CHANGES_REQUESTED
    world.assessment.save()
    client = api(world.contributor)

    refused = client.put(url(world, "2.2"), {"status": "met", "version": 1})
    saved = client.put(url(world, "3.1"), {"status": "met", "version": 1})

    assert refused.status_code == 403
    assert saved.status_code == 200
    assert answers_snapshot(world.assessment) == [
        ("2.2", None, "partial", "", 1),
        ("3.1", None, "met", "", 2),
    ]


def test_answer_put_inactive_area_is_404(world: World, api: Callable[[Any], APIClient]) -> None:
    AssessmentArea.objects.filter(
        assessment=world.assessment, service_area__code="cardiology"
    ).delete()

    response = api(world.lead).put(url(world, "1.1", "cardiology"), {"status": "met", "version": 0})

    assert response.status_code == 404
    assert Answer.objects.count() == 0


def test_answer_put_assessment_closed_meanwhile_is_409(
    world: World, api: Callable[[Any], APIClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(world.assessment, "2.2", status="partial")

    def submitted_first(**kwargs: Any) -> Any:
        # A colleague's submission commits between the request's checks and its save.
        Assessment.objects.filter(pk=world.assessment.pk).update(status=AssessmentStatus.SUBMITTED)
        return answer_save(**kwargs)

    monkeypatch.setattr(api_views, "answer_save", submitted_first)

    response = api(world.lead).put(url(world, "2.2"), {"status": "met", "version": 1})

    assert response.status_code == 409
    assert response.json()["current"]["status"] == "partial"
    assert answers_snapshot(world.assessment) == [("2.2", None, "partial", "", 1)]


def test_answer_put_nul_character_is_400(world: World, api: Callable[[Any], APIClient]) -> None:
    response = api(world.lead).put(
        url(world, "2.2"), {"status": "met", "comment": "a\x00b", "version": 0}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["comment"]
    assert Answer.objects.count() == 0


def test_answer_put_refused_by_the_model_is_400(
    world: World, api: Callable[[Any], APIClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(**kwargs: Any) -> Any:
        raise ValidationError("Refused by the model.")

    monkeypatch.setattr(api_views, "answer_save", refused)

    response = api(world.lead).put(url(world, "2.2"), {"status": "met", "version": 0})

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Refused by the model."]}
