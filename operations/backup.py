"""One archive with the database's content and every stored file, consistent with each other,
and its restore into an empty installation.

The archive (a gzipped tar) holds `manifest.json` (format, time, migrations, row counts per model,
each file's name, size and SHA-256), `database.json` (dumpdata with natural keys for content
types and permissions, which the restoring installation makes itself) and `files/<name>` for every
file a FileField names. The rows come from one snapshot (a REPEATABLE READ transaction on
PostgreSQL, a read transaction of SQLite: writers are never blocked), and the files are the
ones that snapshot names, read while it is held.
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "diam-backup/1"
# Made again by `migrate` in the restoring installation; referred to by natural keys.
EXCLUDED = ["contenttypes", "auth.permission"]
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


@dataclass
class BackupSummary:
    rows: dict[str, int]
    files: int
    bytes: int
    missing: list[str] = field(default_factory=list)


def _file_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if isinstance(f, models.FileField)
    ]


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _snapshot() -> Iterator[str]:
    """The alias of a database connection that sees one moment of the data throughout: a read
    transaction of SQLite (in WAL mode it never blocks writers; the project's IMMEDIATE
    transactions would, hence the plain BEGIN) or a REPEATABLE READ one of PostgreSQL."""
    default = connections["default"]
    if default.in_atomic_block:
        raise BackupError("a backup takes its own snapshot: run it outside a transaction")
    if default.vendor == "sqlite":
        with default.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield "default"
        finally:
            with default.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using="default"):
        with default.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield "default"


def _counts(using: str) -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.using(using).count()
        for model in apps.get_models()
        if model._meta.app_label not in ("contenttypes",) and model._meta.label != "auth.Permission"
    }


def _migrations(using: str) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in (
        MigrationRecorder.Migration.objects.using(using)
        .order_by("app", "name")
        .values_list("app", "name")
    ):
        latest[app] = name
    return latest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup_write(path: Path) -> BackupSummary:
    with _snapshot() as using, tarfile.open(path, "w:gz") as archive:
        with tempfile.TemporaryDirectory(prefix="diam-backup-") as folder:
            dump = Path(folder) / "database.json"
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                database=using,
                output=str(dump),
                verbosity=0,
            )
            archive.add(dump, arcname="database.json")
        names = sorted(
            {
                name
                for model, field_name in _file_fields()
                for name in model._default_manager.using(using)
                .exclude(**{field_name: ""})
                .values_list(field_name, flat=True)
            }
        )
        files, missing, total = [], [], 0
        for name in names:
            if not default_storage.exists(name):
                missing.append(name)
                continue
            with default_storage.open(name, "rb") as stored:
                digest = _sha256(stored)
                stored.seek(0)
                info = tarfile.TarInfo(f"files/{name}")
                info.size = default_storage.size(name)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, stored)
            files.append({"name": name, "size": info.size, "sha256": digest})
            total += info.size
        rows = _counts(using)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connections[using].vendor,
            "migrations": _migrations(using),
            "rows": rows,
            "files": files,
            "missing_files": missing,
        }
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    return BackupSummary(rows=rows, files=len(files), bytes=total, missing=missing)


def _installation_empty() -> bool:
    from django.contrib.auth import get_user_model

    from assessments.models import Organization
    from criteria.models import CatalogVersion

    return not (
        get_user_model().objects.exists()
        or Organization.objects.exists()
        or CatalogVersion.objects.exists()
    )


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError:
        raise BackupError("not a DIAM backup: the archive has no manifest.json") from None
    if member is None:
        raise BackupError("not a DIAM backup: manifest.json is not a file")
    manifest: dict[str, Any] = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r} (expected {FORMAT})")
    return manifest


def restore_read(path: Path) -> BackupSummary:
    """Fill this (migrated, empty) installation from the archive at `path`: all rows in one
    transaction, then every file, each checked against its SHA-256."""
    if not _installation_empty():
        raise BackupError(
            "this installation is not empty (it has users, organizations or a catalog): "
            "restore only into a new database and storage"
        )
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the `with` below)
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"not a DIAM backup: {error}") from None
    with archive:
        manifest = _manifest(archive)
        dump = archive.extractfile("database.json")
        if dump is None:
            raise BackupError("not a DIAM backup: database.json is missing")
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as plain:
            shutil.copyfileobj(dump, plain)
        try:
            with transaction.atomic():
                call_command("loaddata", plain.name, verbosity=0)
        finally:
            Path(plain.name).unlink()
        total = 0
        for entry in manifest["files"]:
            stored = archive.extractfile(f"files/{entry['name']}")
            if stored is None:
                raise BackupError(f"the file {entry['name']} is missing from the archive")
            content = stored.read()
            if hashlib.sha256(content).hexdigest() != entry["sha256"]:
                raise BackupError(f"the file {entry['name']} is damaged (checksum differs)")
            saved = default_storage.save(entry["name"], File(io.BytesIO(content)))
            if saved != entry["name"]:
                raise BackupError(f"the storage already held {entry['name']}")
            total += len(content)
    return BackupSummary(
        rows=_counts("default"),
        files=len(manifest["files"]),
        bytes=total,
        missing=manifest.get("missing_files", []),
    )
