"""Writes on export jobs. A job's status changes here only, through `_transition`."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.enums import ExportJobKind, ExportJobStatus
from reports.models import ExportJob

# A job restarted after its worker died (RUNNING -> RUNNING) starts again from the beginning.
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
) -> ExportJob:
    job = ExportJob(
        created_by=user,
        kind=kind,
        assessment_ids=list(assessment_ids),
        filters=filters,
        total=len(assessment_ids),
    )
    job.full_clean()
    job.save()
    return job


def export_job_task_set(*, job: ExportJob, task_id: str) -> None:
    job.task_id = task_id
    job.save(update_fields=["task_id"])


def export_job_start(*, job: ExportJob) -> None:
    _transition(job, ExportJobStatus.RUNNING)
    job.started_at = job.progressed_at = timezone.now()
    job.done = 0
    job.failures = []
    job.save(update_fields=["status", "started_at", "progressed_at", "done", "failures"])


def export_job_progress(*, job: ExportJob, done: int, failures: list[dict[str, Any]]) -> None:
    """Called after each assessment: the job page reads these two fields."""
    job.done = done
    job.failures = list(failures)
    job.progressed_at = timezone.now()
    job.save(update_fields=["done", "failures", "progressed_at"])


def export_job_stalled(*, job: ExportJob, now: datetime) -> bool:
    """A running job without progress for EXPORT_JOB_STALL_MINUTES: its worker was killed (a
    scorecard takes about a second; a worker that is stopped properly finishes its job first)."""
    last = job.progressed_at or job.started_at
    if job.status != ExportJobStatus.RUNNING or last is None:
        return False
    return now - last > timedelta(minutes=settings.EXPORT_JOB_STALL_MINUTES)


def export_job_finish(*, job: ExportJob, content: File) -> None:  # type: ignore[type-arg]
    _transition(job, ExportJobStatus.DONE)
    job.file.save(job.download_name, content, save=False)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "file", "finished_at"])


def export_job_fail(*, job: ExportJob, message: str) -> None:
    """The whole job failed (not one scorecard: those go to `failures` and the job goes on)."""
    _transition(job, ExportJobStatus.FAILED)
    job.failures = [*job.failures, {"assessment": None, "message": message}]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "failures", "finished_at"])
