"""A QuestionnaireResponse back to the exchange Document: the same checks as diam-assessment/1,
each problem named by the item's linkId."""

import copy
import json
from typing import Any

import pytest
from django.conf import settings

from assessments.exchange import CatalogIndex, ExchangeError, validate_document
from fhir_interop.canonical import Canonical
from fhir_interop.convert import document_from_questionnaire_response, document_from_text
from tests.fhir_interop.documents import full_document

BASE = settings.DIAM_FHIR_CANONICAL_BASE
STATUS = f"{BASE}/CodeSystem/answer-status"
AREA = f"{BASE}/CodeSystem/service-area"


def item(resource: dict[str, Any], *link_ids: str, occurrence: int = 0) -> dict[str, Any]:
    """The item at the path of linkIds; `occurrence` picks among repeats of the last one."""
    node = resource
    for depth, link_id in enumerate(link_ids):
        matches = [i for i in node["item"] if i["linkId"] == link_id]
        node = matches[occurrence if depth == len(link_ids) - 1 else 0]
    return node


def errors(data: dict[str, Any], index: CatalogIndex) -> list[str]:
    with pytest.raises(ExchangeError) as raised:
        document_from_questionnaire_response(data, index)
    return raised.value.messages


def test_document_from_questionnaire_response_equals_the_original(
    response: dict[str, Any], index: CatalogIndex
) -> None:
    document = document_from_questionnaire_response(response, index)

    assert document == validate_document(full_document(), index)


def test_document_from_questionnaire_response_takes_the_canonical_as_argument(
    response: dict[str, Any], index: CatalogIndex
) -> None:
    other = Canonical(base="https://other.example.org/fhir")

    messages = errors_with(response, index, other)

    assert messages[0] == (
        'questionnaire: expected "https://other.example.org/fhir/Questionnaire/diam|diam", '
        f'got "{BASE}/Questionnaire/diam|diam"'
    )


def errors_with(data: dict[str, Any], index: CatalogIndex, canonical: Canonical) -> list[str]:
    with pytest.raises(ExchangeError) as raised:
        document_from_questionnaire_response(data, index, canonical=canonical)
    return raised.value.messages


def test_questionnaire_without_version_is_accepted(
    response: dict[str, Any], index: CatalogIndex
) -> None:
    response["questionnaire"] = f"{BASE}/Questionnaire/diam"

    document = document_from_questionnaire_response(response, index)

    assert document == validate_document(full_document(), index)


def test_empty_criterion_group_is_unanswered(response: dict[str, Any], index: CatalogIndex) -> None:
    group = item(response, "stage-3", "3.1")
    group["item"] = [i for i in group["item"] if i["linkId"] != "3.1.status"]

    document = document_from_questionnaire_response(response, index)

    assert [a.criterion for a in document.answers if a.criterion == "3.1"] == []


def test_unknown_link_id_is_named(response: dict[str, Any], index: CatalogIndex) -> None:
    item(response, "stage-1")["item"].append(
        {"linkId": "9.9", "item": [{"linkId": "9.9.status", "answer": [{"valueString": "x"}]}]}
    )

    assert errors(response, index) == ['item "9.9": unknown linkId "9.9" in the DIAM questionnaire']


def test_unknown_child_link_id_is_named(response: dict[str, Any], index: CatalogIndex) -> None:
    item(response, "stage-2", "2.2")["item"].append(
        {"linkId": "2.2.area", "answer": [{"valueCoding": {"system": AREA, "code": "radiology"}}]}
    )

    assert errors(response, index) == [
        'item "2.2.area" (in item "2.2"): unknown linkId "2.2.area" in the DIAM questionnaire'
    ]


def test_status_not_allowed_for_an_enterprise_criterion(
    response: dict[str, Any], index: CatalogIndex
) -> None:
    item(response, "stage-2", "2.2", "2.2.status")["answer"] = [
        {"valueCoding": {"system": STATUS, "code": "na"}}
    ]

    assert errors(response, index) == [
        'item "2.2.status" (in item "2.2"): status "na" is not allowed for criterion "2.2" '
        "(allowed: met, partial, not_met)"
    ]


def test_unknown_status_in_a_repeated_group(response: dict[str, Any], index: CatalogIndex) -> None:
    group = item(response, "stage-1", "1.1", occurrence=1)
    item(group, "1.1.status")["answer"] = [{"valueCoding": {"system": STATUS, "code": "maybe"}}]

    assert errors(response, index) == [
        'item "1.1.status" (in item "1.1" #2): status "maybe" is not allowed for criterion "1.1" '
        "(allowed: met, partial, not_met, na)"
    ]


def test_status_of_another_code_system(response: dict[str, Any], index: CatalogIndex) -> None:
    item(response, "stage-3", "3.1", "3.1.status")["answer"] = [
        {"valueCoding": {"system": "http://snomed.info/sct", "code": "met"}}
    ]

    assert errors(response, index) == [
        f'item "3.1.status" (in item "3.1"): expected a code of "{STATUS}", '
        'got system "http://snomed.info/sct"'
    ]


def test_unknown_area(response: dict[str, Any], index: CatalogIndex) -> None:
    item(response, "stage-1", "1.1", "1.1.area")["answer"] = [
        {"valueCoding": {"system": AREA, "code": "veterinary"}}
    ]

    assert errors(response, index) == [
        'item "1.1.area" (in item "1.1"): unknown service area "veterinary"'
    ]


