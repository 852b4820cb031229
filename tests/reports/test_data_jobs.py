"""Data exports of many assessments (answers, assessments; CSV, XLSX) as background jobs: the
same file as the in-request export made before, progress in rows, the lease, bounded memory.

Tests run with the immediate backend (diam/settings_test.py): a job is done when it is enqueued."""

import csv
import io
import tracemalloc
from datetime import datetime, timedelta

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains
from pytest_django.fixtures import Settings

from assessments.models import Answer, Assessment
from criteria.enums import Scope
from criteria.models import Criterion, ServiceArea
from reports import tasks
from reports.enums import ExportJobKind, ExportJobStatus, ExportOutput
from reports.exports.files import data_export
from reports.exports.services import (
    ExportJobLeaseLost,
    export_job_claim,
    export_job_create,
    export_job_rows_progress,
)
from reports.exports.tabular import DATE_FORMAT, DATETIME_FORMAT
from reports.models import ExportJob
from reports.tasks import data_export_render, data_export_request
from tests.factories import AssessmentFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.reports.export_data import client_for, groups_assessment, known_assessment

pytestmark = pytest.mark.usefixtures("catalog")

DATA_OUTPUTS = ["answers_csv", "answers_xlsx", "assessments_csv", "assessments_xlsx"]


def job_content(job: ExportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def both() -> list[Assessment]:
    known, groups = known_assessment(), groups_assessment()
    return [groups, known]  # the export's order: by organization name


def request_job(output: str, assessments: list[Assessment]) -> ExportJob:
    return data_export_request(
        user=UserFactory(is_staff=True),
        output=output,
        assessment_ids=[a.pk for a in assessments],
        filters={},
    )


@pytest.mark.parametrize("output", ["answers_csv", "assessments_csv"])
def test_data_job_csv_is_the_file_the_request_made(output: str) -> None:
    assessments = both()
    before = data_export(output, Assessment.objects.filter(pk__in=[a.pk for a in assessments]))

    job = request_job(output, assessments)

    assert (job.status, job.kind, job.failures) == (ExportJobStatus.DONE, output, [])
    assert job_content(job) == before.content


@pytest.mark.parametrize("output", ["answers_xlsx", "assessments_xlsx"])
def test_data_job_xlsx_has_the_rows_of_the_request_file(output: str) -> None:
    assessments = both()
    before = data_export(output, Assessment.objects.filter(pk__in=[a.pk for a in assessments]))

    job = request_job(output, assessments)

    rows = xlsx_rows(job_content(job))
    assert rows == xlsx_rows(before.content)
    assert len(rows) == 1 + job.total


def test_data_job_xlsx_dates_are_date_cells_in_the_installation_time_zone(
    settings: Settings,
) -> None:
    settings.TIME_ZONE = "Europe/Berlin"

    job = request_job(ExportOutput.ASSESSMENTS_XLSX, both())

    sheet = openpyxl.load_workbook(io.BytesIO(job_content(job))).active
    assert sheet is not None
    # Klinikum Süd: created 08:00 and submitted 09:15 UTC, in winter (UTC+1); stage 0, a number.
    created, submitted = sheet.cell(row=3, column=10), sheet.cell(row=3, column=11)
    assert [(c.value, c.is_date, c.number_format) for c in (created, submitted)] == [
        (datetime(2026, 2, 1, 9, 0), True, DATETIME_FORMAT),
        (datetime(2026, 3, 2, 10, 15), True, DATETIME_FORMAT),
    ]
    expires = sheet.cell(row=2, column=13)
    assert (expires.value, expires.is_date, expires.number_format) == (
        datetime(2029, 1, 20),
        True,
        DATE_FORMAT,
    )
    stage = sheet.cell(row=3, column=7)
    assert (stage.value, stage.data_type) == (0, "n")


@pytest.mark.parametrize(
    ("output", "rows"),
    [("answers_csv", 11), ("answers_xlsx", 11), ("assessments_csv", 2), ("assessments_xlsx", 2)],
)
def test_data_job_counts_rows_done_of_total(output: str, rows: int) -> None:
    job = request_job(output, both())

    assert (job.done, job.total, job.percent) == (rows, rows, 100)


def test_data_job_records_progress_every_few_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    assessments = both()
    monkeypatch.setattr(tasks, "PROGRESS_EVERY_ROWS", 4)
    seen: list[tuple[int, int]] = []

    def spy(*, job: ExportJob, done: int, total: int) -> None:
        seen.append((done, total))
        export_job_rows_progress(job=job, done=done, total=total)

    monkeypatch.setattr(tasks, "export_job_rows_progress", spy)

    request_job(ExportOutput.ANSWERS_CSV, assessments)

    assert seen == [(0, 11), (4, 11), (8, 11), (11, 11)]


def test_data_job_download_names_and_types() -> None:
    assessments = both()
    client = client_for(UserFactory(is_staff=True))
    got = []

    for output in DATA_OUTPUTS:
        job = request_job(output, assessments)
        response = client.get(reverse("export_job_download", args=[job.pk]))
        got.append((response["Content-Type"], response["Content-Disposition"]))
        # Read to the end: the test client then closes the file itself. response.close() would
        # send request_finished, which on PostgreSQL closes the test's connection mid-test.
        b"".join(response.streaming_content)

    assert [(t, d.rpartition("-")[0]) for t, d in got] == [
        ("text/csv; charset=utf-8", 'attachment; filename="answers'),
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            'attachment; filename="answers',
        ),
        ("text/csv; charset=utf-8", 'attachment; filename="assessments'),
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            'attachment; filename="assessments',
        ),
    ]


