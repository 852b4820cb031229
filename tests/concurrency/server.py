"""A real installation for concurrency tests: its own database, gunicorn workers, HTTP clients.

The database is a fresh SQLite file, or a fresh PostgreSQL database beside the one named by
DATABASE_URL when the suite runs on PostgreSQL, so the web workers and the test see the same
committed data (the test database of pytest-django lives inside one connection's transaction).
"""

import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """A DATABASE_URL of an empty database of the suite's kind, dropped afterwards."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'diam.sqlite3'}"
        return
    import psycopg

    name = f"diam_concurrency_{secrets.token_hex(4)}"
    admin = psycopg.connect(base, autocommit=True)
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        yield urllib.parse.urlparse(base)._replace(path=f"/{name}").geturl()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def subprocess_env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DEBUG": "true",
            "DATABASE_URL": database_url,
            "DIAM_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "diam.settings",
            "TASKS_BACKEND": "immediate",
            "LOG_LEVEL": "WARNING",
            **extra,
        }
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def run_python(code: str, env: dict[str, str]) -> object:
    """Run Django code in a separate process against the installation; returns its JSON output."""
    script = "import django, json\ndjango.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int, log: Path) -> Iterator[str]:
    """gunicorn serving the application; yields its base URL."""
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                str(GUNICORN),
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
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.25)
        else:
            raise AssertionError(f"gunicorn did not answer: {log.read_text()}")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Reply:
    status: int
    body: str


class Browser:
    """One person's session: cookies, the CSRF token of the last page, plain HTTP."""

    def __init__(self, base: str, session_key: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""
        host = urllib.parse.urlparse(base).hostname or "127.0.0.1"
        self.jar.set_cookie(_cookie("sessionid", session_key, host))

    def get(self, path: str) -> Reply:
        reply = self._open(urllib.request.Request(self.base + path))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reply.body)
        if token:
            self.csrf = token.group(1)
        return reply

    def post(self, path: str, data: dict[str, str]) -> Reply:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"HX-Request": "true", "Referer": self.base + path},
        )
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> Reply:
        try:
            with self.opener.open(request, timeout=120) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(errors="replace"))


def _cookie(name: str, value: str, host: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain=host,
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
    )
