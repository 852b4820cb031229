"""Evidence rows with real files, for the tests of what happens to the files."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.evidence.services import evidence_add
from assessments.models import Answer, Evidence
from tests.factories import UserFactory

# filetype recognizes a PDF by its first bytes.
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def evidence_with_file(answer: Answer, name: str = "report.pdf") -> Evidence:
    """An evidence row and its file, stored as an upload would be (under MEDIA_ROOT)."""
    return evidence_add(answer=answer, upload=SimpleUploadedFile(name, PDF), user=UserFactory())


def stored_files(media_root: Path) -> list[Path]:
    return sorted(p for p in media_root.rglob("*") if p.is_file())
