"""Workers resume the export jobs of a worker that died: the requeueing, then real processes."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from performance.loadtest.runner import fresh_database
from reports.enums import ExportJobStatus
from reports.models import ExportJob
from reports.worker import export_job_requeue_abandoned
from tests.backing_services import stored_names

ROOT = Path(__file__).resolve().parents[2]
# Longer than a scorecard takes on a loaded machine (a few seconds at worst): a worker that is
# alive must never lose its job to the lease running out.
LEASE_SECONDS = 10


def job_with_task(*, status: str, seconds_ago: int) -> tuple[ExportJob, DBTaskResult]:
    then = timezone.now() - timedelta(seconds=seconds_ago)
    result = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=then,
        args_kwargs={"args": [0], "kwargs": {}},
        task_path="reports.tasks.scorecards_zip_render",
        backend_name="default",
        run_after=then,
    )
    job = ExportJob.objects.create(
        status=status, total=1, assessment_ids=[1], task_id=str(result.pk), progressed_at=then
    )
    return job, result


@pytest.mark.django_db
def test_requeue_abandoned_job_whose_lease_expired_goes_back_to_the_queue_once() -> None:
    job, result = job_with_task(status=ExportJobStatus.RUNNING, seconds_ago=61)

    first = export_job_requeue_abandoned(now=timezone.now())
    second = export_job_requeue_abandoned(now=timezone.now())

    result.refresh_from_db()
    assert (first, second, result.status) == ([job.pk], [], TaskResultStatus.READY)


@pytest.mark.django_db
def test_requeue_abandoned_job_with_a_live_lease_is_left_alone() -> None:
    _, result = job_with_task(status=ExportJobStatus.RUNNING, seconds_ago=59)

    requeued = export_job_requeue_abandoned(now=timezone.now())

    result.refresh_from_db()
    assert (requeued, result.status) == ([], TaskResultStatus.RUNNING)


@pytest.mark.django_db
def test_requeue_abandoned_queued_job_whose_task_was_taken_by_a_dead_worker() -> None:
    job, result = job_with_task(status=ExportJobStatus.QUEUED, seconds_ago=61)

    requeued = export_job_requeue_abandoned(now=timezone.now())

    result.refresh_from_db()
    assert (requeued, result.status) == ([job.pk], TaskResultStatus.READY)


@pytest.mark.django_db
def test_requeue_abandoned_finished_job_is_left_alone() -> None:
    _, result = job_with_task(status=ExportJobStatus.DONE, seconds_ago=600)

    requeued = export_job_requeue_abandoned(now=timezone.now())

    result.refresh_from_db()
    assert (requeued, result.status) == ([], TaskResultStatus.RUNNING)


# Real processes: a worker killed mid-job, two others that resume it.


def fetch_job(url: str, job_id: int) -> tuple[Any, ...]:
    sql = f"SELECT status, done, attempts, file FROM reports_exportjob WHERE id = {int(job_id)}"
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return tuple(db.execute(sql).fetchone())
    import psycopg

    with psycopg.connect(url) as db:
        row = db.execute(sql).fetchone()
        assert row is not None
        return tuple(row)


SETUP = """
import json
from criteria.loader import catalog_load
from reports.tasks import scorecards_export_request, scorecard_file_name
from tests.factories import OrganizationFactory, assessment_with_areas
from tests.reports.export_data import add_answers

catalog_load()
made = []
for slug in ["alpha", "beta", "gamma", "delta"]:
    assessment = assessment_with_areas(
        ["radiology"], organization=OrganizationFactory(name=slug.title(), slug=slug)
    )
    add_answers(assessment, [("1.1", "radiology", "met", "")])
    made.append(assessment)
job = scorecards_export_request(user=None, assessment_ids=[a.pk for a in made], filters={})
print(json.dumps({"job": job.pk, "ids": [a.pk for a in made],
                  "names": [scorecard_file_name(a) for a in made]}))
