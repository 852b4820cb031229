"""Background tasks (django-tasks): the ZIP of scorecards, and the data exports (CSV, XLSX) of
many assessments, which never run in a request.

A task takes the job's id only: the job row carries the assessments and records the progress,
so the job page can follow it from any web process, and a restart of the web server loses nothing.
"""

import logging
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import as_completed
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import Task

from assessments.models import Assessment
from reports import pdf
from reports.exports.files import data_export_count, data_export_write
from reports.exports.services import (
    ExportJobLeaseLost,
    export_job_claim,
    export_job_create,
    export_job_fail,
    export_job_finish,
    export_job_item_add,
    export_job_rows_progress,
    export_job_task_set,
    export_job_worker_name,
)
from reports.exports.tabular import csv_bytes
from reports.models import ExportJob
from reports.render_pool import scorecard_pool, scorecard_render
from reports.selectors import (
    ASSESSMENT_ID_COLUMN,
    assessment_export_header,
    assessment_export_rows,
)

logger = logging.getLogger(__name__)

SUMMARY_NAME = "assessments.csv"
# A data export records its progress (and renews its lease) every this many rows.
PROGRESS_EVERY_ROWS = 500


def scorecard_file_name(assessment: Assessment) -> str:
    return f"{assessment.organization.slug}-{assessment.pk}.pdf"


def _enqueue(job: ExportJob, task: Task[[int], int]) -> ExportJob:
    """Queue the job's task. With the immediate backend the job is done on return."""
    try:
        result = task.enqueue(job.pk)
    except Exception as error:  # the queue is unreachable (Redis down, for example)
        logger.exception("Export job %s could not be queued", job.pk)
        job.refresh_from_db()
        export_job_fail(job=job, message=_("The job could not be queued: %s") % error)
    else:
        export_job_task_set(job=job, task_id=result.id)
    job.refresh_from_db()
    return job


def scorecards_export_request(
    *, user: AbstractBaseUser | None, assessment_ids: Sequence[int], filters: dict[str, Any]
) -> ExportJob:
    """Create the job and queue its task. With the immediate backend the job is done on return."""
    job = export_job_create(user=user, assessment_ids=assessment_ids, filters=filters)
    return _enqueue(job, scorecards_zip_render)


def data_export_request(
    *,
    user: AbstractBaseUser | None,
    output: str,
    assessment_ids: Sequence[int],
    filters: dict[str, Any],
) -> ExportJob:
    """Create the job of a data export (`output`: an ExportOutput but the ZIP) of the assessments
    and queue its task; its total is the rows they have now (counted again when it starts)."""
    total = data_export_count(output, Assessment.objects.filter(pk__in=assessment_ids))
    job = export_job_create(
        user=user, assessment_ids=assessment_ids, filters=filters, kind=output, total=total
    )
    return _enqueue(job, data_export_render)


def _run_claimed(job_id: int, work: Callable[[ExportJob], None]) -> int:
    job = export_job_claim(job_id=job_id, worker=export_job_worker_name(), now=timezone.now())
    if job is None:  # finished, or another worker holds it
        return job_id
    try:
        work(job)
    except ExportJobLeaseLost:
        logger.warning("Export job %s was taken over by another worker", job_id)
    except (KeyboardInterrupt, SystemExit):
        # The worker was told to stop now (a second Ctrl-C, or SIGTERM while shutting down).
        export_job_fail(
            job=job, message=_("Interrupted: the worker was stopped. Start the export again.")
        )
        raise
    except Exception as error:
        logger.exception("Export job %s failed", job_id)
        export_job_fail(job=job, message=f"{type(error).__name__}: {error}")
        raise
    return job_id


@task()
def scorecards_zip_render(job_id: int) -> int:
    """Render one PDF per assessment into a ZIP, with assessments.csv; returns the job's id.

    Each scorecard is stored as it is done (ExportJobItem): a job resumed after its worker died
    renders only the others, then makes the ZIP of all."""
    return _run_claimed(job_id, lambda job: _render(job, now=timezone.now()))


@task()
def data_export_render(job_id: int) -> int:
    """Write the answers or the assessments of the job's assessments as one CSV or XLSX file,
    row by row, with the rows written as the job's progress; returns the job's id.

    Nothing is kept between attempts: a job resumed after its worker died starts again from the
    first row (rows are quick; a part-written file could not be trusted)."""
    return _run_claimed(job_id, _data_export_write)


