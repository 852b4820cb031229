"""Evidence files attached to answers: validation (pure) and services (writes).

The type of a file is decided by its content (its magic bytes), never by the name or the
browser's Content-Type; the name's extension must then agree with the detected type, so a text
file or a PNG renamed `.pdf` is refused.
"""

import posixpath
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from filetype.types import archive, document, image
from filetype.types.base import Type

from assessments.models import Answer, Evidence

# filetype's own helpers (guess/match) cut the input to its first 8 KiB, which can be too little
# for DOCX/XLSX: their matcher looks for the `word/` or `xl/` entry among the first zip entries,
# up to 6,000 bytes apart. So we read more and call the matchers directly.
HEAD_BYTES = 32 * 1024

NAME_MAX_LENGTH = 255


@dataclass(frozen=True)
class EvidenceType:
    label: str
    mime: str
    extensions: tuple[str, ...]
    matcher: Type

    def matches(self, head: bytes) -> bool:
        return bool(self.matcher.match(head))


EVIDENCE_TYPES: Sequence[EvidenceType] = (
    EvidenceType("PDF", "application/pdf", (".pdf",), archive.Pdf()),
    EvidenceType("PNG", "image/png", (".png",), image.Png()),
    EvidenceType("JPEG", "image/jpeg", (".jpg", ".jpeg"), image.Jpeg()),
    EvidenceType("DOCX", document.Docx.MIME, (".docx",), document.Docx()),
    EvidenceType("XLSX", document.Xlsx.MIME, (".xlsx",), document.Xlsx()),
)
ACCEPT_ATTRIBUTE = ",".join(ext for t in EVIDENCE_TYPES for ext in t.extensions)


def evidence_max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def size_display(num_bytes: int) -> str:
    """A short, localized size: "512 bytes", "12.3 KB", "12.3 MB", "10 MB"."""
    if num_bytes < 1024:
        return ngettext("%(size)d byte", "%(size)d bytes", num_bytes) % {"size": num_bytes}
    if num_bytes < 1024 * 1024:
        value, template = num_bytes / 1024, _("%(size)s KB")
    else:
        value, template = num_bytes / (1024 * 1024), _("%(size)s MB")
    rounded = round(value, 1)
    decimals = 0 if rounded == int(rounded) else 1
    return template % {"size": number_format(rounded, decimal_pos=decimals)}


def evidence_clean_name(name: str) -> str:
    """The base name only (browsers may send a full Windows path), without control characters,
    at most 255 characters with the extension kept."""
    base = posixpath.basename(name.replace("\\", "/"))
    base = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C")).strip()
    if base in {"", ".", ".."}:
        return "file"
    if len(base) > NAME_MAX_LENGTH:
        stem, dot, extension = base.rpartition(".")
        if dot and len(extension) < 16:
            base = stem[: NAME_MAX_LENGTH - len(extension) - 1] + "." + extension
        else:
            base = base[:NAME_MAX_LENGTH]
    return base


def evidence_detect_type(head: bytes) -> EvidenceType | None:
    for evidence_type in EVIDENCE_TYPES:
        if evidence_type.matches(head):
            return evidence_type
    return None


def evidence_validate(*, name: str, size: int, head: bytes, max_bytes: int) -> EvidenceType:
    """The allowed type of a file from its name, size and first bytes; ValidationError if refused.

    Pure: no database, no storage, no settings.
    """
    if size <= 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files can be at most %(max)s.")
            % {"name": name, "size": size_display(size), "max": size_display(max_bytes)},
            code="too_large",
        )
    detected = evidence_detect_type(head)
    if detected is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, PNG, JPEG, DOCX or XLSX file.") % {"name": name},
            code="type",
        )
    if not name.lower().endswith(detected.extensions):
        raise ValidationError(
            _("“%(name)s” is a %(type)s file; its name must end in %(extensions)s.")
            % {"name": name, "type": detected.label, "extensions": " / ".join(detected.extensions)},
            code="extension",
        )
    return detected


def evidence_read_head(upload: File) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return bytes(head)


