"""`manage.py bench` in a process of its own, with DATABASE_URL naming a developer's database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.subprocess


def test_bench_runs_on_its_own_database_never_the_configured_one(tmp_path: Path) -> None:
    developer = tmp_path / "developer.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{developer}",
        "DIAM_VAR_DIR": str(tmp_path),
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--only", "engine"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "engine: ratio engine / reference engine" in result.stdout
    assert not developer.exists()
