"""The lease of export jobs: one worker at a time, and a worker that lost the job writes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reports.enums import ExportJobStatus
from reports.exports.services import (
    ExportJobLeaseLost,
    export_job_claim,
    export_job_create,
    export_job_fail,
    export_job_item_add,
)
from reports.models import ExportJob, ExportJobItem

pytestmark = pytest.mark.django_db


def queued_job() -> ExportJob:
    return export_job_create(user=None, assessment_ids=[1, 2], filters={})


def test_export_job_claim_queued_job_goes_to_one_worker_only() -> None:
    job = queued_job()
    now = timezone.now()

    first = export_job_claim(job_id=job.pk, worker="a", now=now)
    second = export_job_claim(job_id=job.pk, worker="b", now=now + timedelta(seconds=59))

    assert first is not None
    assert (first.status, first.worker, first.attempts, first.started_at) == (
        ExportJobStatus.RUNNING,
        "a",
        1,
        now,
    )
    assert second is None


def test_export_job_claim_expired_lease_moves_the_job_and_the_old_worker_writes_nothing() -> None:
    job = queued_job()
    now = timezone.now()
    old = export_job_claim(job_id=job.pk, worker="a", now=now)
    assert old is not None

    new = export_job_claim(job_id=job.pk, worker="b", now=now + timedelta(seconds=61))

    assert new is not None
    assert (new.worker, new.attempts, new.started_at) == ("b", 2, now)
    with pytest.raises(ExportJobLeaseLost):
        export_job_item_add(job=old, assessment_id=1, name="a-1.pdf", content=b"%PDF-1.7 x")
    export_job_fail(job=old, message="boom")
    job.refresh_from_db()
    assert (job.status, job.worker, job.done, job.failures) == (ExportJobStatus.RUNNING, "b", 0, [])
    assert ExportJobItem.objects.count() == 0


def test_export_job_claim_finished_job_is_refused() -> None:
    job = queued_job()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJobStatus.DONE)

    assert export_job_claim(job_id=job.pk, worker="a", now=timezone.now()) is None


def test_export_job_item_add_records_the_item_and_renews_the_lease() -> None:
    job = queued_job()
    claimed = export_job_claim(job_id=job.pk, worker="a", now=timezone.now() - timedelta(hours=1))
    assert claimed is not None

    export_job_item_add(job=claimed, assessment_id=2, name="", content=None, message="gone")

    job.refresh_from_db()
    item = job.items.get()
    assert (job.done, job.failures) == (1, [{"assessment": 2, "message": "gone"}])
    assert job.progressed_at is not None
    assert timezone.now() - job.progressed_at < timedelta(minutes=1)
    assert (item.assessment_id, item.name, item.file.name, item.message, item.worker) == (
        2,
        "",
        "",
        "gone",
        "a",
    )
