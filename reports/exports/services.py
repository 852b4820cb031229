"""Writes on export jobs. A job's status changes here only, through `_transition`.

A running job belongs to one worker at a time: the worker holds a lease (`ExportJob.worker`,
renewed in `progressed_at` with every scorecard, or every few hundred rows of a data export).
Every write of a running job is conditional on the lease, so a worker that lost it (it stalled
and another worker resumed the job) stops without writing, and two workers never both run a job.
"""

import logging
import os
import socket
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.enums import ExportJobKind, ExportJobStatus
from reports.models import ExportJob, ExportJobItem

logger = logging.getLogger(__name__)

# A job resumed after its worker died (RUNNING -> RUNNING) keeps the scorecards already done.
ALLOWED = {
    ExportJobStatus.QUEUED: {ExportJobStatus.RUNNING, ExportJobStatus.FAILED},
    ExportJobStatus.RUNNING: {
        ExportJobStatus.RUNNING,
        ExportJobStatus.DONE,
        ExportJobStatus.FAILED,
    },
    ExportJobStatus.DONE: set(),
    ExportJobStatus.FAILED: set(),
}


def _transition(job: ExportJob, to: ExportJobStatus) -> None:
    if to not in ALLOWED[ExportJobStatus(job.status)]:
        raise ValidationError(
            _("An export job cannot go from %(old)s to %(new)s.")
            % {"old": job.get_status_display(), "new": to.label}
        )
    job.status = to


def export_job_create(
    *,
    user: AbstractBaseUser | None,
    assessment_ids: Sequence[int],
    filters: dict[str, Any],
    kind: str = ExportJobKind.SCORECARDS_ZIP,
    total: int | None = None,
) -> ExportJob:
    """`total` counts scorecards (one per assessment, the default) or a data export's rows."""
    job = ExportJob(
        created_by=user,
        kind=kind,
        assessment_ids=list(assessment_ids),
        filters=filters,
        total=len(assessment_ids) if total is None else total,
    )
    job.full_clean()
    job.save()
    return job


def export_job_task_set(*, job: ExportJob, task_id: str) -> None:
    job.task_id = task_id
    job.save(update_fields=["task_id"])


class ExportJobLeaseLost(Exception):
    """The job is no longer this worker's: it was too slow, and another worker resumed it."""


def export_job_lease_seconds() -> int:
    """How long a running job may go without progress before another worker may take it over:
    far longer than one scorecard (about a second)."""
    return int(settings.EXPORT_JOB_LEASE_SECONDS)


def _lease_expired(now: datetime) -> Q:
    stale = now - timedelta(seconds=export_job_lease_seconds())
    return Q(status=ExportJobStatus.RUNNING) & (
        Q(progressed_at__lt=stale) | Q(progressed_at__isnull=True)
    )


def _held(job: ExportJob) -> Q:
    return Q(pk=job.pk, status=ExportJobStatus.RUNNING, worker=job.worker)


