"""/fhir/: who reads what (as on the web), content type, errors as OperationOutcome."""

import json
from typing import Any

import pytest
from django.test import Client
from fhir.resources.operationoutcome import OperationOutcome
from knox.models import AuthToken

from assessments.enums import Role
from assessments.models import Assessment
from tests.assessments.review_factories import assessor_user
from tests.factories import MembershipFactory, UserFactory

CONTENT_TYPE = "application/fhir+json; charset=utf-8"
PUBLIC_URLS = [
    "/fhir/Questionnaire/diam",
    "/fhir/CodeSystem/answer-status",
    "/fhir/CodeSystem/service-area",
    "/fhir/CodeSystem/organization-kind",
]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def clients(assessment: Assessment) -> dict[str, Client]:
    """Every kind of reader, for one assessment."""
    member = MembershipFactory(organization=assessment.organization, role=Role.CONTRIBUTOR).user
    outsider = MembershipFactory().user
    assigned = assessor_user()
    assessment.assessor = assigned
    assessment.save(update_fields=["assessor"])
    return {
        "member": client_for(member),
        "other organization": client_for(outsider),
        "assigned assessor": client_for(assigned),
        "unassigned assessor": client_for(assessor_user()),
        "admin": client_for(UserFactory(is_staff=True)),
        "anonymous": Client(),
    }


def outcome(response: Any) -> list[tuple[str, str]]:
    data = json.loads(response.content)
    OperationOutcome.model_validate(data)
    return [(issue["code"], issue["details"]["text"]) for issue in data["issue"]]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("member", 200),
        ("other organization", 404),
        ("assigned assessor", 200),
        ("unassigned assessor", 404),
        ("admin", 200),
        ("anonymous", 401),
    ],
)
def test_questionnaire_response_is_read_as_on_the_web(
    imported: Assessment, who: str, expected: int
) -> None:
    response = clients(imported)[who].get(f"/fhir/QuestionnaireResponse/{imported.pk}")

    assert (response.status_code, response["Content-Type"]) == (expected, CONTENT_TYPE)


def test_questionnaire_response_holds_the_assessment(imported: Assessment) -> None:
    response = clients(imported)["member"].get(f"/fhir/QuestionnaireResponse/{imported.pk}")
    data = json.loads(response.content)

    assert (data["resourceType"], data["id"], response["Cache-Control"]) == (
        "QuestionnaireResponse",
        str(imported.pk),
        "private, no-store",
    )


def test_questionnaire_response_of_another_organization_is_not_found(
    imported: Assessment,
) -> None:
    response = clients(imported)["other organization"].get(
        f"/fhir/QuestionnaireResponse/{imported.pk}"
    )

    assert outcome(response) == [("not-found", "No such resource.")]


@pytest.mark.parametrize("id", ["999999", "abc"])
def test_unknown_questionnaire_response_is_not_found(imported: Assessment, id: str) -> None:
    response = clients(imported)["admin"].get(f"/fhir/QuestionnaireResponse/{id}")

    assert (response.status_code, outcome(response)) == (
        404,
        [("not-found", "No such resource.")],
    )


def test_anonymous_gets_401_with_an_operation_outcome(imported: Assessment) -> None:
    response = Client().get(f"/fhir/QuestionnaireResponse/{imported.pk}")

    assert (response.status_code, response["WWW-Authenticate"], outcome(response)) == (
        401,
        'Bearer realm="fhir"',
        [("login", "Sign in, or send a personal API token (Authorization: Bearer).")],
    )


def test_api_token_reads_the_questionnaire_response(imported: Assessment) -> None:
    member = MembershipFactory(organization=imported.organization).user
    _token, key = AuthToken.objects.create(user=member)

    response = Client().get(
        f"/fhir/QuestionnaireResponse/{imported.pk}", HTTP_AUTHORIZATION=f"Bearer {key}"
    )

    assert response.status_code == 200


def test_api_token_of_another_organization_gets_404(imported: Assessment) -> None:
    _token, key = AuthToken.objects.create(user=MembershipFactory().user)

    response = Client().get(
        f"/fhir/QuestionnaireResponse/{imported.pk}", HTTP_AUTHORIZATION=f"Bearer {key}"
    )

    assert response.status_code == 404


def test_bad_api_token_gets_401(imported: Assessment) -> None:
    response = Client().get(
        f"/fhir/QuestionnaireResponse/{imported.pk}", HTTP_AUTHORIZATION="Bearer nonsense"
    )

    assert response.status_code == 401


@pytest.mark.parametrize("url", PUBLIC_URLS)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("member", 200),
        ("other organization", 200),
        ("assigned assessor", 200),
        ("admin", 200),
        ("anonymous", 401),
    ],
)
def test_catalog_resources_are_read_by_every_signed_in_user(
    imported: Assessment, url: str, who: str, expected: int
) -> None:
    response = clients(imported)[who].get(url)

    assert (response.status_code, response["Content-Type"]) == (expected, CONTENT_TYPE)


@pytest.mark.parametrize(
    ("url", "resource_type"),
    [
        ("/fhir/Questionnaire/diam", "Questionnaire"),
        ("/fhir/CodeSystem/service-area", "CodeSystem"),
    ],
)
def test_catalog_resource_has_its_type(imported: Assessment, url: str, resource_type: str) -> None:
    response = clients(imported)["member"].get(url)

    assert json.loads(response.content)["resourceType"] == resource_type


@pytest.mark.parametrize("url", ["/fhir/Questionnaire/phq-9", "/fhir/CodeSystem/icd-10"])
def test_unknown_catalog_resource_is_not_found(imported: Assessment, url: str) -> None:
    response = clients(imported)["member"].get(url)

    assert (response.status_code, outcome(response)) == (
        404,
        [("not-found", "No such resource.")],
    )


def test_writing_is_not_supported(imported: Assessment) -> None:
    response = clients(imported)["admin"].put(
        f"/fhir/QuestionnaireResponse/{imported.pk}", data="{}", content_type=CONTENT_TYPE
    )

    assert (response.status_code, response["Allow"], outcome(response)) == (
        405,
        "GET, HEAD",
        [("not-supported", "Only reading (GET) is supported here.")],
    )
