"""`make run`'s launcher starts the web server and the worker, and stops both."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children_of(pid: int) -> list[str]:
    result = subprocess.run(
        ["ps", "-ww", "-o", "args=", "--ppid", str(pid)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.splitlines()


def test_run_dev_serves_pages_runs_the_worker_and_stops_both(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DIAM_VAR_DIR": str(tmp_path),
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

        launcher.send_signal(signal.SIGTERM)
        code = launcher.wait(timeout=30)
    finally:
        if launcher.poll() is None:
            launcher.kill()

    assert status == 200
    assert [p.split("manage.py ")[1] for p in processes] == [
        f"runserver 127.0.0.1:{port}",
        "worker --queue-name default --no-reload",
    ]
    assert code == 0
    assert children_of(launcher.pid) == []
