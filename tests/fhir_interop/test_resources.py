"""The resources we produce: valid FHIR R5 (fhir.resources), with the catalog's content."""

from typing import Any

import pytest
from fhir.resources.codesystem import CodeSystem
from fhir.resources.questionnaire import Questionnaire
from fhir.resources.questionnaireresponse import QuestionnaireResponse

from assessments.enums import AssessmentStatus
from assessments.models import Assessment
from criteria.enums import Scope
from criteria.models import CatalogVersion, Criterion, ServiceArea
from fhir_interop.canonical import CODE_SYSTEMS
from fhir_interop.response import response_status
from fhir_interop.selectors import (
    assessment_questionnaire_response,
    code_system_resource,
    questionnaire_resource,
)
from tests.factories import AnswerFactory, MembershipFactory, UserFactory
from tests.fhir_interop.documents import CANONICAL

BASE = CANONICAL.base


def items(node: dict[str, Any]) -> list[dict[str, Any]]:
    return node.get("item", [])


def criterion_items(questionnaire: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        criterion["linkId"]: criterion
        for section in items(questionnaire)[1:]
        for criterion in items(section)
    }


@pytest.fixture
def questionnaire(catalog: CatalogVersion) -> dict[str, Any]:
    return questionnaire_resource(catalog, CANONICAL)


def test_questionnaire_parses_with_fhir_r5(questionnaire: dict[str, Any]) -> None:
    parsed = Questionnaire.model_validate(questionnaire)

    assert parsed.model_dump(mode="json", exclude_none=True) == questionnaire


def test_questionnaire_identity_is_the_catalog_version(questionnaire: dict[str, Any]) -> None:
    assert (questionnaire["id"], questionnaire["url"], questionnaire["version"]) == (
        "diam",
        f"{BASE}/Questionnaire/diam",
        "diam",
    )


def test_questionnaire_has_a_group_per_stage_and_group(questionnaire: dict[str, Any]) -> None:
    assert [i["linkId"] for i in items(questionnaire)] == [
        "service-areas",
        "stage-0",
        "stage-1",
        "stage-2",
        "stage-3",
        "stage-4",
        "group-a",
        "group-b",
        "group-c",
    ]


def test_questionnaire_holds_every_criterion_with_its_text_verbatim(
    questionnaire: dict[str, Any], catalog: CatalogVersion
) -> None:
    found = {code: item["text"] for code, item in criterion_items(questionnaire).items()}

    assert found == dict(Criterion.objects.filter(catalog=catalog).values_list("code", "text"))


def test_area_criterion_is_a_repeating_group_of_area_status_and_comment(
    questionnaire: dict[str, Any],
) -> None:
    item = criterion_items(questionnaire)["2.1"]

    assert (item["type"], item["repeats"], [(i["linkId"], i["type"]) for i in item["item"]]) == (
        "group",
        True,
        [("2.1.area", "coding"), ("2.1.status", "coding"), ("2.1.comment", "text")],
    )


def test_enterprise_criterion_is_a_group_of_status_and_comment(
    questionnaire: dict[str, Any],
) -> None:
    item = criterion_items(questionnaire)["2.2"]

    assert (item["repeats"], [(i["linkId"], i["type"]) for i in item["item"]]) == (
        False,
        [("2.2.status", "coding"), ("2.2.comment", "text")],
    )


def test_answer_options_are_the_statuses_allowed_for_each_criterion(
    questionnaire: dict[str, Any],
) -> None:
    options = {
        code: [
            (o["valueCoding"]["system"], o["valueCoding"]["code"])
            for o in item["item"][-2]["answerOption"]
        ]
        for code, item in criterion_items(questionnaire).items()
        if item["type"] == "group"
    }
    system = f"{BASE}/CodeSystem/answer-status"
    expected = {
        c.code: [(system, s) for s in ("met", "partial", "not_met", "na")][
            : 4 if c.scope == Scope.AREA else 3
        ]
        for c in Criterion.objects.exclude(scope=Scope.BASELINE)
    }

    assert options == expected


def test_area_options_are_the_service_areas(questionnaire: dict[str, Any]) -> None:
    area_item = items(items(questionnaire)[0])[0]

    assert [o["valueCoding"]["code"] for o in area_item["answerOption"]] == list(
        ServiceArea.objects.values_list("code", flat=True)
    )


def test_baseline_criterion_is_shown_not_asked(questionnaire: dict[str, Any]) -> None:
    assert criterion_items(questionnaire)["0.1"]["type"] == "display"


@pytest.mark.parametrize("id", CODE_SYSTEMS)
def test_code_system_parses_with_fhir_r5(catalog: CatalogVersion, id: str) -> None:
    data = code_system_resource(id, CANONICAL)
    assert data is not None

    parsed = CodeSystem.model_validate(data)

    assert (parsed.url, parsed.count) == (f"{BASE}/CodeSystem/{id}", len(data["concept"]))


