"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value.strip('"')
    return values


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    dropped = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DIAM_ENV_FILE", *env_example()}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # Only what the test gives: not the developer's .env at the project root.
        env={**clean, "DIAM_ENV_FILE": "/nonexistent/.env", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_production_values_of_env_example(tmp_path: Path) -> None:
    env = {**env_example(), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_mode_requires_secret_key_and_allowed_hosts(
    missing: str, tmp_path: Path
) -> None:
    env = {**env_example(), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    del env[missing]

    result = manage("check", env=env)

    assert result.returncode == 1
    assert f"ImproperlyConfigured: {missing} must be set when DEBUG is off" in result.stderr


def test_demo_data_is_refused_in_production_mode(tmp_path: Path) -> None:
    env = {**env_example(), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    result = manage("create_demo_data", env=env)

    assert result.returncode == 1
    assert "Demo data is for development only; it needs DEBUG=true." in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_code() -> None:
    response = Client().get("/accounts/login/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
