"""Worker heartbeats: each worker process records that it lives; /readyz reads the newest."""

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings

from operations.models import WorkerHeartbeat

# Heartbeats of workers gone this long are deleted, so the table holds the live workers only.
FORGET_AFTER = timedelta(days=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def heartbeat_record(*, now: datetime, worker: str | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=worker or worker_name(), defaults={"seen_at": now}
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def heartbeat_max_age() -> timedelta:
    return timedelta(seconds=settings.DIAM_WORKER_HEARTBEAT_MAX_AGE_SECONDS)


def latest_heartbeat() -> datetime | None:
    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)[:1]
    return next(iter(latest), None)
