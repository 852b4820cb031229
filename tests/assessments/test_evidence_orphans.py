"""manage.py evidence_orphans: files of the evidence folder without a row (dry run, --delete),
listed through the storage (the local disk or an S3 bucket: the test stack).

A file's age is the storage's own modification time, which a test cannot set back: the files of
these tests are new, and `--min-age 0` lists them as an older file would be listed by default."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.management import call_command
from django.utils import timezone

from assessments.evidence.services import evidence_orphans_list
from assessments.models import Evidence
from tests.assessments.evidence_factories import PDF, evidence_with_file
from tests.backing_services import stored_names
from tests.factories import AnswerFactory

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture(autouse=True)
def storage(media_storage: Storage) -> Storage:
    return media_storage


def orphan(storage: Storage, name: str, size: int) -> str:
    return storage.save(name, ContentFile(b"x" * size))


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("evidence_orphans", *args, stdout=out)
    return out.getvalue().splitlines()


def test_evidence_orphans_dry_run_lists_files_without_row_and_keeps_them(
    storage: Storage,
) -> None:
    kept = evidence_with_file(AnswerFactory()).file.name
    first = orphan(storage, "evidence/7/aaa", 1024)
    second = orphan(storage, "evidence/9/bbb", 2048)
    other = orphan(storage, "exports/job-1.zip", 10)  # not evidence: never listed

    lines = run("--min-age", "0")

    assert lines == [
        "evidence/7/aaa\t1 KB",
        "evidence/9/bbb\t2 KB",
        "2 orphaned files, 3 KB in total. Nothing deleted: --delete removes them.",
    ]
    assert stored_names(storage) == sorted([kept, first, second, other])


def test_evidence_orphans_delete_removes_only_orphans(storage: Storage) -> None:
    evidence = evidence_with_file(AnswerFactory())
    orphan(storage, "evidence/7/aaa", 100)

    lines = run("--min-age", "0", "--delete")

    with storage.open(evidence.file.name) as kept:
        content = kept.read()
    assert lines == ["evidence/7/aaa\t100 bytes", "1 orphaned file, 100 bytes in total. Deleted."]
    assert (stored_names(storage), content) == ([evidence.file.name], PDF)


def test_evidence_orphans_leaves_out_recent_files(storage: Storage) -> None:
    # An upload in progress stores its file just before its row.
    recent = orphan(storage, "evidence/7/new", 100)

    lines = run("--delete")

    assert (lines, stored_names(storage)) == (["0 orphaned files, 0 bytes in total."], [recent])


def test_evidence_orphans_list_includes_files_older_than_the_limit(storage: Storage) -> None:
    orphan(storage, "evidence/7/old", 100)

    orphans = evidence_orphans_list(modified_before=timezone.now() + timedelta(minutes=1))

    assert [(o.name, o.size) for o in orphans] == [("evidence/7/old", 100)]


def test_evidence_orphans_without_evidence_folder_finds_nothing() -> None:
    assert (run(), Evidence.objects.count()) == (["0 orphaned files, 0 bytes in total."], 0)
