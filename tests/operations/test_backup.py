"""`manage.py backup` and `manage.py restore`: an installation with answers, history and evidence
files goes into one archive and comes back, in a fresh database and storage of the same kind, with
the same rows and the same files (SHA-256)."""

import hashlib
import json
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import Answer, Evidence
from performance.loadtest.runner import environment, fresh_database
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    UserFactory,
    assessment_with_areas,
)

ROOT = Path(__file__).resolve().parents[2]
INSPECT = """
import hashlib, json, django
django.setup()
from django.apps import apps
from django.core.files.storage import default_storage
from assessments.models import Evidence
rows = {m._meta.label: m._default_manager.count() for m in apps.get_models()
        if m._meta.app_label != "contenttypes" and m._meta.label != "auth.Permission"}
files = {e.file.name: hashlib.sha256(default_storage.open(e.file.name).read()).hexdigest()
         for e in Evidence.objects.all()}
print(json.dumps({"rows": rows, "files": files}))
"""


def installation_build() -> dict[str, str]:
    """Two organizations' answers with history and three evidence files; returns the files'
    checksums by name."""
    user = UserFactory(username="lead-a")
    assessment = assessment_with_areas(["radiology", "cardiology"])
    MembershipFactory(user=user, organization=assessment.organization, role="lead")
    answer = AnswerFactory(assessment=assessment, comment="Signed PACS contract")
    answer.status = "not_met"
    answer.save()  # a second history row
    AnswerFactory(assessment=assessment_with_areas(["pathology"]), status="met")
    checksums = {}
    for number, content in enumerate([b"%PDF-1.4 contract", b"\x89PNG diagram", b"minutes"]):
        evidence = Evidence(
            answer=answer,
            original_name=f"file-{number}",
            content_type="application/pdf",
            size=len(content),
            uploaded_by=user,
        )
        evidence.file.save(f"file-{number}.pdf", ContentFile(content), save=True)
        checksums[evidence.file.name] = hashlib.sha256(content).hexdigest()
    return checksums


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_installation_with_the_same_rows_and_files(
    catalog, tmp_path: Path
) -> None:
    checksums = installation_build()
    archive_path = tmp_path / "diam.tar.gz"
    call_command("backup", "-o", str(archive_path))

    with tarfile.open(archive_path) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
        names = archive.getnames()
    assert manifest["format"] == "diam-backup/1"
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == checksums
    assert manifest["rows"]["assessments.Answer"] == Answer.objects.count() == 2
    assert manifest["rows"]["assessments.HistoricalAnswer"] == 3
    assert manifest["rows"]["assessments.Evidence"] == 3
    assert manifest["missing_files"] == []
    assert {"manifest.json", "database.json"} <= set(names)
    assert not (tmp_path / "diam.tar.gz.partial").exists()

    folder = tmp_path / "restored"
    folder.mkdir()
    with fresh_database(folder) as database_url:
        env = environment(database_url, folder)
        # On the test stack (S3) the fresh storage is a folder of the bucket of its own.
        env["AWS_LOCATION"] = f"restored/{uuid.uuid4().hex}"
        restored = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive_path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert restored.returncode == 0, restored.stderr[-3000:]
        assert restored.stdout.startswith("restored ")
        inspected = subprocess.run(
            [sys.executable, "-c", INSPECT],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        after = json.loads(inspected.stdout.splitlines()[-1])
        again = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive_path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert after["files"] == checksums
    # Every table holds as many rows as in the backup (the migrations' own rows aside).
    assert {k: v for k, v in after["rows"].items() if k in manifest["rows"]} == manifest["rows"]
    assert settings.DIAM_STORAGE == "s3" or (folder / "media").is_dir()
    # A second restore into the now filled installation is refused, nothing changed.
    assert again.returncode == 1
    assert "this installation is not empty" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_backup_notes_files_named_in_the_database_but_gone_from_the_storage(
    catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checksums = installation_build()
    gone = sorted(checksums)[0]
    default_storage.delete(gone)
    call_command("backup", "-o", str(tmp_path / "b.tar.gz"))
    with tarfile.open(tmp_path / "b.tar.gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["missing_files"] == [gone]
    assert len(manifest["files"]) == 2
    assert f"warning: {gone} is named in the database but not in the storage" in (
        capsys.readouterr().err
    )


@pytest.mark.django_db
def test_restore_refuses_an_installation_that_is_not_empty(catalog, tmp_path: Path) -> None:
    archive_path = tmp_path / "x.tar.gz"
    with tarfile.open(archive_path, "w:gz"):
        pass
    users = UserFactory._meta.model.objects.count()
    with pytest.raises(CommandError, match="this installation is not empty"):
        call_command("restore", str(archive_path))
    assert UserFactory._meta.model.objects.count() == users


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not an archive at all", "not a DIAM backup"),
        (None, "not a DIAM backup: the archive has no manifest.json"),
    ],
)
def test_restore_refuses_what_is_not_a_backup(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    archive_path = tmp_path / "bad.tar.gz"
    if content is None:
        with tarfile.open(archive_path, "w:gz"):
            pass
    else:
        archive_path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive_path))