def test_answer_status_code_system_holds_the_answer_statuses(catalog: CatalogVersion) -> None:
    data = code_system_resource("answer-status", CANONICAL)
    assert data is not None

    assert [(c["code"], c["display"]) for c in data["concept"]] == [
        ("met", "Met"),
        ("partial", "Partially met"),
        ("not_met", "Not met"),
        ("na", "Not applicable"),
    ]


def test_service_area_code_system_holds_the_service_areas(catalog: CatalogVersion) -> None:
    data = code_system_resource("service-area", CANONICAL)
    assert data is not None

    assert [c["code"] for c in data["concept"]] == list(
        ServiceArea.objects.values_list("code", flat=True)
    )


def test_unknown_code_system_is_none(catalog: CatalogVersion) -> None:
    assert code_system_resource("icd-10", CANONICAL) is None


def test_questionnaire_response_parses_with_fhir_r5(imported: Assessment) -> None:
    data = assessment_questionnaire_response(imported, CANONICAL)

    parsed = QuestionnaireResponse.model_validate(data)

    # fhir.resources writes UTC as "Z" where Python writes "+00:00".
    dumped = parsed.model_dump(mode="json", exclude_none=True)
    assert (dumped.pop("authored"), dumped) == (
        data["authored"].replace("+00:00", "Z"),
        {key: value for key, value in data.items() if key != "authored"},
    )


def test_questionnaire_response_names_questionnaire_subject_and_status(
    imported: Assessment,
) -> None:
    data = assessment_questionnaire_response(imported, CANONICAL)

    assert (data["questionnaire"], data["status"], data["subject"]) == (
        f"{BASE}/Questionnaire/diam|diam",
        "in-progress",
        {
            "reference": "#organization",
            "type": "Organization",
            "identifier": {
                "system": f"{BASE}/NamingSystem/organization",
                "value": imported.organization.slug,
            },
            "display": "St. Example Hospital",
        },
    )


def test_questionnaire_response_keeps_every_comment(imported: Assessment) -> None:
    data = assessment_questionnaire_response(imported, CANONICAL)
    comments = [
        answer["valueString"]
        for section in items(data)
        for group in items(section)
        for child in items(group)
        if child["linkId"].endswith(".comment")
        for answer in child["answer"]
    ]

    assert comments == [
        "RIS/PACS since 2015",
        "Import station\nin the ED",
        "  two of five workflows  ",
        "Dashboards, Überblick",
    ]


def test_questionnaire_response_authored_is_the_last_change(imported: Assessment) -> None:
    answer = AnswerFactory(
        assessment=imported,
        criterion=Criterion.objects.get(code="4.1"),
        updated_by=UserFactory(username="editor", first_name="Eva", last_name="Editor"),
    )

    data = assessment_questionnaire_response(imported, CANONICAL)

    assert (data["authored"], data["author"]) == (
        answer.updated_at.isoformat(),
        {"display": "Eva Editor"},
    )


def test_questionnaire_response_author_is_a_lead_when_nobody_edited(
    imported: Assessment,
) -> None:
    MembershipFactory(
        organization=imported.organization, user=UserFactory(username="lea"), role="lead"
    )

    data = assessment_questionnaire_response(imported, CANONICAL)

    assert data["author"] == {"display": "lea"}


def test_questionnaire_response_of_a_resubmitted_validated_assessment_is_amended(
    imported: Assessment,
) -> None:
    # Saved one by one, as the life cycle does, so that the history holds each status.
    for status in (
        AssessmentStatus.SUBMITTED,
        AssessmentStatus.CHANGES_REQUESTED,
        AssessmentStatus.SUBMITTED,
        AssessmentStatus.VALIDATED,
    ):
        imported.status = status
        imported.save()

    assert assessment_questionnaire_response(imported, CANONICAL)["status"] == "amended"


@pytest.mark.parametrize(
    ("status", "resubmitted", "expected"),
    [
        (AssessmentStatus.DRAFT, False, "in-progress"),
        (AssessmentStatus.SUBMITTED, False, "completed"),
        (AssessmentStatus.IN_REVIEW, False, "completed"),
        (AssessmentStatus.CHANGES_REQUESTED, True, "in-progress"),
        (AssessmentStatus.SUBMITTED, True, "amended"),
        (AssessmentStatus.IN_REVIEW, True, "amended"),
        (AssessmentStatus.VALIDATED, False, "completed"),
        (AssessmentStatus.VALIDATED, True, "amended"),
    ],
)
def test_response_status_maps_the_life_cycle(status: str, resubmitted: bool, expected: str) -> None:
    assert response_status(status, resubmitted=resubmitted) == expected
