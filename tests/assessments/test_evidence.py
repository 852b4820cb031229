"""Evidence files: content-based validation, the services, the three views and the include.

Sample files are generated here (real, minimal files of each type), and every test stores its
uploads in a storage of the test's own (tests/conftest.py: media_storage).
"""

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.test.client import RequestFactory
from django.urls import reverse
from PIL import Image
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from assessments.enums import AssessmentStatus, Role
from assessments.evidence.forms import EvidenceSizeLimitHandler, evidence_message_answer_id
from assessments.evidence.services import (
    evidence_add,
    evidence_clean_name,
    evidence_delete,
    evidence_validate,
    size_display,
)
from assessments.models import Answer, Assessment, Evidence
from tests.backing_services import stored_names
from tests.factories import AnswerFactory, AssessmentFactory, MembershipFactory, UserFactory

MB = 1024 * 1024
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- sample files -------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    """A minimal, valid one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (4, xref))
    return out.getvalue()


def image_bytes(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(out, format=image_format)
    return out.getvalue()


def ooxml_bytes(main_part: str, main_type: str, *, padding: int = 0) -> bytes:
    """An Office Open XML package: [Content_Types].xml first, as Word and Excel write it.
    `padding` makes the first entries large (stored, not compressed), so the main part sits
    further into the file."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="' + main_part + '" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    )
    out = io.BytesIO()
    compression = zipfile.ZIP_STORED if padding else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", compression) as package:
        package.writestr("[Content_Types].xml", content_types + " " * padding)
        package.writestr("_rels/.rels", rels + " " * padding)
        if padding:
            package.writestr("docProps/app.xml", "<Properties/>" + " " * padding)
        package.writestr(main_part, "<root/>")
    return out.getvalue()


def docx_bytes(padding: int = 0) -> bytes:
    return ooxml_bytes(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        padding=padding,
    )


def xlsx_bytes() -> bytes:
    return ooxml_bytes(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    )


ALLOWED_SAMPLES = [
    ("report.pdf", pdf_bytes, "application/pdf"),
    ("scan.png", lambda: image_bytes("PNG"), "image/png"),
    ("photo.jpg", lambda: image_bytes("JPEG"), "image/jpeg"),
    ("photo.jpeg", lambda: image_bytes("JPEG"), "image/jpeg"),
    ("Policy.DOCX", docx_bytes, DOCX_MIME),
    ("volumes.xlsx", xlsx_bytes, XLSX_MIME),
]


# --- fixtures and helpers -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def storage(media_storage: Storage) -> Storage:
    return media_storage


def stored_bytes(storage: Storage, name: str) -> bytes:
    with storage.open(name) as stored:
        return stored.read()


def member_of(assessment: Assessment, role: str = Role.CONTRIBUTOR) -> Client:
    client = Client()
    client.force_login(MembershipFactory(organization=assessment.organization, role=role).user)
    return client


def outsider() -> Client:
    client = Client()
    client.force_login(MembershipFactory().user)
    return client


