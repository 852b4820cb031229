"""What /healthz and /readyz check. Each check is cheap (one query, one cache round trip, one
tiny file written and deleted) and returns its own verdict, so a failing one names itself."""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from operations.heartbeat import heartbeat_max_age, latest_heartbeat


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    milliseconds: float


def database_check() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def cache_check() -> str:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    if found != "1":
        raise RuntimeError("the value written was not read back")
    return type(caches["default"]).__name__  # `cache` is a proxy of it


def storage_check() -> str:
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as probe:
            if probe.read() != b"ok":
                raise RuntimeError("the file written was not read back")
    finally:
        default_storage.delete(name)
    return default_storage.__class__.__name__


def worker_check() -> str:
    if settings.TASKS_BACKEND == "immediate":
        return "tasks run inside the request"
    if settings.TASKS_BACKEND == "rq":
        from django_rq import get_connection
        from rq import Worker

        workers = Worker.count(connection=get_connection("default"))
        if not workers:
            raise RuntimeError("no RQ worker is registered")
        return f"{workers} RQ worker(s)"
    seen = latest_heartbeat()
    if seen is None:
        raise RuntimeError("no worker has ever reported")
    age = timezone.now() - seen
    if age > heartbeat_max_age():
        raise RuntimeError(f"last heartbeat {age.total_seconds():.0f} s ago")
    return f"last heartbeat {age.total_seconds():.0f} s ago"


READINESS_CHECKS: dict[str, Callable[[], str]] = {
    "database": database_check,
    "cache": cache_check,
    "storage": storage_check,
    "worker": worker_check,
}


def run_checks(checks: dict[str, Callable[[], str]]) -> list[CheckResult]:
    results = []
    for name, check in checks.items():
        start = time.perf_counter()
        try:
            detail, ok = check(), True
        except Exception as error:  # a dependency down is a verdict, not a crash
            detail, ok = f"{type(error).__name__}: {error}", False
        results.append(CheckResult(name, ok, detail, (time.perf_counter() - start) * 1000))
    return results
