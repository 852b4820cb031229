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
from reports.export_services import (
    export_job_create,
    export_job_fail,
    export_job_finish,
    export_job_progress,
    export_job_start,
    export_job_task_set,
)
from reports.exports import csv_bytes
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
    """Render one PDF per assessment into a ZIP, with assessments.csv; returns the job's id."""
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job_id
    export_job_start(job=job)
    try:
        _render(job, now=timezone.now())
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
    found = {
        assessment.pk: assessment
        for assessment in Assessment.objects.filter(pk__in=job.assessment_ids).select_related(
            "organization", "catalog"
        )
    }
    failures: list[dict[str, Any]] = []
    names: dict[int, str] = {}
    with tempfile.TemporaryFile(suffix=".zip") as spool:
        with zipfile.ZipFile(spool, "w") as archive:
            for done, assessment_id in enumerate(job.assessment_ids, start=1):
                assessment = found.get(assessment_id)
                if assessment is None:
                    failures.append(
                        {"assessment": assessment_id, "message": _("The assessment was deleted.")}
                    )
                else:
                    try:
                        content = pdf.scorecard_pdf(assessment, now=now)
                    except Exception as error:  # one bad scorecard must not cost the others
                        logger.exception("Scorecard of assessment %s failed", assessment_id)
                        failures.append(
                            {
                                "assessment": assessment_id,
                                "message": f"{type(error).__name__}: {error}",
                            }
                        )
                    else:
                        names[assessment_id] = scorecard_file_name(assessment)
                        # PDF streams are compressed already: store them as they are.
                        archive.writestr(names[assessment_id], content, zipfile.ZIP_STORED)
                export_job_progress(job=job, done=done, failures=failures)
            rows = assessment_export_rows(Assessment.objects.filter(pk__in=found))
            for row in rows:
                row.append(names.get(int(row[ASSESSMENT_ID_COLUMN] or 0), ""))
            summary = csv_bytes([*assessment_export_header(), _("Scorecard")], rows)
            archive.writestr(SUMMARY_NAME, summary, zipfile.ZIP_DEFLATED)
        spool.seek(0)
        export_job_finish(job=job, content=File(spool))
