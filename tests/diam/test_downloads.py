"""Every download (evidence, answers CSV/XLSX, data exports, scorecard PDF, scorecard ZIP) is
`Cache-Control: private, no-store`: no proxy or browser cache keeps confidential files."""

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from assessments.models import Assessment
from diam.downloads import private_download, stored_file_response
from reports import pdf as reports_pdf
from reports.enums import ExportJobStatus
from reports.models import ExportJob
from tests.assessments.evidence_factories import evidence_with_file
from tests.factories import AnswerFactory, AssessmentFactory, MembershipFactory, UserFactory

NO_STORE = "private, no-store"


@pytest.fixture(autouse=True)
def storage(media_storage: Storage) -> Storage:
    return media_storage


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def member_client(assessment: Assessment) -> Client:
    return client_for(MembershipFactory(organization=assessment.organization).user)


def staff_client() -> Client:
    return client_for(UserFactory(is_staff=True, is_superuser=True))


def download(client: Client, url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
    response = client.post(url, data) if data is not None else client.get(url)
    response.close()
    return response.status_code, response.get("Cache-Control", "")


def test_private_download_sets_cache_control() -> None:
    @private_download
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(b"data", headers={"Cache-Control": "public, max-age=3600"})

    response = view(RequestFactory().get("/"))

    assert (response["Cache-Control"], response.content) == (NO_STORE, b"data")


@pytest.mark.django_db  # closing a response ends the request: old connections are closed
def test_stored_file_response_streams_the_stored_bytes_with_their_length(storage: Storage) -> None:
    content = bytes(range(256)) * 100  # several blocks of FileResponse
    name = storage.save("exports/some.zip", ContentFile(content))

    response = stored_file_response(
        storage, name, filename="scorecards.zip", content_type="application/zip", as_attachment=True
    )

    assert (
        response.streaming,
        response["Content-Length"],
        response["Content-Type"],
        response["Content-Disposition"],
        b"".join(response.streaming_content),
    ) == (
        True,
        str(len(content)),
        "application/zip",
        'attachment; filename="scorecards.zip"',
        content,
    )
    response.close()


def test_stored_file_response_missing_file_not_found(storage: Storage) -> None:
    with pytest.raises(Http404):
        stored_file_response(
            storage,
            "exports/gone.zip",
            filename="x.zip",
            content_type="application/zip",
            as_attachment=True,
        )


@pytest.mark.usefixtures("catalog")
def test_evidence_download_not_stored() -> None:
    evidence = evidence_with_file(AnswerFactory())
    url = reverse("evidence_download", args=[evidence.answer.assessment_id, evidence.pk])

    assert download(member_client(evidence.answer.assessment), url) == (200, NO_STORE)


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_assessment_answers_export_not_stored(fmt: str) -> None:
    assessment = AnswerFactory().assessment
    url = reverse("assessment_answers_export", args=[assessment.pk, fmt])

    assert download(member_client(assessment), url) == (200, NO_STORE)


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    "output", ["answers_csv", "answers_xlsx", "assessments_csv", "assessments_xlsx"]
)
def test_export_job_data_export_not_stored(output: str) -> None:
    AnswerFactory()
    client = staff_client()
    client.post(reverse("export_index"), {"date_field": "created", "output": output})
    url = reverse("export_job_download", args=[ExportJob.objects.get().pk])

    assert download(client, url) == (200, NO_STORE)


@pytest.mark.usefixtures("catalog")
def test_scorecard_download_not_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports_pdf, "scorecard_pdf", lambda *args, **kwargs: b"%PDF-1.7 fake")
    assessment = AssessmentFactory()
    url = reverse("scorecard_pdf", args=[assessment.pk])

    assert download(member_client(assessment), url) == (200, NO_STORE)


@pytest.mark.django_db
def test_export_job_download_not_stored() -> None:
    job = ExportJob.objects.create(status=ExportJobStatus.DONE, total=1, done=1)
    job.file.save("x.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    url = reverse("export_job_download", args=[job.pk])

    assert download(staff_client(), url) == (200, NO_STORE)