def test_inactive_area(response: dict[str, Any], index: CatalogIndex) -> None:
    item(response, "stage-1", "1.1", "1.1.area")["answer"] = [
        {"valueCoding": {"system": AREA, "code": "pathology"}}
    ]

    assert errors(response, index) == [
        'item "1.1.area" (in item "1.1"): service area "pathology" is not active in this '
        'assessment (add it to "service-areas")'
    ]


def test_area_criterion_without_area(response: dict[str, Any], index: CatalogIndex) -> None:
    group = item(response, "group-a", "A.1")
    group["item"] = [i for i in group["item"] if i["linkId"] != "A.1.area"]

    assert errors(response, index) == [
        'item "A.1": criterion "A.1" is answered per service area; "A.1.area" is missing'
    ]


def test_duplicate_answer(response: dict[str, Any], index: CatalogIndex) -> None:
    section = item(response, "stage-3")
    section["item"].append(copy.deepcopy(item(section, "3.1")))

    assert errors(response, index) == [
        'item "3.1" #2: duplicate answer for criterion "3.1" (see item "3.1")'
    ]


def test_duplicate_service_area(response: dict[str, Any], index: CatalogIndex) -> None:
    response["item"].insert(1, copy.deepcopy(response["item"][0]))

    assert errors(response, index) == [
        'item "service-areas.area" (in item "service-areas" #2): duplicate service area '
        '"radiology" (see item "service-areas.area" (in item "service-areas"))'
    ]


def test_unknown_service_area_in_the_areas_is_named(
    response: dict[str, Any], index: CatalogIndex
) -> None:
    extra = copy.deepcopy(response["item"][0])
    item(extra, "service-areas.area")["answer"] = [
        {"valueCoding": {"system": AREA, "code": "veterinary"}}
    ]
    response["item"].insert(3, extra)

    assert errors(response, index) == [
        'item "service-areas.area" (in item "service-areas" #4): unknown service area "veterinary"'
    ]


def test_missing_organization(response: dict[str, Any], index: CatalogIndex) -> None:
    del response["subject"]

    assert errors(response, index) == [
        "subject: missing organization (a reference to a contained Organization)"
    ]


def test_subject_not_pointing_to_the_contained_organization(
    response: dict[str, Any], index: CatalogIndex
) -> None:
    response["subject"] = {"reference": "Organization/42"}

    assert errors(response, index) == [
        "subject: missing organization: expected a reference to a contained Organization "
        '("#organization"), got "Organization/42"'
    ]


def test_unknown_country_names_the_organization_element(
    response: dict[str, Any], index: CatalogIndex
) -> None:
    response["contained"][0]["contact"][0]["address"]["country"] = "XX"

    assert errors(response, index) == [
        'Organization.contact.address.country: unknown ISO 3166-1 alpha-2 code "XX"'
    ]


def test_wrong_questionnaire(response: dict[str, Any], index: CatalogIndex) -> None:
    response["questionnaire"] = "http://example.org/Questionnaire/phq-9"

    assert errors(response, index) == [
        f'questionnaire: expected "{BASE}/Questionnaire/diam|diam", '
        'got "http://example.org/Questionnaire/phq-9"'
    ]


def test_wrong_questionnaire_version(response: dict[str, Any], index: CatalogIndex) -> None:
    response["questionnaire"] = f"{BASE}/Questionnaire/diam|diam-2019"

    assert errors(response, index) == [
        f'questionnaire: expected "{BASE}/Questionnaire/diam|diam", '
        f'got "{BASE}/Questionnaire/diam|diam-2019"'
    ]


def test_entered_in_error_is_not_imported(response: dict[str, Any], index: CatalogIndex) -> None:
    response["status"] = "entered-in-error"

    assert errors(response, index) == [
        'status: a QuestionnaireResponse with status "entered-in-error" is not imported'
    ]


def test_not_parseable_by_fhir_resources_names_the_item(
    response: dict[str, Any], index: CatalogIndex
) -> None:
    item(response, "service-areas", "service-areas.annual-volume")["answer"] = [
        {"valueInteger": "many"}
    ]

    assert errors(response, index) == [
        'item "service-areas.annual-volume": item.0.item.1.answer.0.valueInteger: not valid '
        "FHIR R5: Input should be a valid integer, unable to parse string as an integer"
    ]


def test_not_a_questionnaire_response(index: CatalogIndex) -> None:
    assert errors({"resourceType": "Questionnaire"}, index) == [
        'resourceType: expected "QuestionnaireResponse", got "Questionnaire"'
    ]


def test_every_problem_is_told_at_once(response: dict[str, Any], index: CatalogIndex) -> None:
    response["questionnaire"] = f"{BASE}/Questionnaire/diam|diam-2019"
    item(response, "stage-2", "2.2", "2.2.status")["answer"] = [
        {"valueCoding": {"system": STATUS, "code": "na"}}
    ]
    response["contained"][0]["contact"][0]["address"]["country"] = "XX"

    assert errors(response, index) == [
        f'questionnaire: expected "{BASE}/Questionnaire/diam|diam", '
        f'got "{BASE}/Questionnaire/diam|diam-2019"',
        'item "2.2.status" (in item "2.2"): status "na" is not allowed for criterion "2.2" '
        "(allowed: met, partial, not_met)",
        'Organization.contact.address.country: unknown ISO 3166-1 alpha-2 code "XX"',
    ]


def test_document_from_text_reads_both_formats(
    response: dict[str, Any], index: CatalogIndex
) -> None:
    from_fhir = document_from_text(json.dumps(response), index)
    from_diam = document_from_text(json.dumps(full_document()), index)

    assert from_fhir == from_diam