def _data_export_write(job: ExportJob) -> None:
    output = job.kind
    assessments = Assessment.objects.filter(pk__in=job.assessment_ids)
    total = data_export_count(output, assessments)
    export_job_rows_progress(job=job, done=0, total=total)
    with tempfile.TemporaryFile() as spool:
        data_export_write(
            output,
            assessments,
            spool,
            progress=lambda rows: export_job_rows_progress(job=job, done=rows, total=total),
            chunk_size=settings.EXPORT_ROWS_CHUNK_SIZE,
            progress_every=PROGRESS_EVERY_ROWS,
        )
        spool.seek(0)
        export_job_finish(job=job, content=File(spool, name=job.download_name))


def _render(job: ExportJob, *, now: datetime) -> None:
    done = set(job.items.values_list("assessment_id", flat=True))
    found = {
        assessment.pk: assessment
        for assessment in Assessment.objects.filter(pk__in=job.assessment_ids).select_related(
            "organization", "catalog"
        )
    }
    todo = [assessment_id for assessment_id in job.assessment_ids if assessment_id not in done]
    processes = min(render_processes(), len(todo))
    if processes > 1:
        _render_in_pool(job, todo, found, processes=processes, now=now)
    else:
        for assessment_id in todo:
            _render_one(job, assessment_id, found.get(assessment_id), now=now)
    items = {item.assessment_id: item for item in job.items.all()}
    names: dict[int, str] = {}
    with tempfile.TemporaryFile(suffix=".zip") as spool:
        with zipfile.ZipFile(spool, "w") as archive:
            for assessment_id in job.assessment_ids:
                item = items[assessment_id]
                if item.file:
                    names[assessment_id] = item.name
                    with item.file.open("rb") as scorecard:
                        # PDF streams are compressed already: store them as they are.
                        archive.writestr(item.name, scorecard.read(), zipfile.ZIP_STORED)
            rows = assessment_export_rows(Assessment.objects.filter(pk__in=found))
            for row in rows:
                row.append(names.get(int(row[ASSESSMENT_ID_COLUMN] or 0), ""))
            summary = csv_bytes([*assessment_export_header(), _("Scorecard")], rows)
            archive.writestr(SUMMARY_NAME, summary, zipfile.ZIP_DEFLATED)
        spool.seek(0)
        export_job_finish(job=job, content=File(spool))


def render_processes() -> int:
    """How many processes render the scorecards of one job (DIAM_RENDER_PROCESSES)."""
    return max(1, int(settings.DIAM_RENDER_PROCESSES))


def _render_in_pool(
    job: ExportJob,
    todo: list[int],
    found: dict[int, Assessment],
    *,
    processes: int,
    now: datetime,
) -> None:
    """Render on `processes` cores (reports.render_pool); this process alone stores the items,
    as each scorecard arrives, so the progress and the lease move with every one."""
    for assessment_id in todo:
        if assessment_id not in found:
            _render_one(job, assessment_id, None, now=now)
    pool = scorecard_pool(processes, language=get_language() or settings.LANGUAGE_CODE)
    try:
        futures = [
            pool.submit(scorecard_render, assessment_id, now)
            for assessment_id in todo
            if assessment_id in found
        ]
        for future in as_completed(futures):
            assessment_id, content, message = future.result()
            if message:
                logger.error("Scorecard of assessment %s failed: %s", assessment_id, message)
            _scorecard_store(job, found[assessment_id], content, message)
    finally:
        # A lost lease or a failure: the scorecards not started are not needed any more.
        pool.shutdown(wait=True, cancel_futures=True)


def _render_one(
    job: ExportJob, assessment_id: int, assessment: Assessment | None, *, now: datetime
) -> None:
    if assessment is None:
        export_job_item_add(
            job=job,
            assessment_id=assessment_id,
            name="",
            content=None,
            message=_("The assessment was deleted."),
        )
        return
    try:
        content = pdf.scorecard_pdf(assessment, now=now)
    except Exception as error:  # one bad scorecard must not cost the others
        logger.exception("Scorecard of assessment %s failed", assessment_id)
        _scorecard_store(job, assessment, None, f"{type(error).__name__}: {error}")
        return
    _scorecard_store(job, assessment, content, "")


def _scorecard_store(
    job: ExportJob, assessment: Assessment, content: bytes | None, message: str
) -> None:
    assessment_id = assessment.pk
    if content is None:
        export_job_item_add(
            job=job, assessment_id=assessment_id, name="", content=None, message=message
        )
        return
    export_job_item_add(
        job=job,
        assessment_id=assessment_id,
        name=scorecard_file_name(assessment),
        content=content,
    )
    logger.info("Export job %s: scorecard of assessment %s rendered", job.pk, assessment_id)
