"""Bulk scorecards in the background: the ZIP, the progress, and failures that spare the others.

Tests run with the immediate backend (diam/settings_test.py): a job is done when it is enqueued."""

import csv
import io
import zipfile
from typing import Any

import pytest
from django_tasks.backends.immediate import ImmediateBackend
from pypdf import PdfReader

from assessments.models import Assessment
from reports import pdf as reports_pdf
from reports import tasks
from reports.enums import ExportJobStatus
from reports.exports import services as export_services
from reports.models import ExportJob, ExportJobItem
from reports.tasks import scorecards_export_request, scorecards_zip_render
from tests.factories import OrganizationFactory, UserFactory, assessment_with_areas
from tests.reports.export_data import add_answers
from tests.reports.scorecard_data import (
    changes_requested,
    pdf_text,
    shows_findings,
    validated_assessment,
)

pytestmark = pytest.mark.usefixtures("catalog")


def three_assessments() -> list[Assessment]:
    made = []
    for name, slug in [("Alpha Klinik", "alpha"), ("Beta Spital", "beta"), ("Gamma CHU", "gamma")]:
        assessment = assessment_with_areas(
            ["radiology", "cardiology"], organization=OrganizationFactory(name=name, slug=slug)
        )
        add_answers(assessment, [("1.1", "radiology", "met", ""), ("2.2", None, "met", "ok")])
        made.append(assessment)
    return made


def zip_of(job: ExportJob) -> zipfile.ZipFile:
    with job.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def summary_rows(archive: zipfile.ZipFile) -> list[list[str]]:
    text = archive.read("assessments.csv").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_bulk_job_zip_holds_one_valid_pdf_each_and_the_summary() -> None:
    alpha, beta, gamma = three_assessments()
    admin = UserFactory(is_staff=True)

    job = scorecards_export_request(
        user=admin, assessment_ids=[alpha.pk, beta.pk, gamma.pk], filters={"status": "draft"}
    )

    assert (job.status, job.done, job.total, job.failures) == (ExportJobStatus.DONE, 3, 3, [])
    assert job.task_id != ""
    assert job.finished_at is not None
    archive = zip_of(job)
    pdf_names = [f"alpha-{alpha.pk}.pdf", f"beta-{beta.pk}.pdf", f"gamma-{gamma.pk}.pdf"]
    assert archive.namelist() == [*pdf_names, "assessments.csv"]
    for name, organization in zip(
        pdf_names, ["Alpha Klinik", "Beta Spital", "Gamma CHU"], strict=True
    ):
        content = archive.read(name)
        assert content.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(content))
        assert len(reader.pages) >= 1
        assert organization in reader.pages[0].extract_text()
    rows = summary_rows(archive)
    assert rows[0][-1] == "Scorecard"
    assert [(row[0], row[2], row[-1]) for row in rows[1:]] == [
        ("Alpha Klinik", str(alpha.pk), pdf_names[0]),
        ("Beta Spital", str(beta.pk), pdf_names[1]),
        ("Gamma CHU", str(gamma.pk), pdf_names[2]),
    ]


def test_bulk_job_progress_goes_from_0_to_100_percent(monkeypatch: pytest.MonkeyPatch) -> None:
    assessments = three_assessments()
    seen: list[tuple[str, int, int]] = []

    def record(job: ExportJob) -> None:
        stored = ExportJob.objects.get(pk=job.pk)
        seen.append((stored.status, stored.done, stored.percent))

    def claim(**kwargs: Any) -> ExportJob | None:
        job = export_services.export_job_claim(**kwargs)
        assert job is not None
        record(job)
        return job

    def item_add(*, job: ExportJob, **kwargs: Any) -> ExportJobItem:
        item = export_services.export_job_item_add(job=job, **kwargs)
        record(job)
        return item

    monkeypatch.setattr(tasks, "export_job_claim", claim)
    monkeypatch.setattr(tasks, "export_job_item_add", item_add)

    job = scorecards_export_request(
        user=None, assessment_ids=[a.pk for a in assessments], filters={}
    )

    assert seen == [
        ("running", 0, 0),
        ("running", 1, 33),
        ("running", 2, 66),
        ("running", 3, 100),
    ]
    assert (job.status, job.percent) == (ExportJobStatus.DONE, 100)