"""


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def start_worker(env: dict[str, str], tmp_path: Path, name: str, **extra: str) -> subprocess.Popen:
    with (tmp_path / f"{name}.out").open("w") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.reports.counting_worker"],
            cwd=ROOT,
            env={**env, "RENDER_LOG": str(tmp_path / f"{name}.renders"), **extra},
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def renders(tmp_path: Path, name: str) -> list[int]:
    path = tmp_path / f"{name}.renders"
    return [int(line) for line in path.read_text().split()] if path.exists() else []


def wait_for(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def worker_env(url: str, tmp_path: Path, *, render_processes: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="diam.settings",
        DEBUG="true",
        DATABASE_URL=url,
        DIAM_VAR_DIR=str(tmp_path),
        MEDIA_ROOT=str(tmp_path / "media"),
        # On the test stack (S3) the workers inherit its bucket: a folder of their own in it.
        AWS_LOCATION=f"worker-tests/{tmp_path.name}-{os.getpid()}",
        TASKS_BACKEND="database",
        LOG_LEVEL="WARNING",
        EXPORT_JOB_LEASE_SECONDS=str(LEASE_SECONDS),
        DIAM_RENDER_PROCESSES=str(render_processes),
    )
    return env


def workers_storage(env: dict[str, str]) -> Storage:
    """The storage the workers of `env` store files in, read from this process."""
    if settings.DIAM_STORAGE == "s3":
        from storages.backends.s3 import S3Storage

        options = settings.STORAGES["default"]["OPTIONS"]
        return S3Storage(**{**options, "location": env["AWS_LOCATION"]})
    return FileSystemStorage(location=env["MEDIA_ROOT"])


def children(pid: int) -> list[int]:
    result = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(child) for child in result.stdout.split()]


def alive(pid: int) -> bool:
    # A killed child whose parent is gone is reaped by init; until then it is a zombie.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.subprocess
def test_worker_killed_mid_job_is_resumed_by_another_without_rendering_twice(
    tmp_path: Path,
) -> None:
    with fresh_database(tmp_path) as url:
        # One process renders: the worker itself (the pool is the next test).
        env = worker_env(url, tmp_path, render_processes=1)
        run(["manage.py", "migrate", "--noinput", "-v0"], env)
        made = json.loads(run(["-c", f"import django\ndjango.setup()\n{SETUP}"], env))
        job_id, ids = made["job"], made["ids"]
        processes = []
        try:
            hung = tmp_path / "hung"
            first = start_worker(env, tmp_path, "first", HANG_AFTER="1", HANG_FILE=str(hung))
            processes.append(first)
            wait_for(hung.exists, 60, "the first scorecard")
            first.send_signal(signal.SIGKILL)
            first.wait()
            killed_at = time.monotonic()
            stopped = fetch_job(url, job_id)
            # Two live workers compete for the job: one resumes it, neither renders twice.
            processes += [start_worker(env, tmp_path, name) for name in ("second", "third")]
            wait_for(lambda: fetch_job(url, job_id)[2] == 2, 60, "the job to be resumed")
            resumed_after = time.monotonic() - killed_at
            wait_for(lambda: fetch_job(url, job_id)[0] != "running", 120, "the job to finish")
            status, done, attempts, file = fetch_job(url, job_id)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()

    print(f"resumed {resumed_after:.1f} s after the kill (lease {LEASE_SECONDS} s)")
    assert stopped[:3] == ("running", 1, 1)
    assert (status, done, attempts) == ("done", 4, 2)
    assert renders(tmp_path, "first") == ids[:1]
    assert sorted(renders(tmp_path, "second") + renders(tmp_path, "third")) == ids[1:]
    storage = workers_storage(env)
    with storage.open(file) as stored, zipfile.ZipFile(stored) as archive:
        assert archive.namelist() == [*made["names"], "assessments.csv"]
        assert [archive.read(name)[:5] for name in made["names"]] == [b"%PDF-"] * 4
    # The scorecards kept for the resume are gone once the ZIP holds them.
    assert stored_names(storage, "exports/parts") == []


@pytest.mark.subprocess
def test_worker_with_a_render_pool_killed_mid_job_takes_its_renderers_along(
    tmp_path: Path,
) -> None:
    """Two processes render the scorecards of the first worker; each hangs after one. Killing
    the worker ends them too, and a worker with its own pool renders only the other two."""
    with fresh_database(tmp_path) as url:
        env = worker_env(url, tmp_path, render_processes=2)
        run(["manage.py", "migrate", "--noinput", "-v0"], env)
        made = json.loads(run(["-c", f"import django\ndjango.setup()\n{SETUP}"], env))
        job_id, ids = made["job"], made["ids"]
        processes = []
        try:
            hung = tmp_path / "hung"
            first = start_worker(env, tmp_path, "first", HANG_AFTER="1", HANG_FILE=str(hung))
            processes.append(first)
            wait_for(lambda: fetch_job(url, job_id)[1] == 2, 120, "two scorecards")
            wait_for(hung.exists, 60, "a renderer to hang")
            renderers = children(first.pid)
            first.send_signal(signal.SIGKILL)
            first.wait()
            stopped = fetch_job(url, job_id)
            wait_for(lambda: not any(alive(pid) for pid in renderers), 10, "the renderers to exit")
            processes.append(start_worker(env, tmp_path, "second"))
            wait_for(lambda: fetch_job(url, job_id)[0] != "running", 120, "the job to finish")
            status, done, attempts, file = fetch_job(url, job_id)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()

    assert stopped[:3] == ("running", 2, 1)
    assert len(renderers) >= 2
    assert (status, done, attempts) == ("done", 4, 2)
    first_renders, second_renders = renders(tmp_path, "first"), renders(tmp_path, "second")
    assert (len(first_renders), sorted(first_renders + second_renders)) == (2, sorted(ids))
    with workers_storage(env).open(file) as stored, zipfile.ZipFile(stored) as archive:
        assert archive.namelist() == [*made["names"], "assessments.csv"]
