"""A real installation for concurrency tests: its own database, gunicorn workers, HTTP clients.

The database is a fresh SQLite file, or a fresh PostgreSQL database beside the one named by
DATABASE_URL when the suite runs on PostgreSQL, so the web workers and the test see the same
committed data (the test database of pytest-django lives inside one connection's transaction).
"""

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