def evidence_check_upload(upload: File) -> EvidenceType:
    """Validate an uploaded file (see evidence_validate); the limit comes from the settings."""
    return evidence_validate(
        name=evidence_clean_name(upload.name or ""),
        size=upload.size,
        head=evidence_read_head(upload),
        max_bytes=evidence_max_bytes(),
    )


def evidence_add(*, answer: Answer, upload: File, user: AbstractBaseUser) -> Evidence:
    """Attach a file to an answer: validated first, then stored under a random name (the
    original name is kept in the database only). Nothing is stored when it is refused."""
    evidence_type = evidence_check_upload(upload)
    evidence = Evidence(
        answer=answer,
        original_name=evidence_clean_name(upload.name or ""),
        content_type=evidence_type.mime,
        size=upload.size,
        uploaded_by=user,
    )
    # Storage and row together: a failing row must not leave an orphan file behind.
    evidence.file.save(evidence.original_name, upload, save=False)
    try:
        evidence.full_clean()
        evidence._history_user = user  # type: ignore[attr-defined]  # the audit trail's "who"
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


def evidence_delete(*, evidence: Evidence, user: AbstractBaseUser) -> None:
    """Delete the row; the file goes once the transaction commits (a rollback keeps both; see
    assessments.evidence.signals, which does it for every way a row is deleted)."""
    evidence._history_user = user  # type: ignore[attr-defined]  # the audit trail's "who"
    evidence.delete()


# --- files without a row ------------------------------------------------------------------------

EVIDENCE_FOLDER = "evidence"  # see assessments.models.evidence_path


@dataclass(frozen=True)
class OrphanFile:
    name: str  # the storage name, e.g. "evidence/12/3f…"
    size: int


def _storage_files(storage: Storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}"
    for sub in sorted(folders):
        yield from _storage_files(storage, f"{folder}/{sub}")


def evidence_orphans_list(*, modified_before: datetime) -> list[OrphanFile]:
    """The files of the evidence folder that no evidence row references, left by a failure
    (a file that could not be deleted, a crash between storing a file and its row).

    Files modified since `modified_before` are left out: an upload in progress stores its file
    just before its row."""
    storage = Evidence._meta.get_field("file").storage  # type: ignore[attr-defined]
    referenced = set(Evidence.objects.values_list("file", flat=True))
    return [
        OrphanFile(name=name, size=storage.size(name))
        for name in _storage_files(storage, EVIDENCE_FOLDER)
        if name not in referenced and storage.get_modified_time(name) < modified_before
    ]


def evidence_orphans_delete(*, orphans: Sequence[OrphanFile]) -> None:
    storage = Evidence._meta.get_field("file").storage  # type: ignore[attr-defined]
    for orphan in orphans:
        storage.delete(orphan.name)


# --- retention ----------------------------------------------------------------------------------

# The history_change_reason of a row deleted by the retention (the timeline says so).
RETENTION_REASON = "evidence retention"


def retention_cutoff(*, now: datetime, years: int) -> datetime:
    """`now`, `years` years earlier (29 February becomes 28 February)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def evidence_past_retention(*, now: datetime, years: int) -> QuerySet[Evidence]:
    """The evidence of assessments validated at least `years` years before `now`, oldest
    validation first; none when `years` is 0 (retention off)."""
    if years <= 0:
        return Evidence.objects.none()
    return (
        Evidence.objects.filter(
            answer__assessment__validated_at__isnull=False,
            answer__assessment__validated_at__lte=retention_cutoff(now=now, years=years),
        )
        .select_related("answer__assessment__organization")
        .order_by("answer__assessment__validated_at", "answer__assessment_id", "pk")
    )


def evidence_retention_delete(*, evidence: Evidence) -> None:
    """Delete one file and its row by the retention: the audit trail records the deletion by
    the system with RETENTION_REASON (the file goes once the transaction commits)."""
    evidence._change_reason = RETENTION_REASON  # type: ignore[attr-defined]
    evidence._history_user = None  # type: ignore[attr-defined]
    with transaction.atomic():
        evidence.delete()
