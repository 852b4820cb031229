"""The README's production commands work when pasted, with the values of .env.example.

They run, as written, in a copy of the project whose `.env` is `.env.example` with one edit: the
database (a SQLite file here, as no PostgreSQL server is at the example's address).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(
    ".venv", "var", ".git", "*.pyc", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
    ".hypothesis", ".env", "test-artifacts", "node_modules",
)  # fmt: skip

pytestmark = pytest.mark.subprocess


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running in production", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_readme_production_commands_are_the_tested_ones() -> None:
    assert readme_commands() == [
        "cp .env.example .env",
        "make install",
        ".venv/bin/python manage.py migrate --noinput",
        ".venv/bin/python manage.py load_catalog",
        ".venv/bin/python manage.py collectstatic --noinput",
        ".venv/bin/python manage.py check --deploy --fail-level WARNING",
        ".venv/bin/gunicorn diam.wsgi:application --bind 127.0.0.1:8000 --workers 3 --timeout 60",
        ".venv/bin/python manage.py worker --queue-name default --no-reload",
    ]


def test_readme_production_commands_run_when_pasted(tmp_path: Path) -> None:
    project = tmp_path / "diam"
    shutil.copytree(ROOT, project, ignore=IGNORED)
    (project / ".venv").symlink_to(Path(sys.prefix))
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    }
    commands = readme_commands()
    port = free_port()

    def shell(command: str, **kwargs: object) -> subprocess.Popen[str]:
        command = command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        return subprocess.Popen(  # type: ignore[call-overload,no-any-return]
            ["bash", "-c", command],
            cwd=project,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            **kwargs,
        )

    def run(command: str) -> str:
        process = shell(command)
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"{command}\n{output}"
        return output

    run(commands[0])
    settings = (project / ".env").read_text()
    database = f"DATABASE_URL=sqlite:///{tmp_path / 'diam.sqlite3'}"
    (project / ".env").write_text(re.sub(r"(?m)^DATABASE_URL=.*$", database, settings))
    # `make install` is skipped: the virtualenv of this run stands in for it.
    for command in commands[2:6]:
        output = run(command)
    assert output.strip().splitlines()[-1] == "System check identified no issues (0 silenced)."

    server = shell(commands[6], start_new_session=True)
    worker = shell(commands[7], start_new_session=True)
    try:
        reply = None
        opener = urllib.request.build_opener(NoRedirect)
        for _ in range(120):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/accounts/login/",
                headers={"Host": "diam.example.org"},
            )
            try:
                with opener.open(request, timeout=5) as response:
                    reply = (response.status, response.url)
            except urllib.error.HTTPError as error:
                reply = (error.code, error.headers["Location"])
            except OSError:
                time.sleep(0.25)
                continue
            break
        time.sleep(1)
        worker_alive = worker.poll() is None
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
        for process in (server, worker):
            try:
                process.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    # Production settings: plain HTTP is sent to HTTPS at the configured host.
    assert reply == (301, "https://diam.example.org/accounts/login/")
    assert worker_alive