def test_bulk_job_failing_scorecard_is_reported_and_the_others_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alpha, beta, gamma = three_assessments()
    real = reports_pdf.scorecard_pdf

    def flaky(assessment: Assessment, *, now: Any) -> bytes:
        if assessment.pk == beta.pk:
            raise RuntimeError("fonts missing")
        return real(assessment, now=now)

    monkeypatch.setattr(reports_pdf, "scorecard_pdf", flaky)

    job = scorecards_export_request(
        user=None, assessment_ids=[alpha.pk, beta.pk, gamma.pk], filters={}
    )

    assert (job.status, job.done, job.total) == (ExportJobStatus.DONE, 3, 3)
    assert job.failures == [{"assessment": beta.pk, "message": "RuntimeError: fonts missing"}]
    archive = zip_of(job)
    assert archive.namelist() == [
        f"alpha-{alpha.pk}.pdf",
        f"gamma-{gamma.pk}.pdf",
        "assessments.csv",
    ]
    assert [row[-1] for row in summary_rows(archive)[1:]] == [
        f"alpha-{alpha.pk}.pdf",
        "",
        f"gamma-{gamma.pk}.pdf",
    ]


def test_bulk_job_deleted_assessment_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    (alpha,) = three_assessments()[:1]
    monkeypatch.setattr(reports_pdf, "scorecard_pdf", lambda assessment, *, now: b"%PDF-1.7 x")

    job = scorecards_export_request(user=None, assessment_ids=[alpha.pk, 999_999], filters={})

    assert (job.status, job.done) == (ExportJobStatus.DONE, 2)
    assert job.failures == [{"assessment": 999_999, "message": "The assessment was deleted."}]
    assert zip_of(job).namelist() == [f"alpha-{alpha.pk}.pdf", "assessments.csv"]


def test_bulk_job_crash_marks_the_job_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    (alpha,) = three_assessments()[:1]
    monkeypatch.setattr(reports_pdf, "scorecard_pdf", lambda assessment, *, now: b"%PDF-1.7 x")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(tasks, "assessment_export_rows", boom)

    job = scorecards_export_request(user=None, assessment_ids=[alpha.pk], filters={})

    assert job.status == ExportJobStatus.FAILED
    assert job.failures == [{"assessment": None, "message": "OSError: disk full"}]
    assert job.file.name == ""


def test_bulk_job_finished_job_is_not_run_again(monkeypatch: pytest.MonkeyPatch) -> None:
    (alpha,) = three_assessments()[:1]
    monkeypatch.setattr(reports_pdf, "scorecard_pdf", lambda assessment, *, now: b"%PDF-1.7 x")
    job = scorecards_export_request(user=None, assessment_ids=[alpha.pk], filters={})
    before = (job.status, job.file.name, job.finished_at)

    scorecards_zip_render.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.file.name, job.finished_at) == before


def test_bulk_job_queue_unreachable_marks_the_job_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    (alpha,) = three_assessments()[:1]

    def unreachable(*args: object) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(ImmediateBackend, "enqueue", unreachable)

    job = scorecards_export_request(user=None, assessment_ids=[alpha.pk], filters={})

    assert (job.status, job.done) == (ExportJobStatus.FAILED, 0)
    assert job.failures == [
        {"assessment": None, "message": "The job could not be queued: redis is down"}
    ]


def test_bulk_job_worker_stopped_mid_job_marks_it_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    (alpha,) = three_assessments()[:1]

    def stopped(assessment: Assessment, *, now: Any) -> bytes:
        raise SystemExit(1)  # what db_worker raises on a second Ctrl-C or SIGTERM

    monkeypatch.setattr(reports_pdf, "scorecard_pdf", stopped)

    job = scorecards_export_request(user=None, assessment_ids=[alpha.pk], filters={})

    assert (job.status, job.done) == (ExportJobStatus.FAILED, 0)
    assert job.failures == [
        {
            "assessment": None,
            "message": "Interrupted: the worker was stopped. Start the export again.",
        }
    ]


@pytest.mark.parametrize(("changes", "shown"), [(True, (False, False)), (False, (True, True))])
def test_bulk_job_scorecard_shows_findings_only_once_validated(
    changes: bool, shown: tuple[bool, bool]
) -> None:
    # Admins ask for the ZIP, but its scorecards are the organization's (reports.scorecard).
    assessment = validated_assessment()
    if changes:
        changes_requested(assessment)

    job = scorecards_export_request(
        user=UserFactory(is_staff=True), assessment_ids=[assessment.pk], filters={}
    )

    content = zip_of(job).read(tasks.scorecard_file_name(assessment))
    assert shows_findings(pdf_text(content)) == shown
