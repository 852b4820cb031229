"""`make run`: the development web server and the background worker together.

Ctrl-C (or SIGTERM) stops both; when either one exits, the other is stopped too. The worker is
chosen by TASKS_BACKEND like the settings do: `worker` for the database queue (the default; the
`db_worker` of django-tasks that also resumes export jobs whose worker died), `rqworker` for
Redis, none for the immediate backend (tasks run inside the request).

Usage: python diam/run_dev.py [ADDRESS:PORT]
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

MANAGE = [sys.executable, str(Path(__file__).resolve().parent.parent / "manage.py")]
# A worker asked to stop finishes the task it is running; give it this long before insisting.
GRACE_SECONDS = 10


def worker_command(backend: str) -> list[str] | None:
    if backend == "database":
        # No autoreload: the reloading parent would kill the worker mid-task on Ctrl-C.
        return [*MANAGE, "worker", "--queue-name", "default", "--no-reload"]
    if backend == "rq":
        return [*MANAGE, "rqworker", "--job-class", "django_tasks_rq.Job", "default"]
    return None


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
    address = argv[1] if len(argv) > 1 else "127.0.0.1:8000"
    commands = [[*MANAGE, "runserver", address]]
    worker = worker_command(os.environ.get("TASKS_BACKEND", "database"))
    if worker is not None:
        commands.append(worker)

    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    processes = [subprocess.Popen(command) for command in commands]
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
