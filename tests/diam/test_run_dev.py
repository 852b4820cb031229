"""`make run`'s launcher starts the web server and the workers, and stops them all."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from diam.run_dev import base_url, child_environment, worker_processes

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_base_urls(pid: int) -> list[str]:
    """DIAM_BASE_URL in the environment of each child process of `pid`."""
    result = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    urls = []
    for child in result.stdout.split():
        variables = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        urls += [v.decode().partition("=")[2] for v in variables if v.startswith(b"DIAM_BASE_URL=")]
    return urls


def children_of(pid: int) -> list[str]:
    result = subprocess.run(
        ["ps", "-ww", "-o", "args=", "--ppid", str(pid)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.splitlines()


def test_run_dev_serves_pages_runs_the_workers_and_stops_them_all(tmp_path: Path) -> None:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "DIAM_BASE_URL"}
        },
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DIAM_VAR_DIR": str(tmp_path),
        "DIAM_WORKER_PROCESSES": "2",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    port = free_port()
    launcher = subprocess.Popen(
        [sys.executable, "diam/run_dev.py", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as reply:
                    status = reply.status
                break
            except OSError:
                time.sleep(0.5)
        processes = children_of(launcher.pid)
        urls = child_base_urls(launcher.pid)

        launcher.send_signal(signal.SIGTERM)
        code = launcher.wait(timeout=30)
    finally:
        if launcher.poll() is None:
            launcher.kill()

    assert status == 200
    assert [p.split("manage.py ")[1] for p in processes] == [
        f"runserver 127.0.0.1:{port}",
        "worker --queue-name default --no-reload",
        "worker --queue-name default --no-reload",
    ]
    assert urls == [f"http://127.0.0.1:{port}"] * 3
    assert code == 0
    assert children_of(launcher.pid) == []


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("localhost:8123", "http://localhost:8123"),
        ("8001", "http://127.0.0.1:8001"),
        ("0.0.0.0:8000", "http://127.0.0.1:8000"),
        ("0:8000", "http://127.0.0.1:8000"),
        ("[::1]:8000", "http://[::1]:8000"),
        ("[::]:8000", "http://[::1]:8000"),
    ],
)
def test_base_url_is_the_address_a_local_browser_opens(address: str, expected: str) -> None:
    assert base_url(address) == expected


def test_child_environment_sets_the_base_url_from_the_served_address() -> None:
    env = child_environment("127.0.0.1:8123", {"PATH": "/bin"}, {})

    assert env == {"PATH": "/bin", "DIAM_BASE_URL": "http://127.0.0.1:8123"}


def test_child_environment_keeps_a_base_url_of_the_environment() -> None:
    environ = {"DIAM_BASE_URL": "https://diam.example.org"}

    assert child_environment("127.0.0.1:8123", environ, {}) == environ


def test_child_environment_keeps_a_base_url_of_the_env_file() -> None:
    env_file: dict[str, str | None] = {"DIAM_BASE_URL": "http://diam.test:9000"}

    assert child_environment("127.0.0.1:8123", {"PATH": "/bin"}, env_file) == {"PATH": "/bin"}


def test_worker_processes_default_to_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 6)

    assert worker_processes({}, {}) == 6


def test_worker_processes_from_the_environment_before_the_env_file() -> None:
    env_file: dict[str, str | None] = {"DIAM_WORKER_PROCESSES": "3"}

    assert (
        worker_processes({"DIAM_WORKER_PROCESSES": "1"}, env_file),
        worker_processes({}, env_file),
    ) == (1, 3)


def test_worker_processes_not_a_number_stops_with_a_message() -> None:
    with pytest.raises(SystemExit) as stopped:
        worker_processes({"DIAM_WORKER_PROCESSES": "many"}, {})

    assert str(stopped.value) == "DIAM_WORKER_PROCESSES must be an integer, got 'many'"