def test_data_job_page_shows_rows_written_and_the_download() -> None:
    job = request_job(ExportOutput.ANSWERS_CSV, both())

    response = client_for(UserFactory(is_staff=True)).get(reverse("export_job", args=[job.pk]))

    assertContains(response, f"Answers (CSV) #{job.pk}")
    assertContains(response, "Done: 11 of 11 rows written (100 %).")
    assertContains(response, f"Download answers-{job.pk}.csv")
    assertContains(response, '<dd class="col-sm-9">2</dd>', html=True)  # assessments


def test_data_job_running_page_shows_rows_so_far() -> None:
    job = ExportJob.objects.create(
        kind=ExportJobKind.ASSESSMENTS_XLSX,
        status=ExportJobStatus.RUNNING,
        assessment_ids=[1, 2],
        total=400,
        done=100,
        progressed_at=timezone.now(),
    )

    response = client_for(UserFactory(is_staff=True)).get(
        reverse("export_job_progress", args=[job.pk])
    )

    assertContains(response, "Running: 100 of 400 rows written (25 %).")
    assertContains(response, 'aria-label="Rows written"')


@pytest.mark.parametrize("output", DATA_OUTPUTS)
def test_data_job_pages_member_404_anonymous_to_login(output: str) -> None:
    assessments = both()
    job = request_job(output, assessments)
    member = client_for(MembershipFactory(organization=assessments[1].organization).user)
    outsider = client_for(MembershipFactory(organization=OrganizationFactory()).user)
    got = []

    for name in ["export_job", "export_job_progress", "export_job_download"]:
        url = reverse(name, args=[job.pk])
        anonymous = Client().get(url)
        got.append(
            (
                member.get(url).status_code,
                outsider.get(url).status_code,
                anonymous.status_code,
                anonymous["Location"],
            )
        )

    login = reverse("login")
    assert got == [
        (404, 404, 302, f"{login}?next={reverse(name, args=[job.pk])}")
        for name in ["export_job", "export_job_progress", "export_job_download"]
    ]


def test_data_job_rows_progress_of_a_worker_that_lost_the_lease_writes_nothing() -> None:
    job = export_job_create(
        user=None, assessment_ids=[1], filters={}, kind=ExportJobKind.ANSWERS_CSV, total=10
    )
    mine = export_job_claim(job_id=job.pk, worker="a", now=timezone.now())
    assert mine is not None
    ExportJob.objects.filter(pk=job.pk).update(worker="b")

    with pytest.raises(ExportJobLeaseLost):
        export_job_rows_progress(job=mine, done=5, total=10)

    job.refresh_from_db()
    assert (job.done, job.worker) == (0, "b")


def test_data_job_resumed_after_its_worker_died_starts_again_from_the_first_row() -> None:
    assessments = both()
    ids = [a.pk for a in assessments]
    job = export_job_create(
        user=None, assessment_ids=ids, filters={}, kind=ExportJobKind.ANSWERS_CSV, total=11
    )
    long_ago = timezone.now() - timedelta(hours=1)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJobStatus.RUNNING, worker="dead", done=7, progressed_at=long_ago, attempts=1
    )

    data_export_render.call(job.pk)

    job.refresh_from_db()
    expected = data_export(ExportOutput.ANSWERS_CSV, Assessment.objects.filter(pk__in=ids))
    assert (job.status, job.done, job.total, job.attempts) == (ExportJobStatus.DONE, 11, 11, 2)
    assert job_content(job) == expected.content


def test_data_job_rows_added_after_the_request_are_written_and_counted() -> None:
    known = known_assessment()
    job = export_job_create(
        user=None, assessment_ids=[known.pk], filters={}, kind=ExportJobKind.ANSWERS_CSV, total=1
    )

    data_export_render.call(job.pk)

    job.refresh_from_db()
    assert (job.done, job.total, len(csv_rows(job_content(job)))) == (3, 3, 4)


# --- memory -------------------------------------------------------------------------------------


def many_answers(rows: int) -> list[int]:
    """Assessments holding `rows` answers between them (every criterion, per area where it is
    asked per area), made in bulk."""
    criteria = list(Criterion.objects.exclude(scope=Scope.BASELINE).order_by("order"))
    areas = list(ServiceArea.objects.order_by("order"))
    slots = [(c, a) for c in criteria for a in (areas if c.scope == Scope.AREA else [None])]
    organization = OrganizationFactory(name=f"{rows} answers")
    ids, answers = [], []
    number = 0
    while len(answers) < rows:
        assessment = AssessmentFactory(organization=organization, title=f"A{number}")
        number += 1
        ids.append(assessment.pk)
        for criterion, area in slots[: rows - len(answers)]:
            answers.append(
                Answer(
                    assessment=assessment,
                    criterion=criterion,
                    service_area=area,
                    status="met",
                    comment=f"Comment {len(answers)} " + "x" * 80,
                )
            )
    Answer.objects.bulk_create(answers, batch_size=1000)
    return ids


def peak_bytes(ids: list[int]) -> tuple[int, int]:
    tracemalloc.start()
    try:
        job = data_export_request(
            user=None, output=ExportOutput.ANSWERS_CSV, assessment_ids=ids, filters={}
        )
        return job.done, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_data_job_memory_does_not_grow_with_the_rows(settings: Settings) -> None:
    settings.EXPORT_ROWS_CHUNK_SIZE = 500
    small = many_answers(2_000)
    small_rows, small_peak = peak_bytes(small)
    Answer.objects.all().delete()
    large = many_answers(20_000)

    large_rows, large_peak = peak_bytes(large)

    print(f"peak {small_peak / 1e6:.1f} MB ({small_rows} rows), {large_peak / 1e6:.1f} MB")
    assert (small_rows, large_rows) == (2_000, 20_000)
    # Ten times the rows; holding them all would take about ten times the memory.
    assert large_peak < 2 * small_peak
