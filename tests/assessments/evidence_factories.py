"""Evidence rows with real files, for the tests of what happens to the files."""

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.evidence.services import evidence_add
from assessments.models import Answer, Evidence
from tests.factories import UserFactory

# filetype recognizes a PDF by its first bytes.
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def evidence_with_file(answer: Answer, name: str = "report.pdf") -> Evidence:
    """An evidence row and its file, stored as an upload would be (in the default storage)."""
    return evidence_add(answer=answer, upload=SimpleUploadedFile(name, PDF), user=UserFactory())
