"""One rule for every entry point: the environment, plus the .env file at the project root.

manage.py, the WSGI application and the worker (a manage.py command) all import the settings,
which read the file; `make install` writes a development one when there is none.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DROPPED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DIAM_ENV_FILE",
    "DEFAULT_FROM_EMAIL",
}
SHOW_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DEBUG, settings.SECRET_KEY, settings.DEFAULT_FROM_EMAIL, sep='|')"
)


def run(args: list[str], *, env_file: Path, env: dict[str, str] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
    base = {k: v for k, v in os.environ.items() if k not in DROPPED}
    return subprocess.run(
        args,
        cwd=ROOT,
        env={**base, "DIAM_ENV_FILE": str(env_file), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,  # type: ignore[arg-type]
    )


def development_env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_text(
        "# a developer's settings\n"
        "DEBUG=true\n"
        "SECRET_KEY=from-the-env-file\n"
        f"DATABASE_URL=sqlite:///{tmp_path / 'db.sqlite3'}\n"
        'DEFAULT_FROM_EMAIL="DIAM <diam@example.org>"\n'
    )
    return path


def test_manage_py_reads_the_env_file(tmp_path: Path) -> None:
    result = run([sys.executable, "manage.py", "check"], env_file=development_env_file(tmp_path))

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


def test_wsgi_application_reads_the_env_file(tmp_path: Path) -> None:
    code = f"import diam.wsgi; {SHOW_SETTINGS}"

    result = run([sys.executable, "-c", code], env_file=development_env_file(tmp_path))

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "True|from-the-env-file|DIAM <diam@example.org>",
    ), result.stderr


def test_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    code = f"import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'diam.settings'; {SHOW_SETTINGS}"

    result = run(
        [sys.executable, "-c", code],
        env_file=development_env_file(tmp_path),
        env={"SECRET_KEY": "from-the-environment"},
    )

    assert result.stdout.strip() == "True|from-the-environment|DIAM <diam@example.org>"


def test_env_example_values_are_read_as_written(tmp_path: Path) -> None:
    code = f"import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'diam.settings'; {SHOW_SETTINGS}"

    result = run([sys.executable, "-c", code], env_file=ROOT / ".env.example")

    secret = "change-me-to-a-long-random-string-of-at-least-fifty-characters-0123456789"
    assert result.stdout.strip() == f"False|{secret}|DIAM <diam@example.org>", result.stderr


def test_manage_py_without_settings_refuses_to_start_with_a_clear_message(tmp_path: Path) -> None:
    result = run([sys.executable, "manage.py", "check"], env_file=tmp_path / "missing.env")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off:"
        " in the environment or in the .env file at the project root (see .env.example;"
        " `make install` writes a development one)"
    )


def test_worker_without_settings_refuses_to_start(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "manage.py", "db_worker", "--no-reload"],
        env_file=tmp_path / "missing.env",
    )

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_wsgi_application_without_settings_refuses_to_start(tmp_path: Path) -> None:
    result = run([sys.executable, "-c", "import diam.wsgi"], env_file=tmp_path / "missing.env")

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in result.stderr


def make_env_file(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), ".env", f"PYTHON={sys.executable}"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_make_writes_a_development_env_file_with_its_own_key(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()

    results = [make_env_file(first).returncode, make_env_file(second).returncode]

    lines = [(d / ".env").read_text().splitlines() for d in (first, second)]
    assert results == [0, 0]
    assert [line[:2] for line in lines] == [
        [
            "# Development settings written by make install (DEBUG on): never for production.",
            "DEBUG=true",
        ]
    ] * 2
    keys = [line[2].removeprefix("SECRET_KEY=dev-") for line in lines]
    assert [len(key) for key in keys] == [64, 64]
    assert keys[0] != keys[1]


def test_make_keeps_an_existing_env_file(tmp_path: Path) -> None:
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")

    result = make_env_file(tmp_path)

    assert result.returncode == 0
    assert (tmp_path / ".env").read_text() == (ROOT / ".env.example").read_text()
