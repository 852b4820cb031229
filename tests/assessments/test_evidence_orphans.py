"""manage.py evidence_orphans: files of the evidence folder without a row (dry run, --delete)."""

import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings

from assessments.models import Evidence
from tests.assessments.evidence_factories import PDF, evidence_with_file, stored_files
from tests.factories import AnswerFactory

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def orphan(media_root: Path, name: str, size: int, *, age_minutes: int = 120) -> Path:
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    then = time.time() - age_minutes * 60
    os.utime(path, (then, then))
    return path


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("evidence_orphans", *args, stdout=out)
    return out.getvalue().splitlines()


def test_evidence_orphans_dry_run_lists_files_without_row_and_keeps_them(
    media_root: Path,
) -> None:
    kept = Path(evidence_with_file(AnswerFactory()).file.path)
    first = orphan(media_root, "evidence/7/aaa", 1024)
    second = orphan(media_root, "evidence/9/bbb", 2048)
    orphan(media_root, "exports/job-1.zip", 10)  # not evidence: never listed

    lines = run()

    assert lines == [
        "evidence/7/aaa\t1 KB",
        "evidence/9/bbb\t2 KB",
        "2 orphaned files, 3 KB in total. Nothing deleted: --delete removes them.",
    ]
    assert stored_files(media_root) == sorted(
        [kept, first, second, media_root / "exports/job-1.zip"]
    )


def test_evidence_orphans_delete_removes_only_orphans(media_root: Path) -> None:
    evidence = evidence_with_file(AnswerFactory())
    orphan(media_root, "evidence/7/aaa", 100)

    lines = run("--delete")

    assert lines == ["evidence/7/aaa\t100 bytes", "1 orphaned file, 100 bytes in total. Deleted."]
    assert (stored_files(media_root), Path(evidence.file.path).read_bytes()) == (
        [Path(evidence.file.path)],
        PDF,
    )


def test_evidence_orphans_leaves_out_recent_files(media_root: Path) -> None:
    # An upload in progress stores its file just before its row.
    recent = orphan(media_root, "evidence/7/new", 100, age_minutes=5)

    lines = run("--delete")

    assert (lines, stored_files(media_root)) == (["0 orphaned files, 0 bytes in total."], [recent])


def test_evidence_orphans_min_age_zero_includes_recent_files(media_root: Path) -> None:
    orphan(media_root, "evidence/7/new", 100, age_minutes=0)

    lines = run("--min-age", "0", "--delete")

    assert (lines, stored_files(media_root)) == (
        ["evidence/7/new\t100 bytes", "1 orphaned file, 100 bytes in total. Deleted."],
        [],
    )


def test_evidence_orphans_without_evidence_folder_finds_nothing() -> None:
    assert (run(), Evidence.objects.count()) == (["0 orphaned files, 0 bytes in total."], 0)