def message_texts(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def csrf_token_of(client: Client, assessment: Assessment) -> str:
    """The CSRF token of the client's session, as a page of the site would give it."""
    response = client.get(section_url(assessment))
    return str(response.context["csrf_token"])


def section_url(assessment: Assessment) -> str:
    return reverse("assessment_section", args=[assessment.pk, "stage-1"])


def upload_url(answer: Answer) -> str:
    return reverse("evidence_upload", args=[answer.assessment_id, answer.pk])


def download_url(evidence: Evidence) -> str:
    return reverse("evidence_download", args=[evidence.answer.assessment_id, evidence.pk])


def delete_url(evidence: Evidence) -> str:
    return reverse("evidence_delete", args=[evidence.answer.assessment_id, evidence.pk])


def add_evidence(
    answer: Answer, name: str = "report.pdf", content: bytes | None = None
) -> Evidence:
    upload = SimpleUploadedFile(name, pdf_bytes() if content is None else content)
    return evidence_add(answer=answer, upload=upload, user=UserFactory())


# --- validation (pure, no database) -------------------------------------------------------------


@pytest.mark.parametrize(("name", "make", "mime"), ALLOWED_SAMPLES)
def test_evidence_validate_allowed_type_returns_detected_mime(name, make, mime) -> None:
    content = make()

    detected = evidence_validate(name=name, size=len(content), head=content, max_bytes=10 * MB)

    assert detected.mime == mime


def test_evidence_validate_text_renamed_pdf_is_refused() -> None:
    content = b"Just some notes, not a PDF at all.\n"

    with pytest.raises(ValidationError) as refused:
        evidence_validate(name="report.pdf", size=len(content), head=content, max_bytes=10 * MB)

    assert refused.value.messages == ["“report.pdf” is not a PDF, PNG, JPEG, DOCX or XLSX file."]


def test_evidence_validate_png_named_pdf_is_refused() -> None:
    content = image_bytes("PNG")

    with pytest.raises(ValidationError) as refused:
        evidence_validate(name="scan.pdf", size=len(content), head=content, max_bytes=10 * MB)

    assert refused.value.messages == ["“scan.pdf” is a PNG file; its name must end in .png."]


def test_evidence_validate_xlsx_named_docx_is_refused() -> None:
    content = xlsx_bytes()

    with pytest.raises(ValidationError) as refused:
        evidence_validate(name="plan.docx", size=len(content), head=content, max_bytes=10 * MB)

    assert refused.value.messages == ["“plan.docx” is a XLSX file; its name must end in .xlsx."]


def test_evidence_validate_plain_zip_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    content = out.getvalue()

    with pytest.raises(ValidationError) as refused:
        evidence_validate(name="notes.docx", size=len(content), head=content, max_bytes=10 * MB)

    assert refused.value.messages == ["“notes.docx” is not a PDF, PNG, JPEG, DOCX or XLSX file."]


def test_evidence_validate_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        evidence_validate(name="empty.pdf", size=0, head=b"", max_bytes=10 * MB)

    assert refused.value.messages == ["“empty.pdf” is empty."]


def test_evidence_validate_too_large_is_refused() -> None:
    size = int(12.3 * MB)

    with pytest.raises(ValidationError) as refused:
        evidence_validate(name="scan.pdf", size=size, head=pdf_bytes(), max_bytes=10 * MB)

    assert refused.value.messages == ["“scan.pdf” is 12.3 MB; files can be at most 10 MB."]


def test_evidence_validate_exactly_the_limit_is_accepted() -> None:
    detected = evidence_validate(name="a.pdf", size=10 * MB, head=pdf_bytes(), max_bytes=10 * MB)

    assert detected.mime == "application/pdf"


def test_evidence_validate_docx_main_part_beyond_8_kib_is_detected() -> None:
    # filetype.guess() only looks at 8 KiB; our head is larger, as Word files can need.
    content = docx_bytes(padding=5000)

    detected = evidence_validate(name="long.docx", size=len(content), head=content, max_bytes=MB)

    assert (len(content) > 8192, detected.mime) == (True, DOCX_MIME)


@pytest.mark.parametrize(
    ("num_bytes", "expected"),
    [(1, "1 byte"), (1000, "1000 bytes"), (1536, "1.5 KB"), (10 * MB, "10 MB")],
)
def test_size_display_units(num_bytes: int, expected: str) -> None:
    assert size_display(num_bytes) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("C:\\Users\\ana\\Desktop\\report.pdf", "report.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("bad\r\nname\x00.pdf", "badname.pdf"),
        ("Übersicht 2024.pdf", "Übersicht 2024.pdf"),
        ("..", "file"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_evidence_clean_name_keeps_base_name_only(raw: str, expected: str) -> None:
    assert evidence_clean_name(raw) == expected


# --- services -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalog")
def test_evidence_add_stores_under_random_name_with_detected_type(storage: Storage) -> None:
    answer = AnswerFactory()
    user = UserFactory()
    upload = SimpleUploadedFile("C:\\fakepath\\scan.png", image_bytes("PNG"), "application/pdf")

    evidence = evidence_add(answer=answer, upload=upload, user=user)

    evidence.refresh_from_db()
    folder, _, stored = evidence.file.name.rpartition("/")
    assert (
        evidence.original_name,
        evidence.content_type,
        evidence.size,
        evidence.uploaded_by,
        folder,
        len(stored),
        stored_bytes(storage, evidence.file.name),
    ) == (
        "scan.png",
        "image/png",
        len(image_bytes("PNG")),
        user,
        f"evidence/{answer.assessment_id}",
        32,
        image_bytes("PNG"),
    )


@pytest.mark.usefixtures("catalog")
def test_evidence_add_refused_stores_nothing(storage: Storage) -> None:
    answer = AnswerFactory()

    with pytest.raises(ValidationError):
        add_evidence(answer, "notes.pdf", b"plain text")

    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


@pytest.mark.usefixtures("catalog")
def test_evidence_delete_removes_row_and_file_on_commit(
    storage: Storage, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    evidence = add_evidence(AnswerFactory())

    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(evidence=evidence, user=UserFactory())

    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


# --- upload view --------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(("name", "make", "mime"), ALLOWED_SAMPLES)
def test_evidence_upload_member_stores_each_allowed_type(name, make, mime, storage) -> None:
    answer = AnswerFactory()
    client = member_of(answer.assessment)
    content = make()

    response = client.post(upload_url(answer), {"file": SimpleUploadedFile(name, content)})

    evidence = Evidence.objects.get()
    folder, _, stored = evidence.file.name.rpartition("/")
    assert (response.status_code, response["Location"]) == (302, section_url(answer.assessment))
    assert message_texts(response) == [f"“{name}” is attached."]
    assert (evidence.answer, evidence.original_name, evidence.content_type) == (answer, name, mime)
    assert stored_names(storage) == [evidence.file.name]
    assert (folder, stored_bytes(storage, evidence.file.name)) == (
        f"evidence/{answer.assessment_id}",
        content,
    )
    assert stored != name


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_redirects_to_safe_next() -> None:
    answer = AnswerFactory()
    next_url = reverse("assessment_section", args=[answer.assessment_id, "group-a"]) + "#c-2.2"

    response = member_of(answer.assessment).post(
        upload_url(answer), {"file": SimpleUploadedFile("a.pdf", pdf_bytes()), "next": next_url}
    )

    assert (response.status_code, response["Location"]) == (302, next_url)


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_ignores_unsafe_next() -> None:
    answer = AnswerFactory()

    response = member_of(answer.assessment).post(
        upload_url(answer),
        {"file": SimpleUploadedFile("a.pdf", pdf_bytes()), "next": "https://evil.example/"},
    )

    assert (response.status_code, response["Location"]) == (302, section_url(answer.assessment))


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            b"Meeting notes, renamed to look like a PDF.\n",
            "“report.pdf” is not a PDF, PNG, JPEG, DOCX or XLSX file.",
        ),
        ("scan.pdf", image_bytes("PNG"), "“scan.pdf” is a PNG file; its name must end in .png."),
        ("empty.pdf", b"", "“empty.pdf” is empty."),
    ],
)
def test_evidence_upload_bad_file_refused_and_nothing_stored(
    name: str, content: bytes, message: str, storage: Storage
) -> None:
    answer = AnswerFactory()

    response = member_of(answer.assessment).post(
        upload_url(answer), {"file": SimpleUploadedFile(name, content)}
    )

    assert (response.status_code, response["Location"]) == (302, section_url(answer.assessment))
    assert message_texts(response) == [message]
    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize("enforce_csrf", [False, True])
def test_evidence_upload_too_large_refused_while_streaming(
    settings: Settings, storage: Storage, monkeypatch: pytest.MonkeyPatch, enforce_csrf: bool
) -> None:
    settings.EVIDENCE_MAX_BYTES = 100 * 1024
    answer = AnswerFactory()
    client = member_of(answer.assessment)
    client.handler.enforce_csrf_checks = enforce_csrf
    token = csrf_token_of(client, answer.assessment)
    received: list[int] = []
    receive = EvidenceSizeLimitHandler.receive_data_chunk

    def counting(handler: EvidenceSizeLimitHandler, raw_data: bytes, start: int) -> bytes:
        received.append(len(raw_data))
        return receive(handler, raw_data, start)

    monkeypatch.setattr(EvidenceSizeLimitHandler, "receive_data_chunk", counting)
    content = pdf_bytes() + b"%" + b"x" * (5 * MB)

    response = client.post(
        upload_url(answer),
        {
            "csrfmiddlewaretoken": token,
            "next": section_url(answer.assessment) + "#s-2_2",
            "file": SimpleUploadedFile("scan.pdf", content),
        },
    )

    assert (response.status_code, response["Location"]) == (
        302,
        section_url(answer.assessment) + "#s-2_2",
    )
    assert message_texts(response) == ["“scan.pdf” is too large: files can be at most 100 KB."]
    # Refused on the (64 KiB) chunk that passed the limit: the other 4.9 MB were never handed on.
    assert (len(received), sum(received) <= 100 * 1024 + 64 * 1024) == (2, True)
    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_exactly_the_limit_is_stored(settings: Settings) -> None:
    content = pdf_bytes() + b"%" + b"x" * (3 * 64 * 1024)
    settings.EVIDENCE_MAX_BYTES = len(content)
    answer = AnswerFactory()

    response = member_of(answer.assessment).post(
        upload_url(answer), {"file": SimpleUploadedFile("scan.pdf", content)}
    )

    assert (response.status_code, Evidence.objects.get().size) == (302, len(content))


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_without_csrf_token_forbidden(storage: Storage) -> None:
    answer = AnswerFactory()
    client = member_of(answer.assessment)
    client.handler.enforce_csrf_checks = True

    response = client.post(upload_url(answer), {"file": SimpleUploadedFile("a.pdf", pdf_bytes())})

    assert response.status_code == 403
    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_without_file_refused(storage: Storage) -> None:
    answer = AnswerFactory()

    response = member_of(answer.assessment).post(upload_url(answer), {})

    assert (response.status_code, message_texts(response)) == (302, ["Choose a file to attach."])
    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_not_draft_forbidden_and_nothing_stored(storage: Storage) -> None:
    answer = AnswerFactory()
    client = member_of(answer.assessment, Role.LEAD)
    Assessment.objects.filter(pk=answer.assessment_id).update(status=AssessmentStatus.SUBMITTED)

    response = client.post(upload_url(answer), {"file": SimpleUploadedFile("a.pdf", pdf_bytes())})

    assert response.status_code == 403
    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_staff_allowed() -> None:
    answer = AnswerFactory()
    client = Client()
    client.force_login(UserFactory(is_staff=True))

    response = client.post(upload_url(answer), {"file": SimpleUploadedFile("a.pdf", pdf_bytes())})

    assert (response.status_code, Evidence.objects.count()) == (302, 1)


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_outsider_not_found(storage: Storage) -> None:
    answer = AnswerFactory()

    response = outsider().post(
        upload_url(answer), {"file": SimpleUploadedFile("a.pdf", pdf_bytes())}
    )

    assert response.status_code == 404
    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_anonymous_redirects_to_login() -> None:
    answer = AnswerFactory()
    url = upload_url(answer)

    response = Client().post(url, {"file": SimpleUploadedFile("a.pdf", pdf_bytes())})

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    assert Evidence.objects.count() == 0


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_answer_of_other_assessment_not_found(storage: Storage) -> None:
    answer = AnswerFactory()
    other = AssessmentFactory(organization=answer.assessment.organization)
    url = reverse("evidence_upload", args=[other.pk, answer.pk])

    response = member_of(answer.assessment).post(
        url, {"file": SimpleUploadedFile("a.pdf", pdf_bytes())}
    )

    assert response.status_code == 404
    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_get_not_allowed() -> None:
    answer = AnswerFactory()

    response = member_of(answer.assessment).get(upload_url(answer))

    assert response.status_code == 405


# --- download view ------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalog")
def test_evidence_download_member_gets_attachment() -> None:
    content = pdf_bytes()
    evidence = add_evidence(AnswerFactory(), "Rapport d’audit.pdf", content)

    response = member_of(evidence.answer.assessment).get(download_url(evidence))

    body = b"".join(response.streaming_content)
    response.close()
    assert (response.status_code, body) == (200, content)
    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        response["X-Content-Type-Options"],
        response["Content-Security-Policy"],
    ) == (
        "application/pdf",
        "attachment; filename*=utf-8''Rapport%20d%E2%80%99audit.pdf",
        "nosniff",
        "default-src 'none'; sandbox",
    )


