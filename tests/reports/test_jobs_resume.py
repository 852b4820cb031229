"""Bulk scorecard jobs resumed after their worker died: done scorecards are not rendered again."""

import io
import zipfile
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment
from reports import pdf as reports_pdf
from reports.enums import ExportJobStatus
from reports.exports.services import export_job_claim, export_job_create, export_job_item_add
from reports.models import ExportJob
from reports.tasks import scorecards_zip_render
from tests.factories import OrganizationFactory, assessment_with_areas

pytestmark = pytest.mark.usefixtures("catalog")


def assessments(*slugs: str) -> list[Assessment]:
    return [
        assessment_with_areas(["radiology"], organization=OrganizationFactory(slug=slug))
        for slug in slugs
    ]


def job_left_by_a_dead_worker(made: list[Assessment], *, seconds_ago: int) -> ExportJob:
    """A job whose worker rendered the first scorecard, then was killed."""
    job = export_job_create(user=None, assessment_ids=[a.pk for a in made], filters={})
    claimed = export_job_claim(job_id=job.pk, worker="dead", now=timezone.now())
    assert claimed is not None
    export_job_item_add(
        job=claimed, assessment_id=made[0].pk, name=f"alpha-{made[0].pk}.pdf", content=b"%PDF-1"
    )
    ExportJob.objects.filter(pk=job.pk).update(
        progressed_at=timezone.now() - timedelta(seconds=seconds_ago)
    )
    return job


def test_bulk_job_resumed_renders_only_the_missing_scorecards(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = assessments("alpha", "beta", "gamma")
    job = job_left_by_a_dead_worker(made, seconds_ago=61)
    rendered: list[int] = []

    def render(assessment: Assessment, *, now: datetime) -> bytes:
        rendered.append(assessment.pk)
        return b"%PDF-2"

    monkeypatch.setattr(reports_pdf, "scorecard_pdf", render)

    scorecards_zip_render.call(job.pk)

    job.refresh_from_db()
    assert rendered == [made[1].pk, made[2].pk]
    assert (job.status, job.done, job.attempts) == (ExportJobStatus.DONE, 3, 2)
    with job.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = [f"{a.organization.slug}-{a.pk}.pdf" for a in made]
    assert archive.namelist() == [*names, "assessments.csv"]
    assert [archive.read(name) for name in names] == [b"%PDF-1", b"%PDF-2", b"%PDF-2"]
    assert list(job.items.values_list("file", flat=True)) == ["", "", ""]


def test_bulk_job_held_by_a_live_worker_is_not_run_by_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = assessments("alpha", "beta")
    job = job_left_by_a_dead_worker(made, seconds_ago=59)
    monkeypatch.setattr(reports_pdf, "scorecard_pdf", lambda assessment, *, now: b"%PDF-2")

    scorecards_zip_render.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.worker, job.done, job.attempts) == (
        ExportJobStatus.RUNNING,
        "dead",
        1,
        1,
    )
