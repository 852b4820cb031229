"""Evidence shown inline (the review page's previews): images and PDFs only, in frames of this
site only, never cached, never sniffed; the same permission check as the download."""

import pytest
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.evidence.services import evidence_add
from assessments.models import Evidence
from tests.assessments.review_factories import answer_of, assessor_user, client_for, review_case
from tests.assessments.test_evidence import docx_bytes, image_bytes, pdf_bytes

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture(autouse=True)
def storage(media_storage: Storage) -> Storage:
    return media_storage


def evidence_of(case: object, name: str, content: bytes) -> Evidence:
    return evidence_add(
        answer=answer_of(case.assessment, "3.1"),  # type: ignore[attr-defined]
        upload=SimpleUploadedFile(name, content),
        user=case.lead,  # type: ignore[attr-defined]
    )


def inline_url(evidence: Evidence) -> str:
    return reverse("evidence_inline", args=[evidence.answer.assessment_id, evidence.pk])


def headers(response: object) -> dict[str, str]:
    names = [
        "Content-Type",
        "Content-Disposition",
        "Cache-Control",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Content-Security-Policy",
    ]
    response.close()  # type: ignore[attr-defined]  # the file it streams
    return {name: response[name] for name in names}  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("ward.png", image_bytes("PNG"), "image/png"),
        ("ward.jpg", image_bytes("JPEG"), "image/jpeg"),
    ],
)
def test_evidence_inline_image_is_shown_in_frames_of_this_site_only(
    name: str, content: bytes, content_type: str
) -> None:
    case = review_case("in_review")
    evidence = evidence_of(case, name, content)

    response = client_for(case.assessor).get(inline_url(evidence))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
    assert headers(response) == {
        "Content-Type": content_type,
        "Content-Disposition": f'inline; filename="{name}"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'; sandbox",
    }


def test_evidence_inline_pdf_is_shown_in_frames_of_this_site_only() -> None:
    case = review_case("in_review")
    evidence = evidence_of(case, "charter.pdf", pdf_bytes())

    response = client_for(case.lead).get(inline_url(evidence))

    assert headers(response) == {
        "Content-Type": "application/pdf",
        "Content-Disposition": 'inline; filename="charter.pdf"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'",
    }


def test_evidence_inline_of_another_type_is_an_attachment_as_the_download() -> None:
    case = review_case("in_review")
    evidence = evidence_of(case, "plan.docx", docx_bytes())

    response = client_for(case.assessor).get(inline_url(evidence))

    assert headers(response) == {
        "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Content-Disposition": 'attachment; filename="plan.docx"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }


def test_evidence_download_stays_an_attachment_never_framed() -> None:
    case = review_case("in_review")
    evidence = evidence_of(case, "ward.png", image_bytes("PNG"))
    url = reverse("evidence_download", args=[case.assessment.pk, evidence.pk])

    response = client_for(case.assessor).get(url)
    response.close()

    assert (response["Content-Disposition"], response["X-Frame-Options"]) == (
        'attachment; filename="ward.png"',
        "DENY",
    )


@pytest.mark.parametrize("who", ["outsider", "unassigned_assessor"])
def test_evidence_inline_for_anyone_who_may_not_see_the_assessment_is_404(who: str) -> None:
    case = review_case("in_review")
    evidence = evidence_of(case, "ward.png", image_bytes("PNG"))
    user = assessor_user() if who == "unassigned_assessor" else case.outsider

    response = client_for(user).get(inline_url(evidence))

    assert response.status_code == 404


def test_evidence_inline_of_another_assessment_is_404() -> None:
    case = review_case("in_review")
    other = review_case("in_review")
    evidence = evidence_of(other, "ward.png", image_bytes("PNG"))
    url = reverse("evidence_inline", args=[case.assessment.pk, evidence.pk])

    response = client_for(case.assessor).get(url)

    assert response.status_code == 404


def test_evidence_inline_anonymous_is_sent_to_log_in() -> None:
    case = review_case("in_review")
    evidence = evidence_of(case, "ward.png", image_bytes("PNG"))

    response = Client().get(inline_url(evidence))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")
