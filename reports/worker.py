"""The worker of the database queue resumes export jobs whose worker died.

django-tasks' database queue marks a task RUNNING when a worker takes it and never gives a running
task to another worker: if that worker is killed (`kill -9`, out of memory, the machine stops),
its task stays RUNNING for ever. The export job's lease tells it apart from a task that is merely
long: a running job without progress for EXPORT_JOB_LEASE_SECONDS lost its worker. Every worker
(`manage.py worker`) looks for such jobs at start and then every few seconds, and puts their task
back in the queue; the next free worker claims the job (reports.exports.services.export_job_claim)
and renders only the scorecards not done yet.
"""

import logging
import threading
import uuid
from datetime import datetime, timedelta

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from operations.heartbeat import heartbeat_record
from reports.enums import ExportJobStatus
from reports.exports.services import export_job_lease_seconds, export_job_stalled
from reports.models import ExportJob

logger = logging.getLogger(__name__)


def export_job_requeue_abandoned(*, now: datetime) -> list[int]:
    """Queue again the task of each unfinished job whose worker died; returns the jobs' ids.

    Several workers may do this at once: the UPDATE is conditional, so a task goes back to the
    queue once, and the job's claim decides who runs it."""
    stale = now - timedelta(seconds=export_job_lease_seconds())
    requeued = []
    unfinished = ExportJob.objects.filter(
        status__in=[ExportJobStatus.QUEUED, ExportJobStatus.RUNNING]
    ).exclude(task_id="")
    for job in unfinished:
        # A queued job whose task is running: its worker died before it claimed the job.
        if job.status == ExportJobStatus.RUNNING and not export_job_stalled(job=job, now=now):
            continue
        try:
            task_id = uuid.UUID(job.task_id)
        except ValueError:  # queued by another backend
            continue
        back = DBTaskResult.objects.filter(
            pk=task_id, status=TaskResultStatus.RUNNING, started_at__lt=stale
        ).update(status=TaskResultStatus.READY)
        if back:
            logger.warning("Export job %s lost its worker: queued again", job.pk)
            requeued.append(job.pk)
    return requeued


def requeue_interval() -> float:
    """How often a worker looks: a killed job resumes at most this long after its lease expired."""
    return max(1.0, export_job_lease_seconds() / 6)


def requeue_loop(stop: threading.Event) -> None:
    while True:
        close_old_connections()
        try:
            heartbeat_record(now=timezone.now())
            export_job_requeue_abandoned(now=timezone.now())
        except Exception:  # a database hiccup must not end the loop
            logger.exception("Looking for export jobs that lost their worker failed")
        finally:
            connection.close()
        if stop.wait(requeue_interval()):
            return


def requeue_thread_start() -> threading.Event:
    """Start the loop beside the worker's own (it runs even while the worker runs a long job);
    returns the event that stops it."""
    stop = threading.Event()
    threading.Thread(
        target=requeue_loop, args=(stop,), name="export-job-requeue", daemon=True
    ).start()
    return stop
