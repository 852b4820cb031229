"""Background tasks (django-tasks): the ZIP of scorecards.

The task takes the job's id only: the job row carries the assessments and records the progress,
so the job page can follow it from any web process, and a restart of the web server loses nothing.
"""

import logging
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from assessments.models import Assessment
from reports import pdf
from reports.exports.services import (
    ExportJobLeaseLost,
    export_job_claim,
    export_job_create,
    export_job_fail,
    export_job_finish,
    export_job_item_add,
    export_job_task_set,
    export_job_worker_name,
)
from reports.exports.tabular import csv_bytes
from reports.models import ExportJob
from reports.selectors import (
    ASSESSMENT_ID_COLUMN,
    assessment_export_header,
    assessment_export_rows,
)

logger = logging.getLogger(__name__)

SUMMARY_NAME = "assessments.csv"


def scorecard_file_name(assessment: Assessment) -> str:
    return f"{assessment.organization.slug}-{assessment.pk}.pdf"


def scorecards_export_request(
    *, user: AbstractBaseUser | None, assessment_ids: Sequence[int], filters: dict[str, Any]
) -> ExportJob:
    """Create the job and queue its task. With the immediate backend the job is done on return."""
    job = export_job_create(user=user, assessment_ids=assessment_ids, filters=filters)
    try:
        result = scorecards_zip_render.enqueue(job.pk)
    except Exception as error:  # the queue is unreachable (Redis down, for example)
        logger.exception("Export job %s could not be queued", job.pk)
        job.refresh_from_db()
        export_job_fail(job=job, message=_("The job could not be queued: %s") % error)
    else:
        export_job_task_set(job=job, task_id=result.id)
    job.refresh_from_db()
    return job


@task()
def scorecards_zip_render(job_id: int) -> int:
    """Render one PDF per assessment into a ZIP, with assessments.csv; returns the job's id.

    Each scorecard is stored as it is done (ExportJobItem): a job resumed after its worker died
    renders only the others, then makes the ZIP of all."""
    job = export_job_claim(job_id=job_id, worker=export_job_worker_name(), now=timezone.now())
    if job is None:  # finished, or another worker holds it
        return job_id
    try:
        _render(job, now=timezone.now())
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


def _render(job: ExportJob, *, now: datetime) -> None:
    done = set(job.items.values_list("assessment_id", flat=True))
    found = {
        assessment.pk: assessment
        for assessment in Assessment.objects.filter(pk__in=job.assessment_ids).select_related(
            "organization", "catalog"
        )
    }
    for assessment_id in job.assessment_ids:
        if assessment_id not in done:
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
        export_job_item_add(
            job=job,
            assessment_id=assessment_id,
            name="",
            content=None,
            message=f"{type(error).__name__}: {error}",
        )
        return
    export_job_item_add(
        job=job,
        assessment_id=assessment_id,
        name=scorecard_file_name(assessment),
        content=content,
    )
    logger.info("Export job %s: scorecard of assessment %s rendered", job.pk, assessment_id)
