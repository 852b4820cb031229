"""Starting an assessment from a file in the browser: a lead uploads diam-assessment/1 or a FHIR
QuestionnaireResponse, sees what will be created, confirms; bad files create nothing."""

import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.enums import Role
from assessments.models import Answer, Assessment, Membership
from fhir_interop.selectors import assessment_questionnaire_response
from tests.factories import AnswerFactory
from tests.workbooks.workbook_data import People, anonymous, client_for, people
from workbooks.models import PendingUpload

pytestmark = pytest.mark.usefixtures("catalog")

DOCUMENT = {
    "format": "diam-assessment/1",
    "model": "diam",
    "title": "Workshop import",
    "organization": {"name": "St. Example Hospital", "country": "DE", "kind": "hospital"},
    "service_areas": [
        {"code": "radiology", "annual_volume": 120000},
        {"code": "cardiology", "annual_volume": 30000},
    ],
    "answers": [
        {"criterion": "1.1", "service_area": "radiology", "status": "met", "comment": "RIS/PACS"},
        {"criterion": "1.1", "service_area": "cardiology", "status": "na"},
        {"criterion": "2.2", "status": "met"},
        {"criterion": "3.1", "status": "partial"},
    ],
}


@pytest.fixture
def team() -> People:
    return people()


def _url(team: People) -> str:
    return reverse("import_page", args=[team.assessment.organization.slug])


def send(client: Client, team: People, content: bytes, name: str = "assessment.json") -> Any:
    return client.post(_url(team), {"file": SimpleUploadedFile(name, content)})


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize(
    ("who", "status"), [("lead", 200), ("contributor", 403), ("outsider", 404)]
)
def test_import_page_access(team: People, who: str, status: int) -> None:
    response = client_for(getattr(team, who)).get(_url(team))

    assert response.status_code == status


def test_import_page_anonymous_goes_to_login(team: People) -> None:
    response = anonymous().get(_url(team))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("who", "status"), [("contributor", 403), ("outsider", 404)])
def test_import_upload_refused_for_non_leads(team: People, who: str, status: int) -> None:
    response = send(client_for(getattr(team, who)), team, json.dumps(DOCUMENT).encode())

    assert response.status_code == status
    assert PendingUpload.objects.count() == 0


def _imported(team: People) -> Assessment:
    return Assessment.objects.exclude(pk=team.assessment.pk).get()


def _answers(assessment: Assessment) -> list[tuple[str, str | None, str, str]]:
    return [
        (a.criterion.code, a.service_area.code if a.service_area else None, a.status, a.comment)
        for a in Answer.objects.filter(assessment=assessment)
    ]


def test_import_diam_document_preview_then_create(team: People) -> None:
    client = client_for(team.lead)

    response = send(client, team, json.dumps(DOCUMENT).encode(), name="workshop.json")
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = text(preview)

    assert preview.status_code == 200
    assert Assessment.objects.count() == 1
    assert '<dd class="col-sm-9" data-testid="import-title">Workshop import</dd>' in html
    assert "Radiology (120000 images a year), Cardiology (30000 images a year)" in html
    assert (
        '<ul class="list-unstyled mb-0" data-testid="import-counts"><li>Met: 2</li>'
        "<li>Partially met: 1</li><li>Not applicable: 1</li></ul>" in html
    )
    assert "The file names “St. Example Hospital”; the assessment is created for your" in html

    created = client.post(response["Location"])

    imported = _imported(team)
    assert created["Location"] == reverse("assessment_detail", args=[imported.pk])
    assert (imported.organization, imported.title, imported.status, imported.created_by) == (
        team.assessment.organization,
        "Workshop import",
        "draft",
        team.lead,
    )
    assert _answers(imported) == [
        ("1.1", "radiology", "met", "RIS/PACS"),
        ("1.1", "cardiology", "na", ""),
        ("2.2", None, "met", ""),
        ("3.1", None, "partial", ""),
    ]
    reasons = set(
        Answer.history.filter(assessment_id=imported.pk).values_list(
            "history_change_reason", "history_user"
        )
    )
    assert reasons == {("Imported from “workshop.json”", team.lead.pk)}
    assert list(
        Assessment.history.filter(id=imported.pk).values_list("history_change_reason", flat=True)
    ) == ["Imported from “workshop.json”"]
    assert PendingUpload.objects.count() == 0


def test_import_fhir_questionnaire_response(team: People) -> None:
    source = people().assessment
    AnswerFactory(assessment=source, status="partial", comment="almost")
    resource = assessment_questionnaire_response(source)
    client = client_for(team.lead)

    response = send(client, team, json.dumps(resource).encode(), name="response.fhir.json")
    preview = text(client.get(response["Location"]))
    client.post(response["Location"])

    assert "FHIR QuestionnaireResponse" in preview
    imported = (
        Assessment.objects.filter(organization=team.assessment.organization)
        .exclude(pk=team.assessment.pk)
        .get()
    )
    # The file's title is taken in this organization: the import is told apart.
    assert imported.title == "DIAM 2026 (2)"
    assert _answers(imported) == [("2.2", None, "partial", "almost")]


def _refused(team: People, content: bytes, name: str = "assessment.json") -> str:
    response = send(client_for(team.lead), team, content, name=name)
    assert response.status_code == 422
    assert Assessment.objects.count() == 1
    assert PendingUpload.objects.count() == 0
    return text(response)


def test_import_not_json_is_refused(team: People) -> None:
    html = _refused(team, b"%PDF-1.7\n\xff\xfe", name="assessment.json")

    assert "This file is not JSON: upload a diam-assessment/1 file or a FHIR" in html


def test_import_unknown_kind_of_json_is_refused(team: People) -> None:
    html = _refused(team, b'{"hello": "world"}')

    assert "Unknown kind of file: expected a diam-assessment/1 document" in html


def test_import_invalid_document_names_each_entry(team: People) -> None:
    document = {
        **DOCUMENT,
        "answers": [
            {"criterion": "9.9", "status": "met"},
            {"criterion": "2.2", "status": "na"},
        ],
    }

    html = _refused(team, json.dumps(document).encode())

    assert "answers[0]: unknown criterion &quot;9.9&quot;" in html
    assert (
        "answers[1]: status &quot;na&quot; is only allowed for criteria answered per service area"
        in html
    )


def test_import_invalid_fhir_names_the_link_id(team: People) -> None:
    html = _refused(team, json.dumps({"resourceType": "QuestionnaireResponse"}).encode())

    assert "FHIR QuestionnaireResponse" in html
    assert 'data-testid="upload-error"' in html


def test_import_preview_of_another_users_upload_is_404(team: People) -> None:
    response = send(client_for(team.lead), team, json.dumps(DOCUMENT).encode())
    other_lead = people().lead

    Membership.objects.create(
        user=other_lead, organization=team.assessment.organization, role=Role.LEAD
    )

    assert client_for(other_lead).get(response["Location"]).status_code == 404
    assert client_for(other_lead).post(response["Location"]).status_code == 404
    assert Assessment.objects.count() == 2  # the team's and the other one's, nothing imported