@pytest.mark.usefixtures("catalog")
def test_evidence_download_ascii_name_in_content_disposition() -> None:
    evidence = add_evidence(AnswerFactory(), "report.pdf")

    response = member_of(evidence.answer.assessment).get(download_url(evidence))

    response.close()
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'


@pytest.mark.usefixtures("catalog")
def test_evidence_download_after_submission_still_allowed() -> None:
    evidence = add_evidence(AnswerFactory())
    client = member_of(evidence.answer.assessment)
    Assessment.objects.filter(pk=evidence.answer.assessment_id).update(
        status=AssessmentStatus.SUBMITTED
    )

    response = client.get(download_url(evidence))

    response.close()
    assert response.status_code == 200


@pytest.mark.usefixtures("catalog")
def test_evidence_download_outsider_not_found() -> None:
    evidence = add_evidence(AnswerFactory())

    response = outsider().get(download_url(evidence))

    assert response.status_code == 404


@pytest.mark.usefixtures("catalog")
def test_evidence_download_anonymous_redirects_to_login() -> None:
    evidence = add_evidence(AnswerFactory())
    url = download_url(evidence)

    response = Client().get(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


@pytest.mark.usefixtures("catalog")
def test_evidence_download_through_other_assessment_not_found() -> None:
    evidence = add_evidence(AnswerFactory())
    mine = AssessmentFactory()
    client = member_of(mine)
    MembershipFactory(organization=evidence.answer.assessment.organization)

    response = client.get(reverse("evidence_download", args=[mine.pk, evidence.pk]))

    assert response.status_code == 404


@pytest.mark.usefixtures("catalog")
def test_evidence_download_missing_file_not_found() -> None:
    evidence = add_evidence(AnswerFactory())
    evidence.file.storage.delete(evidence.file.name)

    response = member_of(evidence.answer.assessment).get(download_url(evidence))

    assert response.status_code == 404


# --- delete view --------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalog")
def test_evidence_delete_member_removes_row_and_file(
    storage: Storage, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    evidence = add_evidence(AnswerFactory(), "report.pdf")
    assessment = evidence.answer.assessment
    client = member_of(assessment)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(evidence), {"next": "/somewhere/"})

    assert (response.status_code, response["Location"]) == (302, "/somewhere/")
    assert message_texts(response) == ["“report.pdf” is deleted."]
    assert (Evidence.objects.count(), stored_names(storage)) == (0, [])


@pytest.mark.usefixtures("catalog")
def test_evidence_delete_outsider_not_found(storage: Storage) -> None:
    evidence = add_evidence(AnswerFactory())

    response = outsider().post(delete_url(evidence))

    assert response.status_code == 404
    assert (Evidence.objects.count(), len(stored_names(storage))) == (1, 1)


@pytest.mark.usefixtures("catalog")
def test_evidence_delete_anonymous_redirects_to_login() -> None:
    evidence = add_evidence(AnswerFactory())
    url = delete_url(evidence)

    response = Client().post(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    assert Evidence.objects.count() == 1


@pytest.mark.usefixtures("catalog")
def test_evidence_delete_get_not_allowed() -> None:
    evidence = add_evidence(AnswerFactory())

    response = member_of(evidence.answer.assessment).get(delete_url(evidence))

    assert (response.status_code, Evidence.objects.count()) == (405, 1)


@pytest.mark.usefixtures("catalog")
def test_evidence_delete_not_draft_forbidden(storage: Storage) -> None:
    evidence = add_evidence(AnswerFactory())
    client = member_of(evidence.answer.assessment)
    Assessment.objects.filter(pk=evidence.answer.assessment_id).update(
        status=AssessmentStatus.SUBMITTED
    )

    response = client.post(delete_url(evidence))

    assert response.status_code == 403
    assert (Evidence.objects.count(), len(stored_names(storage))) == (1, 1)


@pytest.mark.usefixtures("catalog")
def test_evidence_delete_through_other_assessment_not_found() -> None:
    evidence = add_evidence(AnswerFactory())
    other = AssessmentFactory(organization=evidence.answer.assessment.organization)

    response = member_of(evidence.answer.assessment).post(
        reverse("evidence_delete", args=[other.pk, evidence.pk])
    )

    assert (response.status_code, Evidence.objects.count()) == (404, 1)


# --- the include --------------------------------------------------------------------------------


def render_slot(**context: object) -> str:
    request = RequestFactory().get("/")
    defaults = {"evidence_files": [], "can_edit": True, "next_url": "/here/", "slot_id": "s1"}
    return render_to_string(
        "assessments/includes/evidence.html", {**defaults, **context}, request=request
    )


@pytest.mark.usefixtures("catalog")
def test_evidence_include_lists_files_with_delete_and_upload_forms() -> None:
    evidence = add_evidence(AnswerFactory(), "report.pdf")

    html = render_slot(answer=evidence.answer, evidence_files=[evidence])

    assert (
        html.count(f'href="{download_url(evidence)}"'),
        html.count(f'action="{delete_url(evidence)}"'),
        html.count(f'action="{upload_url(evidence.answer)}"'),
        html.count('accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx"'),
        html.count('<label for="evidence-file-s1"'),
        html.count('name="next" value="/here/"'),
        html.count("csrfmiddlewaretoken"),
        html.count("Attach evidence (PDF, PNG, JPEG, DOCX, XLSX, max 10 MB)"),
        html.count("Save an answer to attach evidence."),
    ) == (1, 1, 1, 1, 1, 2, 2, 1, 0)


@pytest.mark.usefixtures("catalog")
def test_evidence_include_read_only_shows_links_only() -> None:
    evidence = add_evidence(AnswerFactory(), "report.pdf")

    html = render_slot(answer=evidence.answer, evidence_files=[evidence], can_edit=False)

    assert (html.count(f'href="{download_url(evidence)}"'), html.count("<form")) == (1, 0)


def test_evidence_include_without_answer_shows_hint() -> None:
    html = render_slot(answer=None)

    assert (html.count("Save an answer to attach evidence."), html.count("<form")) == (1, 0)


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize("next_url", ["partial", "assessment_section", "javascript:alert(1)"])
def test_evidence_upload_next_not_a_local_path_redirects_to_default(next_url: str) -> None:
    answer = AnswerFactory()

    response = member_of(answer.assessment).post(
        upload_url(answer),
        {"file": SimpleUploadedFile("a.pdf", pdf_bytes()), "next": next_url},
    )

    assert (response.status_code, response["Location"]) == (302, section_url(answer.assessment))


# --- the evidence panel, fetched when it opens ---------------------------------------------------


def panel_url(answer: Answer) -> str:
    return reverse("evidence_panel", args=[answer.assessment_id, answer.pk])


HTMX = {"HX-Request": "true"}


@pytest.mark.usefixtures("catalog")
def test_section_page_fetches_the_upload_form_when_the_panel_opens() -> None:
    answer = AnswerFactory()  # criterion 2.2, on the Stage 2 page, slot "s-2_2"

    html = member_of(answer.assessment).get(stage_2_url(answer.assessment)).content.decode()

    evidence = html[html.index('id="s-2_2-evidence"') :]
    assert (
        evidence.count(
            f'id="evidence-s-2_2" hx-get="{panel_url(answer)}" '
            'hx-trigger="toggle once from:closest details"'
        ),
        evidence.count(f'<a href="{panel_url(answer)}">Attach evidence</a>'),
        html.count('type="file"'),
    ) == (1, 1, 0)


@pytest.mark.usefixtures("catalog")
def test_section_page_shows_the_upload_form_of_an_answer_with_files() -> None:
    evidence = add_evidence(AnswerFactory())
    client = member_of(evidence.answer.assessment)

    html = client.get(stage_2_url(evidence.answer.assessment)).content.decode()

    assert (
        html.count('id="evidence-file-s-2_2"'),
        html.count(panel_url(evidence.answer)),
    ) == (1, 0)


@pytest.mark.usefixtures("catalog")
def test_evidence_panel_member_gets_files_and_upload_form() -> None:
    evidence = add_evidence(AnswerFactory(), "report.pdf")
    answer = evidence.answer

    response = member_of(answer.assessment).get(panel_url(answer), headers=HTMX)

    html = response.content.decode()
    assert (
        response.status_code,
        html.count('<div class="evidence small" id="evidence-s-2_2">'),
        html.count(f'href="{download_url(evidence)}"'),
        html.count(f'action="{upload_url(answer)}"'),
        html.count(f'name="next" value="{stage_2_url(answer.assessment)}#s-2_2"'),
        html.count('data-max-bytes="10485760"'),
        html.count("<html"),
    ) == (200, 1, 1, 1, 2, 1, 0)


@pytest.mark.usefixtures("catalog")
def test_evidence_panel_without_javascript_is_a_page_with_a_way_back() -> None:
    answer = AnswerFactory()

    response = member_of(answer.assessment).get(panel_url(answer))

    html = response.content.decode()
    back = f'<a href="{stage_2_url(answer.assessment)}#s-2_2">Back to the answer</a>'
    assert (
        response.status_code,
        html.count("<html"),
        html.count(f'action="{upload_url(answer)}"'),
        html.count(back),
    ) == (200, 1, 1, 1)


@pytest.mark.usefixtures("catalog")
def test_evidence_panel_after_submission_lists_files_without_forms() -> None:
    evidence = add_evidence(AnswerFactory())
    answer = evidence.answer
    Assessment.objects.filter(pk=answer.assessment_id).update(status=AssessmentStatus.SUBMITTED)

    response = member_of(answer.assessment).get(panel_url(answer), headers=HTMX)

    html = response.content.decode()
    assert (response.status_code, html.count(download_url(evidence)), html.count("<form")) == (
        200,
        1,
        0,
    )


@pytest.mark.usefixtures("catalog")
def test_evidence_panel_outsider_not_found() -> None:
    answer = AnswerFactory()

    response = outsider().get(panel_url(answer), headers=HTMX)

    assert response.status_code == 404


@pytest.mark.usefixtures("catalog")
def test_evidence_panel_anonymous_redirects_to_login() -> None:
    url = panel_url(AnswerFactory())

    response = Client().get(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


@pytest.mark.usefixtures("catalog")
def test_evidence_panel_answer_of_other_assessment_not_found() -> None:
    answer = AnswerFactory()
    other = AssessmentFactory(organization=answer.assessment.organization)

    response = member_of(answer.assessment).get(
        reverse("evidence_panel", args=[other.pk, answer.pk]), headers=HTMX
    )

    assert response.status_code == 404


# --- where a refusal is shown -------------------------------------------------------------------


def stage_2_url(assessment: Assessment) -> str:
    return reverse("assessment_section", args=[assessment.pk, "stage-2"])


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_refusal_shown_beside_its_answer_with_evidence_open(
    settings: Settings,
) -> None:
    settings.EVIDENCE_MAX_BYTES = 1000
    answer = AnswerFactory()  # criterion 2.2, on the Stage 2 page, slot "s-2_2"
    client = member_of(answer.assessment)
    next_url = stage_2_url(answer.assessment) + "#s-2_2"
    upload = SimpleUploadedFile("scan.pdf", pdf_bytes() + b"%" + b"x" * 200_000)

    response = client.post(upload_url(answer), {"file": upload, "next": next_url}, follow=True)

    html = response.content.decode()
    evidence = html[html.index('id="s-2_2-evidence"') :]
    refusal = "“scan.pdf” is too large: files can be at most 1000 bytes."
    assert response.redirect_chain == [(next_url, 302)]
    assert (
        html.count(refusal),
        evidence.count(refusal),
        evidence.startswith('id="s-2_2-evidence">\n  \n  <details class="small" open>'),
        evidence.count('class="form-control form-control-sm is-invalid"'),
        html.count('class="alert alert-danger"'),
    ) == (1, 1, True, 1, 0)


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_refusal_of_answer_not_on_page_shown_at_top() -> None:
    answer = AnswerFactory()  # on the Stage 2 page, not on the Stage 1 page

    response = member_of(answer.assessment).post(
        upload_url(answer), {"file": SimpleUploadedFile("a.pdf", b"plain")}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain == [(section_url(answer.assessment), 302)]
    assert (
        html.count(
            '<div class="alert alert-danger" role="alert">“a.pdf” is not a PDF, PNG, JPEG, DOCX or '
            "XLSX file.</div>"
        )
        == 1
    )


@pytest.mark.usefixtures("catalog")
def test_evidence_upload_success_shown_at_top() -> None:
    answer = AnswerFactory()
    next_url = stage_2_url(answer.assessment) + "#s-2_2"

    response = member_of(answer.assessment).post(
        upload_url(answer),
        {"file": SimpleUploadedFile("a.pdf", pdf_bytes()), "next": next_url},
        follow=True,
    )

    assert (
        response.content.decode().count(
            '<div class="alert alert-success" role="status">“a.pdf” is attached.</div>'
        )
        == 1
    )


@pytest.mark.usefixtures("catalog")
def test_evidence_include_file_input_carries_the_limit_for_the_browser(settings: Settings) -> None:
    settings.EVIDENCE_MAX_BYTES = 2 * MB

    html = render_slot(answer=AnswerFactory())

    assert (
        html.count('data-max-bytes="2097152"'),
        html.count('data-too-large="“{name}” is too large: files can be at most 2 MB."'),
        html.count("Attach evidence (PDF, PNG, JPEG, DOCX, XLSX, max 2 MB)"),
        html.count('aria-describedby="evidence-file-s1-error"'),
        html.count('<div class="invalid-feedback" id="evidence-file-s1-error" role="alert"></div>'),
    ) == (1, 1, 1, 1, 1)


@pytest.mark.parametrize(
    ("extra_tags", "expected"),
    [("evidence-answer-12", 12), ("", None), ("evidence-answer-", None), ("other x", None)],
)
def test_evidence_message_answer_id_from_tags(extra_tags: str, expected: int | None) -> None:
    assert evidence_message_answer_id(extra_tags) == expected
