"""Scorecards rendered on every core: a pool of processes beside the worker running a ZIP job.

Why a local pool and not chunk tasks on the queue: an export job has one lease, held by the
worker that claimed it (reports.exports.services), and every write of the job (each scorecard
stored as an ExportJobItem, the progress, the ZIP) is made by that worker, conditional on the
lease. The pool's processes only turn an assessment id into PDF bytes and write nothing; so the
lease, its expiry and the resume stay exactly as they are with one process: a killed worker's job
is resumed by another worker, which renders only the scorecards without an item. Chunk tasks would
need a lease per chunk, a requeue per chunk and an atomic "last chunk assembles the ZIP", with
several writers per job. A job uses the cores of one machine only, which is what one `make run`
or one server has; other workers take the other tasks meanwhile.

The processes are started with `spawn` (a fresh interpreter: the worker has threads and database
connections that a fork would copy), set Django up themselves, and exit when the worker that
started them dies (`kill -9`), so they never outlive it. Each one reuses one WeasyPrint font
configuration for all the scorecards it renders (reports.pdf).

This module imports nothing from Django at import time: a new process unpickles these functions
before Django is set up.
"""

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

# How often a pool process checks that the worker that started it is alive.
PARENT_CHECK_SECONDS = 0.5


def _exit_with_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(1)
        time.sleep(PARENT_CHECK_SECONDS)


def _process_start(parent_pid: int, language: str) -> None:
    # Ctrl-C in a terminal reaches the whole process group: the worker finishes its job on the
    # first one (django-tasks' db_worker), so its renderers must go on until it says otherwise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(
        target=_exit_with_parent, args=(parent_pid,), name="exit-with-parent", daemon=True
    ).start()
    import django

    django.setup()
    from django.utils import translation

    translation.activate(language)


def scorecard_render(assessment_id: int, now: datetime) -> tuple[int, bytes | None, str]:
    """Render one scorecard in a pool process: (id, PDF bytes or None, why not)."""
    from assessments.models import Assessment
    from reports import pdf

    try:
        assessment = Assessment.objects.select_related("organization", "catalog").get(
            pk=assessment_id
        )
        # As the module's attribute, so that a test's replacement of it applies here too.
        return assessment_id, pdf.scorecard_pdf(assessment, now=now), ""
    except Exception as error:  # one bad scorecard must not cost the others
        return assessment_id, None, f"{type(error).__name__}: {error}"


def scorecard_pool(processes: int, *, language: str) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_process_start,
        initargs=(os.getpid(), language),
    )
