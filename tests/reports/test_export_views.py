"""Export views: one assessment's answers (whoever may see it), the admin export page, the job
page with its progress fragment, the ZIP download and the admin actions (staff only)."""

import csv
import io
import zipfile
from datetime import datetime, timedelta
from typing import Any

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries
from pytest_django.asserts import assertContains, assertNotContains

from assessments.models import Assessment
from reports import pdf as reports_pdf
from reports.enums import ExportJobStatus
from reports.exports.services import export_job_item_add, export_job_stalled
from reports.exports.tabular import DATETIME_FORMAT
from reports.models import ExportJob
from tests.factories import MembershipFactory, UserFactory
from tests.reports.export_data import client_for, groups_assessment, known_assessment

pytestmark = pytest.mark.usefixtures("catalog")

FAKE_PDF = b"%PDF-1.7 fake"


@pytest.fixture
def fake_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real scorecards are tested in test_jobs.py; these tests need only the bytes."""
    monkeypatch.setattr(reports_pdf, "scorecard_pdf", lambda assessment, *, now: FAKE_PDF)


def staff_client() -> Client:
    return client_for(UserFactory(is_staff=True, is_superuser=True))


def member_client(assessment: Assessment) -> Client:
    return client_for(MembershipFactory(organization=assessment.organization).user)


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_text(content: bytes) -> str:
    """Every cell of every sheet, one per line."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def answers_url(assessment: Assessment, fmt: str = "csv") -> str:
    return reverse("assessment_answers_export", args=[assessment.pk, fmt])


def post_export(client: Client, **data: str) -> Any:
    form = {"date_field": "created", "output": "answers_csv", **data}
    return client.post(reverse("export_index"), form)


# --- one assessment's answers --------------------------------------------------------------------


def test_assessment_answers_csv_member_gets_the_file() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(answers_url(assessment))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="answers-klinikum-sud-{assessment.pk}.csv"'
    )
    rows = csv_rows(response.content)
    assert [(row[3], row[4]) for row in rows[1:]] == [
        ("1.1", "radiology"),
        ("1.1", "cardiology"),
        ("2.2", ""),
    ]


