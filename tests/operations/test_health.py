"""/healthz and /readyz: cheap, without session, CSRF or host check, and honest about each
dependency (database, cache, storage, worker) when it is down."""

import json
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from operations.heartbeat import heartbeat_record
from operations.models import WorkerHeartbeat
from reports.worker import requeue_loop

ROOT = Path(__file__).resolve().parents[2]
# The storage's class, local disk or S3 (the test stack; tests/operations/test_readyz_redis_s3.py).
STORAGE_CLASSES = {"local": "FileSystemStorage", "s3": "S3Storage"}
# Nothing listens on port 1 of the loopback: connections are refused at once.
REFUSED_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def readyz(client: Client) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = client.get("/readyz")
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    return response.status_code, json.loads(response.content)


def test_healthz_answers_without_database_session_or_known_host(client: Client) -> None:
    # No django_db mark: any database access would fail this test.
    response = client.get("/healthz", HTTP_HOST="10.1.2.3")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "Set-Cookie" not in response
    assert client.get("/healthz/").status_code == 200


def test_health_endpoints_accept_only_get_and_head(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_ready_with_a_recent_worker_heartbeat(client: Client) -> None:
    heartbeat_record(now=timezone.now() - timedelta(seconds=5), worker="host-a:1")
    status, body = readyz(client)
    assert status == 200
    assert body["status"] == "ok"
    assert sorted(body["checks"]) == ["cache", "database", "storage", "worker"]
    assert all(check["ok"] for check in body["checks"].values())
    # The checks before it take a while on a loaded machine, on S3 more than on the local disk.
    assert body["checks"]["worker"]["detail"] in {
        "last heartbeat 5 s ago",
        "last heartbeat 6 s ago",
    }
    assert body["checks"]["storage"]["detail"] == STORAGE_CLASSES[settings.DIAM_STORAGE]


@pytest.mark.django_db
def test_readyz_unavailable_without_any_worker(client: Client) -> None:
    status, body = readyz(client)
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["worker"] == {
        "ok": False,
        "detail": "RuntimeError: no worker has ever reported",
        "ms": body["checks"]["worker"]["ms"],
    }
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
@override_settings(DIAM_WORKER_HEARTBEAT_MAX_AGE_SECONDS=60)
def test_readyz_unavailable_when_the_worker_stopped_reporting(client: Client) -> None:
    heartbeat_record(now=timezone.now() - timedelta(seconds=61), worker="host-a:1")
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["detail"] == "RuntimeError: last heartbeat 61 s ago"


@pytest.mark.django_db
@override_settings(TASKS_BACKEND="immediate")
def test_readyz_needs_no_worker_when_tasks_run_in_the_request(client: Client) -> None:
    status, body = readyz(client)
    assert status == 200
    assert body["checks"]["worker"]["detail"] == "tasks run inside the request"


@pytest.mark.django_db
def test_readyz_unavailable_when_the_cache_is_down(client: Client) -> None:
    heartbeat_record(now=timezone.now(), worker="host-a:1")
    with override_settings(CACHES=REFUSED_REDIS):
        status, body = readyz(client)
    assert status == 503
    assert body["checks"]["cache"]["ok"] is False
    assert "ConnectionError" in body["checks"]["cache"]["detail"]
    assert [name for name, check in body["checks"].items() if not check["ok"]] == ["cache"]


@pytest.mark.django_db
def test_readyz_unavailable_when_the_storage_cannot_be_written(
    client: Client, tmp_path: Path
) -> None:
    heartbeat_record(now=timezone.now(), worker="host-a:1")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the storage's folder should be")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "media")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        status, body = readyz(client)
    assert status == 503
    assert [name for name, check in body["checks"].items() if not check["ok"]] == ["storage"]
    assert body["checks"]["storage"]["detail"].startswith(
        ("NotADirectoryError", "FileExistsError", "OSError")
    )


def test_readyz_unavailable_when_the_database_is_down() -> None:
    """A real process whose database refuses connections (nothing listens on port 1)."""
    script = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/readyz'); print(r.status_code); print(r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "diam.settings",
        "DEBUG": "true",
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:1/nothing",
        "DIAM_ENV_FILE": os.devnull,
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    status, body = done.stdout.splitlines()[-2:]
    checks = json.loads(body)["checks"]
    assert status == "503"
    assert checks["database"]["ok"] is False
    assert "OperationalError" in checks["database"]["detail"]
    assert checks["cache"]["ok"] is True
    assert checks["storage"]["ok"] is True


@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_records_its_heartbeat() -> None:
    stop = threading.Event()
    stop.set()  # one round, then return
    requeue_loop(stop)
    beat = WorkerHeartbeat.objects.get()
    assert beat.worker.endswith(f":{os.getpid()}")
    assert timezone.now() - beat.seen_at < timedelta(seconds=30)


@pytest.mark.django_db
def test_heartbeats_of_workers_gone_for_a_day_are_forgotten() -> None:
    now = timezone.now()
    heartbeat_record(now=now - timedelta(days=2), worker="old:1")
    heartbeat_record(now=now, worker="new:2")
    assert list(WorkerHeartbeat.objects.values_list("worker", flat=True)) == ["new:2"]
