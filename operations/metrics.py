"""Prometheus metrics of the installation, read from the database at each scrape, so every web
process on every machine reports the same figures: the task queue's depth, export jobs by
status, how long the export jobs of the last day took, and the age of the newest worker
heartbeat. Request latencies come from django-prometheus' middleware."""

from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from operations.heartbeat import latest_heartbeat
from reports.enums import ExportJobStatus
from reports.models import ExportJob

JOB_DURATION_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)


def task_queue_depth() -> int:
    if settings.TASKS_BACKEND == "rq":
        import django_rq

        return int(django_rq.get_queue("default").count)
    if settings.TASKS_BACKEND == "database":
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
    return 0


def histogram_buckets(values: list[float], bounds: tuple[float, ...]) -> list[tuple[str, float]]:
    """Cumulative buckets in Prometheus' form: [("1.0", n), ..., ("+Inf", total)]."""
    buckets = [(str(bound), float(sum(1 for v in values if v <= bound))) for bound in bounds]
    return [*buckets, ("+Inf", float(len(values)))]


class DiamCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        queue = GaugeMetricFamily("diam_task_queue_depth", "Background tasks waiting for a worker")
        queue.add_metric([], task_queue_depth())
        yield queue

        jobs = GaugeMetricFamily("diam_export_jobs", "Export jobs by status", labels=["status"])
        counts = dict(
            ExportJob.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
        )
        for status in ExportJobStatus.values:
            jobs.add_metric([status], counts.get(status, 0))
        yield jobs

        since = timezone.now() - timedelta(days=1)
        durations = [
            (finished - started).total_seconds()
            for started, finished in ExportJob.objects.filter(
                finished_at__gte=since, started_at__isnull=False
            ).values_list("started_at", "finished_at")
        ]
        histogram = HistogramMetricFamily(
            "diam_export_job_duration_seconds",
            "Durations of the export jobs finished in the last 24 hours",
        )
        histogram.add_metric(
            [], histogram_buckets(durations, JOB_DURATION_BUCKETS), sum_value=sum(durations)
        )
        yield histogram

        seen = latest_heartbeat()
        age = GaugeMetricFamily(
            "diam_worker_heartbeat_age_seconds", "Seconds since a background worker last reported"
        )
        age.add_metric([], (timezone.now() - seen).total_seconds() if seen else float("inf"))
        yield age