def export_job_worker_name() -> str:
    """Who runs a job: the host, the process and a token of this run (a restarted container may
    have the same host name and process id as the worker it replaces)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[-255:]


def export_job_claim(*, job_id: int, worker: str, now: datetime) -> ExportJob | None:
    """Make `worker` the one running the job: a queued job, or a running one whose lease expired
    (its worker died). None when the job is finished or another worker holds it.

    One conditional UPDATE, so two workers claiming at once cannot both win (the transition
    to RUNNING that `_transition` allows from QUEUED and RUNNING, made atomic)."""
    claimable = Q(status=ExportJobStatus.QUEUED) | _lease_expired(now)
    claimed = ExportJob.objects.filter(claimable, pk=job_id).update(
        status=ExportJobStatus.RUNNING,
        worker=worker,
        attempts=F("attempts") + 1,
        started_at=Coalesce(F("started_at"), now),
        progressed_at=now,
    )
    if not claimed:
        return None
    job = ExportJob.objects.get(pk=job_id)
    if job.attempts > 1:
        logger.warning("Export job %s resumed by %s (attempt %s)", job.pk, worker, job.attempts)
    return job


def export_job_item_add(
    *, job: ExportJob, assessment_id: int, name: str, content: bytes | None, message: str = ""
) -> ExportJobItem:
    """Record one assessment done (its scorecard, or why it failed) and renew the lease.

    Raises ExportJobLeaseLost, writing nothing, when the job is no longer this worker's."""
    item = ExportJobItem(job=job, assessment_id=assessment_id, name=name, message=message)
    item.worker = job.worker
    if content is not None:
        item.file.save(name, ContentFile(content), save=False)
    failures = job.failures
    if message:
        failures = [*failures, {"assessment": assessment_id, "message": message}]
    now = timezone.now()
    with transaction.atomic():
        # The UPDATE first: it locks the job's row until the item is stored, so a worker claiming
        # the job meanwhile waits, then finds the lease renewed.
        renewed = ExportJob.objects.filter(_held(job)).update(
            done=F("done") + 1, failures=failures, progressed_at=now
        )
        if renewed:
            item.full_clean(exclude=["job"])
            item.save()
    if not renewed:
        if item.file:
            item.file.delete(save=False)
        raise ExportJobLeaseLost(job.pk)
    job.done += 1
    job.failures = failures
    job.progressed_at = now
    return item


def export_job_rows_progress(*, job: ExportJob, done: int, total: int) -> None:
    """A data export has written `done` of its `total` rows; renews the lease. A data export
    starts again from its first row when resumed, so `done` may go down.

    Raises ExportJobLeaseLost, writing nothing, when the job is no longer this worker's."""
    now = timezone.now()
    total = max(total, done)  # rows added while the export runs are written too
    moved = ExportJob.objects.filter(_held(job)).update(done=done, total=total, progressed_at=now)
    if not moved:
        raise ExportJobLeaseLost(job.pk)
    job.done, job.total, job.progressed_at = done, total, now


def export_job_stalled(*, job: ExportJob, now: datetime) -> bool:
    """A running job whose lease expired: its worker stopped. A live worker resumes it
    (reports.worker); until then its page says so."""
    if job.status != ExportJobStatus.RUNNING:
        return False
    last = job.progressed_at
    return last is None or now - last > timedelta(seconds=export_job_lease_seconds())


def _items_files_delete(job: ExportJob) -> None:
    """The scorecards kept for a resume are not needed once the job is finished."""
    for item in job.items.exclude(file=""):
        item.file.delete(save=False)
    job.items.exclude(file="").update(file="")


def export_job_finish(*, job: ExportJob, content: File) -> None:  # type: ignore[type-arg]
    _transition(job, ExportJobStatus.DONE)
    job.file.save(job.download_name, content, save=False)
    job.finished_at = timezone.now()
    finished = ExportJob.objects.filter(_held(job)).update(
        status=job.status, file=job.file.name, finished_at=job.finished_at
    )
    if not finished:
        job.file.delete(save=False)
        raise ExportJobLeaseLost(job.pk)
    _items_files_delete(job)


def export_job_fail(*, job: ExportJob, message: str) -> None:
    """The whole job failed (not one scorecard: those go to `failures` and the job goes on).

    Only if the job is still as this worker saw it: a worker that lost the job to another one
    must not fail it."""
    before = job.status
    _transition(job, ExportJobStatus.FAILED)
    job.failures = [*job.failures, {"assessment": None, "message": message}]
    job.finished_at = timezone.now()
    failed = ExportJob.objects.filter(pk=job.pk, status=before, worker=job.worker).update(
        status=job.status, failures=job.failures, finished_at=job.finished_at
    )
    if not failed:
        logger.warning("Export job %s was not failed: another worker holds it", job.pk)
        return
    _items_files_delete(job)
