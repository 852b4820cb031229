"""`make loadtest`: gunicorn on a database of its own, driven by locust, then the save check.

    python -m performance.loadtest.runner [--users 100] [--duration 60]

The database is a fresh PostgreSQL database beside DATABASE_URL's when it names one, a
temporary SQLite file otherwise; it is dropped afterwards. gunicorn runs 2 x cores + 1 sync
workers on 127.0.0.1 only, with DEBUG off (performance.loadtest.settings). Prints requests/s,
p50/p95/p99 and errors per endpoint in the steady state (the log-in page of a visitor not logged
in is the baseline, measured under the same load), the log-in figures of the ramp-up before it
and what the ramp-up held, the machine's cores and load, then checks that every save reported
as saved is in the database and in the audit trail.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent


@dataclass
class Endpoint:
    name: str
    requests: int
    failures: int
    per_second: float
    p50: float
    p95: float
    p99: float
    phase: str = "steady"  # or "ramp-up": the log-in steps, once per contributor

    def line(self) -> str:
        return (
            f"{self.name:<40} {self.phase:<8} {self.requests:>8} {self.failures:>6} "
            f"{self.per_second:>7.1f} {self.p50:>7.0f} {self.p95:>7.0f} {self.p99:>7.0f}"
        )


@dataclass
class Report:
    users: int
    duration: int
    workers: int
    database: str
    # The survey's requests and the log-in page in the steady state, the log-in steps over the
    # ramp-up (the whole run).
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    check: dict[str, Any] = field(default_factory=dict)
    ramp_up_seconds: float = 0.0
    steady_seconds: float = 0.0
    excluded: dict[str, int] = field(default_factory=dict)  # requests of the ramp-up, by name
    all_requests: dict[str, int] = field(default_factory=dict)  # of the whole run, by name
    all_failures: dict[str, int] = field(default_factory=dict)
    machine: str = ""

    @property
    def failures(self) -> int:
        """Failed requests of the whole run, ramp-up included."""
        return sum(self.all_failures.values())

    def lines(self) -> list[str]:
        excluded = ", ".join(f"{n} {name}" for name, n in sorted(self.excluded.items()))
        out = [
            f"load test: {self.users} contributors, {self.duration} s, 1 s think time, "
            f"gunicorn {self.workers} workers, DEBUG off, {self.database}; {self.machine}",
            f"ramp-up (contributors arriving and logging in): {self.ramp_up_seconds:.1f} s, "
            f"left out of the steady figures ({excluded or 'no request'}); "
            f"steady state: {self.steady_seconds:.1f} s",
            f"{'endpoint':<40} {'phase':<8} {'requests':>8} {'errors':>6} {'req/s':>7} "
            f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}",
        ]
        out.extend(e.line() for e in self.endpoints.values())
        out.append(f"whole run: {sum(self.all_requests.values())} requests, {self.failures} failed")
        out.extend(f"error: {error}" for error in self.errors)
        c = self.check
        out.append(
            f"saves reported saved: {c.get('saves', 0)} on {c.get('answers', 0)} answers; "
            f"last version in the database: {c.get('in_database', 0)}, "
            f"in the audit trail: {c.get('in_history', 0)} "
            f"(history rows: {c.get('history_rows', 0)}) -> "
            + ("passed" if c.get("passed") else "FAILED")
        )
        return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """A DATABASE_URL of a new, empty database of DATABASE_URL's kind; dropped afterwards."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'loadtest.sqlite3'}"
        return
    import secrets
    import urllib.parse

    import psycopg

    name = f"diam_loadtest_{secrets.token_hex(4)}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlparse(base)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(database_url: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            # DEBUG on: served over plain HTTP on 127.0.0.1 (no secure cookies, no redirect).
            "DEBUG": "true",
            "DATABASE_URL": database_url,
            "DIAM_VAR_DIR": str(folder),
            "DJANGO_SETTINGS_MODULE": "diam.settings",
            "TASKS_BACKEND": "immediate",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def _python(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "performance.loadtest.installation", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return result.stdout


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int, log: Path) -> Iterator[str]:
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "diam.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{base}/accounts/login/", timeout=5):
                    break
            except (OSError, urllib.error.URLError):
                if process.poll() is not None:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.25)
        else:
            raise RuntimeError(f"gunicorn did not answer: {log.read_text()}")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def read_report(path: Path, saves: Path, report: Report) -> None:
    """The locustfile's report into `report`: the figures per endpoint, the ramp-up and the
    errors; the saves go to `saves` for the check."""
    data = json.loads(path.read_text(encoding="utf-8"))
    saves.write_text(json.dumps(data["saves"]), encoding="utf-8")
    report.endpoints = {
        **{row["name"]: Endpoint(**row, phase="ramp-up") for row in data["logins"]},
        **{row["name"]: Endpoint(**row) for row in data["endpoints"]},
    }
    report.errors = data["errors"]
    report.ramp_up_seconds = data["ramp_up_seconds"]
    report.steady_seconds = data["steady_seconds"]
    report.excluded = data["excluded"]
    report.all_requests = data["all_requests"]
    report.all_failures = data["all_failures"]


def machine() -> str:
    """The cores and the load average (1, 5, 15 minutes): other work on the machine shows in
    every figure."""
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def run(*, users: int, duration: int, folder: Path | None = None) -> Report:
    own_folder = folder is None
    folder = folder or Path(tempfile.mkdtemp(prefix="diam-loadtest-"))
    workers = 2 * (os.cpu_count() or 1) + 1
    try:
        with fresh_database(folder) as database_url:
            env = environment(database_url, folder)
            accounts, saves = folder / "accounts.json", folder / "saves.json"
            _python(["seed", str(users), str(accounts)], env)
            kind = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
            report = Report(users=users, duration=duration, workers=workers, database=kind)
            served = {**env, "DJANGO_SETTINGS_MODULE": "performance.loadtest.settings"}
            with gunicorn(served, workers=workers, log=folder / "gunicorn.log") as base:
                locust_report = folder / "locust.json"
                locust = subprocess.run(
                    [
                        str(BIN / "locust"),
                        "-f",
                        str(HERE / "locustfile.py"),
                        "--headless",
                        "--users",
                        str(users),
                        "--spawn-rate",
                        str(max(1.0, users / 10)),
                        "--run-time",
                        f"{duration}s",
                        "--stop-timeout",
                        "10",
                        "--host",
                        base,
                        "--only-summary",
                        "--loglevel",
                        "WARNING",
                    ],
                    cwd=ROOT,
                    env={
                        **env,
                        "LOADTEST_ACCOUNTS": str(accounts),
                        "LOADTEST_REPORT": str(locust_report),
                    },
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if not locust_report.exists():
                    raise RuntimeError(f"locust failed: {locust.stderr[-3000:]}")
                read_report(locust_report, saves, report)
                report.machine = machine()
            report.check = json.loads(_python(["check", str(saves)], env).strip().splitlines()[-1])
            return report
    finally:
        if own_folder:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    options = parser.parse_args()
    report = run(users=options.users, duration=options.duration)
    print("\n".join(report.lines()))
    if report.failures or not report.check.get("passed"):
        sys.exit(1)


if __name__ == "__main__":
    main()
