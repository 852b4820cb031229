"""Evidence uploads in the browser: a too large file is refused before it is sent, and a refusal
from the server is shown beside its answer, with that answer's evidence open."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser
from playwright.sync_api import Page, Request, expect
from pytest_django.fixtures import Settings

from assessments.models import Answer, Evidence
from tests.assessments.evidence_factories import PDF
from tests.browser.conftest import screenshot
from tests.factories import AnswerFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABEL = "Attach evidence (PDF, PNG, JPEG, DOCX, XLSX, max 2 KB)"
TOO_LARGE = "“scan.pdf” is too large: files can be at most 2 KB."


@pytest.fixture(autouse=True)
def small_limit(settings: Settings, tmp_path: Path) -> None:
    settings.EVIDENCE_MAX_BYTES = 2048
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def answer(catalog: object) -> Answer:
    return AnswerFactory()  # criterion 2.2: the Stage 2 page, slot "s-2_2"


def open_evidence(page_as: Callable[[AbstractBaseUser], Page], answer: Answer) -> Page:
    page = page_as(MembershipFactory(organization=answer.assessment.organization).user)
    page.goto(f"/assessments/{answer.assessment_id}/sections/stage-2/")
    page.locator("#s-2_2 details summary").click()
    return page


def pdf_file(name: str, size: int) -> dict[str, object]:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF.ljust(size, b"%")}


def test_evidence_too_large_refused_in_the_browser_before_sending(
    page_as: Callable[[AbstractBaseUser], Page], answer: Answer
) -> None:
    page = open_evidence(page_as, answer)
    uploads: list[str] = []
    page.on("request", lambda r: uploads.append(r.url) if r.method == "POST" else None)
    evidence = page.locator("#s-2_2 details")
    field = evidence.get_by_label(LABEL)

    field.set_input_files(pdf_file("scan.pdf", 5000))
    evidence.get_by_role("button", name="Upload").click()

    expect(page.locator("#evidence-file-s-2_2-error")).to_have_text(TOO_LARGE)
    expect(page.locator("#evidence-file-s-2_2-error")).to_be_visible()
    expect(field).to_have_class("form-control form-control-sm is-invalid")
    expect(field).to_be_focused()
    screenshot(page, "evidence-too-large-in-browser")
    # Nothing sent: neither the file nor an autosave of the answer (choosing a file is no answer).
    assert (uploads, Evidence.objects.count(), page.js_errors) == ([], 0, [])  # type: ignore[attr-defined]

    # A file within the limit clears the message and goes.
    field.set_input_files(pdf_file("small.pdf", 1000))
    expect(page.locator("#evidence-file-s-2_2-error")).to_have_text("")
    evidence.get_by_role("button", name="Upload").click()
    expect(page.locator("#s-2_2 details summary")).to_have_text("Evidence (1 file)")
    assert Evidence.objects.get().original_name == "small.pdf"


def test_evidence_refused_by_server_shown_beside_its_answer(
    page_as: Callable[[AbstractBaseUser], Page], answer: Answer
) -> None:
    page = open_evidence(page_as, answer)
    received: list[Request] = []
    page.on(
        "request",
        lambda r: received.append(r) if "/evidence/" in r.url and r.method == "POST" else None,
    )
    # As a browser without the script would: the server refuses the file while it streams in.
    page.locator("#evidence-file-s-2_2").evaluate("input => delete input.dataset.maxBytes")
    evidence = page.locator("#s-2_2 details")

    evidence.get_by_label(LABEL).set_input_files(pdf_file("scan.pdf", 300_000))
    evidence.get_by_role("button", name="Upload").click()

    expect(page).to_have_url(f"/assessments/{answer.assessment_id}/sections/stage-2/#s-2_2")
    error = page.locator("#s-2_2 details #evidence-file-s-2_2-error")
    expect(error).to_have_text(TOO_LARGE)
    expect(error).to_be_visible()
    expect(page.locator("#s-2_2 details")).to_have_attribute("open", "")
    expect(page.locator(".messages")).to_have_count(0)
    screenshot(page, "evidence-too-large-server")
    assert (len(received), Evidence.objects.count()) == (1, 0)
