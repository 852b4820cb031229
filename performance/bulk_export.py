"""Benchmark of the bulk export, printed by `make bench`: the ZIP of 100 scorecards.

The task runs in this process through django-tasks' immediate backend: the same code, one
assessment after the other, as the default worker (`manage.py db_worker`, one process) runs it,
without the worker's polling delay (one second at most). The data is created in a transaction
that is rolled back, and the ZIP is deleted: nothing stays behind.
"""

import time
from collections.abc import Iterator

from django.core.files.storage import default_storage
from django.db import transaction
from django.test.utils import override_settings

from performance.data import bench_assessments
from performance.measure import Figure
from reports.enums import ExportJobStatus
from reports.tasks import scorecards_export_request

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def bulk_export_figures(count: int = 100) -> Iterator[Figure]:
    with transaction.atomic():
        data = bench_assessments(count=count, label="bulk-bench", validated=True, seed=2026)
        ids = [assessment.pk for assessment in data.assessments]
        start = time.perf_counter()
        with override_settings(TASKS=IMMEDIATE):
            job = scorecards_export_request(user=None, assessment_ids=ids, filters={})
        seconds = time.perf_counter() - start
        size = job.file.size if job.file else 0
        file_name = job.file.name
        ok = job.status == ExportJobStatus.DONE and not job.failures
        transaction.set_rollback(True)
    if file_name:
        default_storage.delete(file_name)
    if not ok:
        raise RuntimeError(f"the bulk export failed: {job.status} {job.failures}")
    name = f"bulk export: {count} scorecards (15 areas) in a ZIP, immediate backend in-process"
    yield Figure(name, seconds, "s", "<= 120 s")
    yield Figure("bulk export: per scorecard", seconds / count * 1000, "ms")
    yield Figure("bulk export: ZIP size", size / 1024 / 1024, "MiB")
