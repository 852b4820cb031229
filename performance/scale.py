"""Pages and exports over many assessments: the admin change form, the review queue, the
all-answers CSV and the all-assessments CSV at each size (10, 1,000, 10,000 assessments), and
the benchmarks page and programme dashboard (performance.benchmark_pages).

The population grows from one size to the next (performance.data.population_build): for the
former, assessments in every state; for the latter, validated ones, in a database of their own
when the former's population is there (its validations would be counted too). The CSV
exports are background jobs (reports.tasks.data_export_request), run here by the immediate
backend; the all-answers job also runs in a process of its own (performance.export_memory) for
its peak memory.
"""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from assessments.models import Assessment
from performance.benchmark_pages import benchmark_scale_figures
from performance.bulk_export import IMMEDIATE
from performance.data import POPULATION_PREFIX, population_build
from performance.database import bench_database
from performance.measure import Figure, at_most, median_seconds, seconds
from performance.pages import (
    admin_change_form,
    bench_stack,
    bench_superuser,
    count_queries,
    ok_response,
)
from reports.enums import ExportJobStatus
from reports.models import ExportJob

LARGE = 10_000
MEMORY_LIMIT_MIB = 200


def _probes() -> tuple[Assessment, Assessment]:
    """Validated assessments of the population with the fewest and the most areas."""
    validated = (
        Assessment.objects.filter(
            organization__slug__startswith=POPULATION_PREFIX, status="validated"
        )
        .annotate(area_count=Count("areas"))
        .order_by("area_count", "pk")
    )
    return validated.first(), validated.last()  # type: ignore[return-value]


def _export(client: Client, output: str) -> ExportJob:
    """A data export of every assessment through the export page: its job runs at once
    (immediate backend) and the page redirects to it."""
    with override_settings(TASKS=IMMEDIATE):
        response = client.post(reverse("export_index"), {"output": output, "date_field": "created"})
    if response.status_code != 302:
        raise RuntimeError(f"the export page answered {response.status_code}, not a job")
    job = ExportJob.objects.latest("pk")
    if job.status != ExportJobStatus.DONE:
        raise RuntimeError(f"the export job ended {job.status}: {job.failures}")
    return job


def export_in_own_process() -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "performance.export_memory"],
        cwd=Path(settings.BASE_DIR),
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "diam.settings", "TASKS_BACKEND": "immediate"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def size_figures(size: int) -> Iterator[Figure]:
    label = f"{size:,} assessments"
    client = Client()
    client.force_login(bench_superuser())
    few, most = _probes()
    repeat = 3 if size >= LARGE else 7
    with bench_stack():
        admin_change_form(client, few)  # warm-up: the session, the user, cached lookups
        admin_change_form(client, most)
        few_queries, _page = count_queries(lambda: admin_change_form(client, few))
        most_queries, _page = count_queries(lambda: admin_change_form(client, most))
        change = median_seconds(lambda: admin_change_form(client, most), repeat=repeat)
        queue_url = reverse("review_queue")
        ok_response(client.get(queue_url))
        queue_queries, _page = count_queries(lambda: ok_response(client.get(queue_url)))
        queue = median_seconds(lambda: client.get(queue_url), repeat=repeat)
        answers: list[ExportJob] = []
        answers_seconds = seconds(lambda: answers.append(_export(client, "answers_csv")))
        summary: list[ExportJob] = []
        summary_seconds = seconds(lambda: summary.append(_export(client, "assessments_csv")))
    areas = f"{few.areas.count()} and {most.areas.count()} areas"
    name = f"[{label}] admin change form ({most.areas.count()} areas): median"
    if size >= LARGE:
        yield at_most(name, change * 1000, "ms", 150)
    else:
        yield Figure(name, change * 1000, "ms")
    yield Figure(
        f"[{label}] admin change form: queries with {areas}",
        most_queries,
        f"vs {few_queries}",
        "the same whatever the areas",
        most_queries == few_queries,
    )
    yield Figure(f"[{label}] review queue (admin, page 1): median", queue * 1000, "ms")
    yield Figure(f"[{label}] review queue: queries", queue_queries, "")
    rows = answers[0].done
    yield Figure(f"[{label}] all-answers CSV ({rows:,} rows), export job", answers_seconds, "s")
    rows = summary[0].done
    yield Figure(f"[{label}] all-assessments CSV ({rows:,} rows), export job", summary_seconds, "s")
    own = export_in_own_process()
    if own["status"] != ExportJobStatus.DONE:
        raise RuntimeError(f"the all-answers export job ended {own['status']}")
    name = f"[{label}] all-answers CSV job in a process of its own: peak RSS"
    unit = f"MiB (before: {own['before_mib']:.0f}; {own['seconds']:.1f} s)"
    if size >= LARGE:
        yield at_most(
            name, own["peak_rss_mib"], unit, MEMORY_LIMIT_MIB, f"<= {MEMORY_LIMIT_MIB} MiB"
        )
    else:
        yield Figure(name, own["peak_rss_mib"], unit)


def scale_figures(
    sizes: list[int], *, scale: bool = True, benchmarks: bool = False
) -> Iterator[Figure]:
    """At each size, after growing the population to it: the figures above (`scale`); then at
    each size the benchmarks page and the programme dashboard (`benchmarks`,
    performance.benchmark_pages) over validated assessments only."""
    if scale:
        for size in sorted(sizes):
            built = population_build(assessments=size)
            yield Figure(f"[{size:,} assessments] data built (bulk inserts) in", built, "s")
            yield from size_figures(size)
    if benchmarks:
        with bench_database() if scale else nullcontext():
            yield from benchmark_scale_figures(sizes)
