"""Benchmark of the bulk export: a ZIP of N scorecards against the sum of N single renders
measured in the same run.

The job goes through its real entry point, `reports.tasks.scorecards_export_request` (the
export page's and the admin action's), with django-tasks' immediate backend: the task runs in
this process as a worker would run it, without the worker's polling delay. The data is committed
to the benchmarks' own database, so a task that renders on several processes sees it.
"""

from collections.abc import Iterator

from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone

from performance.data import bench_assessments
from performance.measure import Figure, at_most, seconds
from reports.enums import ExportJobStatus
from reports.pdf import scorecard_pdf
from reports.tasks import scorecards_export_request

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def bulk_export_figures(count: int = 100) -> Iterator[Figure]:
    data = bench_assessments(count=count, label="bulk-bench", validated=True, seed=2026)
    ids = [assessment.pk for assessment in data.assessments]
    now = timezone.now()
    scorecard_pdf(data.assessments[0], now=now)  # warm-up
    # Half the single renders before the ZIP and half after: a change in the machine's load
    # during the run weighs on both sides alike.
    half = count // 2
    singles = sum(seconds(lambda a=a: scorecard_pdf(a, now=now)) for a in data.assessments[:half])
    with override_settings(TASKS=IMMEDIATE):
        jobs = []
        zipped = seconds(
            lambda: jobs.append(
                scorecards_export_request(user=None, assessment_ids=ids, filters={})
            )
        )
    singles += sum(seconds(lambda a=a: scorecard_pdf(a, now=now)) for a in data.assessments[half:])
    job = jobs[0]
    if job.status != ExportJobStatus.DONE or job.failures:
        raise RuntimeError(f"the bulk export failed: {job.status} {job.failures}")
    size = job.file.size
    processes = getattr(settings, "DIAM_RENDER_PROCESSES", 1)
    name = f"bulk export: {count} scorecards (15 areas) to a ZIP, {processes} render processes"
    yield Figure(name, zipped, "s")
    yield Figure(f"bulk export: sum of {count} single renders, same run", singles, "s")
    yield at_most("bulk export: ratio ZIP / sum of single renders", zipped / singles, "x", 0.55)
    yield Figure("bulk export: ZIP size", size / 1024 / 1024, "MiB")