def test_assessment_answers_xlsx_member_gets_the_file() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(answers_url(assessment, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.content.startswith(b"PK")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    updated = [sheet.cell(row=row, column=10) for row in (2, 3, 4)]
    assert [(c.value, c.is_date, c.number_format) for c in updated] == [
        (datetime(2026, 3, 1, 10, 30), True, DATETIME_FORMAT)
    ] * 3
    assert [sheet.cell(row=row, column=3).value for row in (2, 3, 4)] == [assessment.pk] * 3


def test_assessment_answers_member_does_not_see_verdicts_during_review() -> None:
    assessment = known_assessment()  # submitted: the verdicts are not shown to members yet

    response = member_client(assessment).get(answers_url(assessment))

    assert [(row[6], row[7]) for row in csv_rows(response.content)[1:]] == [("", "")] * 3


def test_assessment_answers_staff_sees_verdicts() -> None:
    assessment = known_assessment()

    response = staff_client().get(answers_url(assessment))

    assert [row[6] for row in csv_rows(response.content)[1:]] == [
        "accepted",
        "",
        "not accepted",
    ]


@pytest.mark.parametrize("status", ["changes_requested", "validated"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_assessment_answers_never_carry_the_findings(status: str, fmt: str) -> None:
    # The answers' files have no column for the assessor's findings, even once they are shown.
    assessment = known_assessment()
    Assessment.objects.filter(pk=assessment.pk).update(
        status=status, strengths="Archive-wide governance", recommendations="Publish the portal"
    )

    response = member_client(assessment).get(answers_url(assessment, fmt))

    text = response.content.decode("utf-8-sig") if fmt == "csv" else xlsx_text(response.content)
    assert ("Archive-wide governance" in text, "Publish the portal" in text) == (False, False)
    assert "yet, see: the audit" in text  # the verdicts' comments are there


def test_assessment_answers_assigned_assessor_gets_the_file() -> None:
    assessment = known_assessment()
    assessor = UserFactory()
    Assessment.objects.filter(pk=assessment.pk).update(assessor=assessor)

    response = client_for(assessor).get(answers_url(assessment))

    assert response.status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_assessment_answers_other_organization_404(fmt: str) -> None:
    assessment = known_assessment()
    outsider = MembershipFactory().user

    response = client_for(outsider).get(answers_url(assessment, fmt))

    assert response.status_code == 404


def test_assessment_answers_unassigned_assessor_404() -> None:
    assessment = known_assessment()
    Assessment.objects.filter(pk=assessment.pk).update(assessor=UserFactory())

    response = client_for(UserFactory()).get(answers_url(assessment))

    assert response.status_code == 404


def test_assessment_answers_anonymous_redirects_to_login() -> None:
    assessment = known_assessment()
    url = answers_url(assessment)

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_assessment_answers_unknown_format_404() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(answers_url(assessment, "pdf"))

    assert response.status_code == 404


# --- the admin export page -----------------------------------------------------------------------


def test_export_index_staff_sees_the_form() -> None:
    known_assessment()

    response = staff_client().get(reverse("export_index"))

    assertContains(response, '<h1 class="h3">Exports</h1>', html=True)
    assertContains(response, 'value="scorecards_zip"')
    assertContains(response, '<option value="DE">Germany</option>', html=True)
    assertNotContains(response, '<option value="FR">France</option>', html=True)


def test_export_index_non_staff_member_404() -> None:
    assessment = known_assessment()

    assert member_client(assessment).get(reverse("export_index")).status_code == 404
    assert post_export(member_client(assessment)).status_code == 404


def test_export_index_anonymous_redirects_to_login() -> None:
    url = reverse("export_index")

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def job_file(job: ExportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def test_export_index_assessments_csv_with_a_filter_starts_a_job() -> None:
    known_assessment()
    groups = groups_assessment()

    response = post_export(staff_client(), country="FR", output="assessments_csv")

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert "Content-Disposition" not in response
    assert (job.kind, job.assessment_ids, job.filters, job.status) == (
        "assessments_csv",
        [groups.pk],
        {"country": "FR"},
        ExportJobStatus.DONE,
    )
    rows = csv_rows(job_file(job))
    assert [(row[0], row[2]) for row in rows[1:]] == [("Centre Lumière", str(groups.pk))]


def test_export_index_answers_xlsx_starts_a_job() -> None:
    known = known_assessment()

    response = post_export(staff_client(), output="answers_xlsx")

    job = ExportJob.objects.get()
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert (job.kind, job.assessment_ids, job.done, job.total) == ("answers_xlsx", [known.pk], 3, 3)
    assert job.download_name == f"answers-{job.pk}.xlsx"
    assert "Klinikum Süd" in xlsx_text(job_file(job))


def test_export_index_data_export_nothing_matches() -> None:
    known_assessment()

    response = post_export(staff_client(), status="validated", output="answers_csv")

    assertContains(response, "No assessment matches these filters")
    assert ExportJob.objects.count() == 0


@pytest.mark.usefixtures("fake_pdf")
def test_export_index_scorecards_zip_starts_a_job() -> None:
    known = known_assessment()
    groups_assessment()

    response = post_export(staff_client(), kind="hospital", output="scorecards_zip")

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert (job.assessment_ids, job.filters, job.status) == (
        [known.pk],
        {"kind": "hospital"},
        ExportJobStatus.DONE,
    )


def test_export_index_scorecards_zip_nothing_matches() -> None:
    known_assessment()

    response = post_export(staff_client(), status="validated", output="scorecards_zip")

    assertContains(response, "No assessment matches these filters")
    assert ExportJob.objects.count() == 0


def test_export_index_dates_in_the_wrong_order() -> None:
    known_assessment()

    response = post_export(
        staff_client(), date_from="2026-03-01", date_to="2026-02-01", output="scorecards_zip"
    )

    assertContains(response, "The end date is before the start date.")
    assert ExportJob.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_export_index_job_list_queries(
    count: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    admin = UserFactory(is_staff=True)
    for _ in range(count):
        ExportJob.objects.create(created_by=UserFactory(), total=1)
    client = client_for(admin)

    # Session, user, the countries of the form, the jobs with their authors.
    with django_assert_num_queries(4):
        response = client.get(reverse("export_index"))

    assert len(response.context["jobs"]) == count


# --- the job page, its progress fragment, the download -------------------------------------------


def running_job() -> ExportJob:
    return ExportJob.objects.create(
        status=ExportJobStatus.RUNNING,
        total=4,
        done=1,
        assessment_ids=[1, 2, 3, 4],
        filters={"status": "validated", "country": "DE"},
        failures=[{"assessment": 2, "message": "RuntimeError: fonts missing"}],
    )


def done_job() -> ExportJob:
    job = ExportJob.objects.create(status=ExportJobStatus.DONE, total=2, done=2)
    job.file.save("x.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return job


def test_export_job_page_staff_sees_progress_that_polls() -> None:
    job = running_job()

    response = staff_client().get(reverse("export_job", args=[job.pk]))

    progress_url = reverse("export_job_progress", args=[job.pk])
    assertContains(response, f'hx-get="{progress_url}" hx-trigger="every 1s"')
    assertContains(response, 'aria-valuenow="25"')
    assertContains(response, '<div class="progress-bar pct-25"></div>', html=True)
    assertContains(response, "Running: 1 of 4 scorecards (25 %).")
    assertContains(response, "RuntimeError: fonts missing")
    assertContains(response, "<li>Status: Validated</li>", html=True)
    assertContains(response, "<li>Country: Germany</li>", html=True)
    assertNotContains(response, reverse("export_job_download", args=[job.pk]))


def test_export_job_progress_done_stops_polling_and_links_the_zip() -> None:
    job = done_job()

    response = staff_client().get(reverse("export_job_progress", args=[job.pk]))

    assertNotContains(response, "hx-get")
    assertNotContains(response, "<html")
    assertContains(response, reverse("export_job_download", args=[job.pk]))
    assertContains(response, "Done: 2 of 2 scorecards (100 %).")


@pytest.mark.parametrize("name", ["export_job", "export_job_progress", "export_job_download"])
def test_export_job_pages_non_staff_404(name: str) -> None:
    job = done_job()
    member = MembershipFactory().user

    response = client_for(member).get(reverse(name, args=[job.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["export_job", "export_job_progress", "export_job_download"])
def test_export_job_pages_anonymous_redirects_to_login(name: str) -> None:
    job = done_job()
    url = reverse(name, args=[job.pk])

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_export_job_download_staff_gets_the_zip_as_attachment() -> None:
    job = done_job()

    response = staff_client().get(reverse("export_job_download", args=[job.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="scorecards-{job.pk}.zip"'
    assert b"".join(response.streaming_content) == b"PK\x05\x06" + b"\0" * 18


def test_export_job_download_running_job_404() -> None:
    job = running_job()

    response = staff_client().get(reverse("export_job_download", args=[job.pk]))

    assert response.status_code == 404


# --- admin actions -------------------------------------------------------------------------------


def admin_action(client: Client, action: str, assessments: list[Assessment]) -> Any:
    return client.post(
        reverse("admin:assessments_assessment_changelist"),
        {"action": action, "_selected_action": [a.pk for a in assessments]},
    )


@pytest.mark.usefixtures("fake_pdf")
def test_admin_action_scorecards_zip_runs_a_job() -> None:
    known = known_assessment()
    groups = groups_assessment()

    response = admin_action(staff_client(), "export_scorecards_zip", [known, groups])

    job = ExportJob.objects.get()
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert (job.status, job.assessment_ids) == (ExportJobStatus.DONE, [groups.pk, known.pk])
    with job.file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert names == [
        f"centre-lumiere-{groups.pk}.pdf",
        f"klinikum-sud-{known.pk}.pdf",
        "assessments.csv",
    ]


@pytest.mark.parametrize(
    ("action", "kind", "name"),
    [
        ("export_answers_csv", "answers_csv", "answers-{}.csv"),
        ("export_answers_xlsx", "answers_xlsx", "answers-{}.xlsx"),
        ("export_assessments_csv", "assessments_csv", "assessments-{}.csv"),
        ("export_assessments_xlsx", "assessments_xlsx", "assessments-{}.xlsx"),
    ],
)
def test_admin_action_data_exports_start_a_job(action: str, kind: str, name: str) -> None:
    known = known_assessment()
    groups_assessment()

    response = admin_action(staff_client(), action, [known])

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert (job.kind, job.assessment_ids, job.status) == (kind, [known.pk], ExportJobStatus.DONE)
    assert job.download_name == name.format(job.pk)


def test_admin_action_assessments_csv_only_the_selection() -> None:
    known = known_assessment()
    groups_assessment()

    admin_action(staff_client(), "export_assessments_csv", [known])

    rows = csv_rows(job_file(ExportJob.objects.get()))
    assert [row[2] for row in rows[1:]] == [str(known.pk)]


def test_export_job_admin_is_read_only() -> None:
    job = done_job()
    client = staff_client()

    listing = client.get(reverse("admin:reports_exportjob_changelist"))
    add = client.get(reverse("admin:reports_exportjob_add"))
    change = client.post(reverse("admin:reports_exportjob_change", args=[job.pk]), {"total": 9})

    assertContains(listing, reverse("export_job", args=[job.pk]))
    assert add.status_code == 403
    assert change.status_code == 403
    job.refresh_from_db()
    assert job.total == 2


@pytest.mark.parametrize(("seconds_ago", "stalled"), [(59, False), (61, True)])
def test_export_job_progress_tells_when_a_running_job_lost_its_worker(
    seconds_ago: int, stalled: bool
) -> None:
    job = running_job()
    ExportJob.objects.filter(pk=job.pk).update(
        progressed_at=timezone.now() - timedelta(seconds=seconds_ago)
    )

    response = staff_client().get(reverse("export_job_progress", args=[job.pk]))

    assert ('data-testid="job-stalled"' in response.content.decode()) == stalled
    # It keeps polling: a job that moves again clears the notice.
    assertContains(response, "hx-get")


def test_export_job_progress_says_a_resumed_job_was_resumed() -> None:
    job = running_job()
    ExportJob.objects.filter(pk=job.pk).update(progressed_at=timezone.now(), attempts=2)

    response = staff_client().get(reverse("export_job_progress", args=[job.pk]))

    assertContains(response, 'data-testid="job-resumed"')
    assertNotContains(response, 'data-testid="job-stalled"')


def test_export_job_progress_records_when_it_last_moved() -> None:
    job = running_job()
    before = timezone.now()

    export_job_item_add(job=job, assessment_id=1, name="a-1.pdf", content=FAKE_PDF)

    job.refresh_from_db()
    assert (job.done, job.progressed_at is not None and job.progressed_at >= before) == (2, True)
    assert export_job_stalled(job=job, now=before + timedelta(seconds=60)) is False
    assert export_job_stalled(job=job, now=job.progressed_at + timedelta(seconds=61)) is True
