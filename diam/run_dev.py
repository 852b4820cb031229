"""`make run`: the development web server and the background workers together.

Ctrl-C (or SIGTERM) stops them all; when one exits, the others are stopped too. The worker is
chosen by TASKS_BACKEND like the settings do: `worker` for the database queue (the default; the
`db_worker` of django-tasks that also resumes export jobs whose worker died), `rqworker` for
Redis, none for the immediate backend (tasks run inside the request). DIAM_WORKER_PROCESSES
workers are started (in the environment or the .env; default: one per core), so that several
jobs run side by side.

E-mail links point at the address served here: DIAM_BASE_URL is set for both children from
ADDRESS:PORT, unless the environment or the project's .env sets it already.

Usage: python diam/run_dev.py [ADDRESS:PORT]
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from dotenv import dotenv_values

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]
DEFAULT_ADDRESS = "127.0.0.1:8000"
# runserver listens on every interface for these; a browser reaches them on the loopback one.
ANY_INTERFACE = {"0.0.0.0": "127.0.0.1", "0": "127.0.0.1", "[::]": "[::1]"}
# A worker asked to stop finishes the task it is running; give it this long before insisting.
GRACE_SECONDS = 10


def worker_command(backend: str) -> list[str] | None:
    if backend == "database":
        # No autoreload: the reloading parent would kill the worker mid-task on Ctrl-C.
        return [*MANAGE, "worker", "--queue-name", "default", "--no-reload"]
    if backend == "rq":
        return [*MANAGE, "rqworker", "--job-class", "django_tasks_rq.Job", "default"]
    return None


def worker_processes(environ: dict[str, str], env_file: dict[str, str | None]) -> int:
    """DIAM_WORKER_PROCESSES from the environment, else the .env file, else the cores."""
    raw = environ.get("DIAM_WORKER_PROCESSES") or env_file.get("DIAM_WORKER_PROCESSES") or ""
    if not raw.strip():
        return os.cpu_count() or 1
    try:
        return max(1, int(raw))
    except ValueError:
        raise SystemExit(f"DIAM_WORKER_PROCESSES must be an integer, got {raw!r}") from None


def base_url(address: str) -> str:
    """The URL a browser on this machine opens for runserver's ADDRESS:PORT (or PORT alone)."""
    host, _sep, port = address.rpartition(":")
    host = host or DEFAULT_ADDRESS.partition(":")[0]
    return f"http://{ANY_INTERFACE.get(host, host)}:{port}"


def child_environment(
    address: str, environ: dict[str, str], env_file: dict[str, str | None]
) -> dict[str, str]:
    """The children's environment: DIAM_BASE_URL from the served address, unless set already
    (in the environment, or in the .env file the settings read)."""
    if environ.get("DIAM_BASE_URL") or env_file.get("DIAM_BASE_URL"):
        return dict(environ)
    return {**environ, "DIAM_BASE_URL": base_url(address)}


def env_file_values() -> dict[str, str | None]:
    """The .env the settings read (diam.env.load_env_file), without importing the settings."""
    path = Path(os.environ.get("DIAM_ENV_FILE") or ROOT / ".env")
    return dotenv_values(path) if path.is_file() else {}


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes:
        if process.poll() is None:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.terminate()
    for process in processes:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str]) -> int:
    address = argv[1] if len(argv) > 1 else DEFAULT_ADDRESS
    env_file = env_file_values()
    commands = [[*MANAGE, "runserver", address]]
    worker = worker_command(os.environ.get("TASKS_BACKEND", "database"))
    if worker is not None:
        commands += [worker] * worker_processes(dict(os.environ), env_file)

    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    env = child_environment(address, dict(os.environ), env_file)
    processes = [subprocess.Popen(command, env=env) for command in commands]
    while not received and all(process.poll() is None for process in processes):
        time.sleep(0.2)
    # Ctrl-C in a terminal reaches the children already (a second one would make the worker
    # abandon its task); otherwise (SIGTERM, or one child exited) ask the others to stop.
    if not received or received[0] != signal.SIGINT:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
    stop(processes)
    return max(abs(process.returncode or 0) for process in processes)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
