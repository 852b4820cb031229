"""`manage.py worker` for test_worker.py: it writes the id of each assessment whose scorecard it
rendered to RENDER_LOG, and, with HANG_AFTER=n, hangs before its (n+1)th scorecard (touching
HANG_FILE) so that the test kills it mid-job. With DIAM_RENDER_PROCESSES above 1 the scorecards
are rendered by the pool's processes, which import this module again (as the main module of a
spawned process): each one counts, logs and hangs on its own.

Run as `python -m tests.reports.counting_worker` with the installation's environment."""

import os
import time
from datetime import datetime
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from assessments.models import Assessment  # noqa: E402
from reports import pdf  # noqa: E402

settings.EXPORT_JOB_LEASE_SECONDS = int(os.environ["EXPORT_JOB_LEASE_SECONDS"])
real_scorecard_pdf = pdf.scorecard_pdf
rendered = 0


def counted_scorecard_pdf(assessment: Assessment, *, now: datetime) -> bytes:
    global rendered
    if str(rendered) == os.environ.get("HANG_AFTER"):
        Path(os.environ["HANG_FILE"]).touch()
        time.sleep(3600)
    content = real_scorecard_pdf(assessment, now=now)
    with open(os.environ["RENDER_LOG"], "a") as log:
        log.write(f"{assessment.pk}\n")
    rendered += 1
    return content


pdf.scorecard_pdf = counted_scorecard_pdf  # type: ignore[assignment]
if __name__ == "__main__":  # not in the render pool's processes
    call_command("worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", verbosity=0)
