"""Verdicts save as the assessor makes them: no Save button to forget, nothing lost between
sections; two assessors on one verdict see the conflict and choose; evidence previews."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from assessments.evidence.services import evidence_add
from assessments.models import Verdict
from tests.assessments.review_factories import answer_of, review_case
from tests.assessments.test_evidence import pdf_bytes
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp")


@pytest.fixture(autouse=True)
def media_root(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


def screenshot_png() -> bytes:
    """A landscape picture with something on it, as a scanned log would be."""
    image = Image.new("RGB", (480, 300), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 460, 60), fill=(13, 110, 253))
    for row in range(6):
        draw.line((20, 90 + row * 32, 460, 90 + row * 32), fill=(120, 120, 120), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def item(page: Page, key: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id(f"review-item-{key}")


def test_verdicts_of_two_sections_are_saved_without_any_button(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    case = review_case("in_review")
    page = page_as(case.assessor)
    page.goto(f"/assessments/{case.assessment.pk}/review/")

    for key in ("1.1-radiology", "1.1-cardiology", "2.1-radiology", "2.1-cardiology"):
        item(page, key).get_by_role("radio", name="Accepted", exact=True).check()
    challenged = item(page, "2.2")
    challenged.get_by_role("radio", name="Not accepted", exact=True).check()
    expect(challenged.get_by_test_id("verdict-state")).to_have_text(
        "Say why the answer is not accepted: a comment is required."
    )
    challenged.get_by_label("Comment for the organization").type("Show the import log.")
    for key in ("1.1-radiology", "1.1-cardiology", "2.1-radiology", "2.1-cardiology", "2.2"):
        expect(item(page, key).get_by_test_id("verdict-state")).to_contain_text("Saved at")
    expect(page.get_by_test_id("review-verdict-count")).to_have_text(
        "5 of 32 answers have a verdict; 1 not accepted."
    )
    expect(page.get_by_role("button", name="Save the verdicts")).to_have_count(0)

    page.reload()

    for key in ("1.1-radiology", "1.1-cardiology", "2.1-radiology", "2.1-cardiology"):
        expect(item(page, key).get_by_role("radio", name="Accepted", exact=True)).to_be_checked()
    expect(item(page, "2.2").get_by_role("radio", name="Not accepted", exact=True)).to_be_checked()
    expect(item(page, "2.2").get_by_label("Comment for the organization")).to_have_value(
        "Show the import log."
    )
    assert sorted(Verdict.objects.values_list("accepted", "comment")) == [
        (False, "Show the import log."),
        (True, ""),
        (True, ""),
        (True, ""),
        (True, ""),
    ]
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_two_assessors_on_one_verdict_see_the_conflict_and_choose(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    case = review_case("in_review")
    admin = UserFactory(username="sam", first_name="Sam", is_staff=True)
    url = f"/assessments/{case.assessment.pk}/review/"
    first, second = page_as(admin), page_as(case.assessor)
    first.goto(url)
    second.goto(url)

    first_item = item(first, "2.2")
    first_item.get_by_label("Comment for the organization").fill("Sam: the policy is a draft.")
    first_item.get_by_role("radio", name="Not accepted", exact=True).check()
    expect(first_item.get_by_test_id("verdict-state")).to_contain_text("Saved at")
    second_item = item(second, "2.2")
    second_item.get_by_label("Comment for the organization").fill("Seen on site.")
    second_item.get_by_role("radio", name="Accepted", exact=True).check()

    conflict = second_item.get_by_test_id("verdict-conflict")
    expect(conflict.get_by_test_id("conflict-mine")).to_have_text("Accepted: Seen on site.")
    expect(conflict.get_by_test_id("conflict-theirs")).to_have_text(
        "Not accepted: Sam: the policy is a draft."
    )
    expect(second_item.get_by_test_id("verdict-state")).to_have_text(
        "Not saved: another assessor changed this verdict. Choose below."
    )
    second_item.screenshot(path=str(SCREENSHOTS / "review-verdict-conflict.png"))
    conflict.get_by_role("button", name="Keep mine").click()
    expect(second_item.get_by_test_id("verdict-state")).to_contain_text("Saved at")
    expect(second_item.get_by_test_id("verdict-conflict")).to_have_count(0)
    assert Verdict.objects.values_list("accepted", "comment", "version").get() == (
        True,
        "Seen on site.",
        2,
    )

    # The other one now holds the outdated verdict: "Use theirs" takes the saved one.
    first_item.get_by_label("Comment for the organization").fill("Sam: still a draft.")
    first_item.get_by_label("Comment for the organization").press("Tab")
    first_conflict = first_item.get_by_test_id("verdict-conflict")
    first_conflict.get_by_role("button", name="Use theirs").click()
    expect(first_item.get_by_role("radio", name="Accepted", exact=True)).to_be_checked()
    expect(first_item.get_by_label("Comment for the organization")).to_have_value("Seen on site.")
    assert Verdict.objects.values_list("accepted", "comment", "version").get() == (
        True,
        "Seen on site.",
        2,
    )


def test_review_page_previews_images_and_pdfs(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    case = review_case("in_review")
    answer = answer_of(case.assessment, "2.2")
    evidence_add(
        answer=answer,
        upload=SimpleUploadedFile("import-log.png", screenshot_png()),
        user=case.lead,
    )
    evidence_add(
        answer=answer, upload=SimpleUploadedFile("policy.pdf", pdf_bytes()), user=case.lead
    )
    page = page_as(case.assessor)
    page.goto(f"/assessments/{case.assessment.pk}/review/#review-stage-2")

    preview = item(page, "2.2").get_by_role("img", name="Preview of “import-log.png”")
    expect(preview).to_be_visible()
    # decode() waits until the image has loaded (and fails if it cannot be).
    assert preview.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    frame = item(page, "2.2").locator("iframe[title='Preview of “policy.pdf”']")
    expect(frame).to_be_visible()
    item(page, "2.2").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "review-evidence-previews.png"), full_page=False)
    assert page.js_errors == []  # type: ignore[attr-defined]
