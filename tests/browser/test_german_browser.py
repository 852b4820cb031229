"""A German-speaking contributor: chooses Deutsch in the footer, answers on a section page in
German (autosave), and downloads the German PDF scorecard."""

import io
import json

import pypdf
import pypdfium2
import pytest
from playwright.sync_api import Page, expect

from accounts.models import UserPreference
from assessments.enums import Role
from assessments.models import Answer
from criteria.loader import DEFAULT_FIXTURE
from tests.browser.conftest import ARTIFACTS, screenshot
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
GERMAN = json.loads(DEFAULT_FIXTURE.with_name("diam.de.json").read_text(encoding="utf-8"))
ENGLISH = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))


def criterion(data: dict, code: str) -> dict:  # type: ignore[type-arg]
    return next(item for item in data["criteria"] if item["code"] == code)


def log_in(page: Page, username: str) -> None:
    page.goto("/")
    page.get_by_label("Username or e-mail address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your organizations")


def test_german_contributor_answers_a_section_and_downloads_the_german_scorecard(  # type: ignore[no-untyped-def]
    catalog, new_context
) -> None:
    organization = OrganizationFactory(name="Klinikum Beispiel")
    user = UserFactory(username="greta", first_name="Greta")
    user.set_password(PASSWORD)
    user.save()
    MembershipFactory(organization=organization, role=Role.LEAD, user=user)
    assessment = assessment_with_areas(
        ["radiology", "cardiology"], organization=organization, title="DIAM 2026"
    )
    page = new_context().new_page()
    log_in(page, "greta")

    # The footer's chooser: Deutsch, kept as the user's preference.
    page.get_by_label("Language", exact=True).select_option("de")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Organisationen")
    assert UserPreference.objects.get(user=user).language == "de"

    # The section page in German, with the English original on demand.
    page.goto(f"/assessments/{assessment.pk}/sections/stage-1/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(GERMAN["stages"][1]["title"])
    card = page.locator("#criterion-1_1")
    expect(card.get_by_role("heading", level=2)).to_contain_text(criterion(GERMAN, "1.1")["title"])
    card.get_by_text("Originalwortlaut").click()
    expect(card.locator(".criterion-original p")).to_have_text(criterion(ENGLISH, "1.1")["text"])

    # An answer, autosaved: status and comment.
    row = page.locator("#s-1_1-radiology")
    row.locator("textarea").fill("RIS/PACS seit 2015")
    row.get_by_label("Erfüllt", exact=True).check()
    expect(page.locator("#s-1_1-radiology-state")).to_contain_text("Gespeichert um")
    screenshot(page, "german-1-section")
    saved = Answer.objects.get(assessment=assessment, criterion__code="1.1")
    assert (saved.status, saved.comment) == ("met", "RIS/PACS seit 2015")

    # The German PDF from the results page.
    page.goto(f"/assessments/{assessment.pk}/results/")
    with page.expect_download() as download_info:
        page.get_by_test_id("scorecard-de").click()
    pdf = download_info.value.path().read_bytes()
    text = " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
    )
    assert (
        GERMAN["stages"][1]["title"].split(": ", 1)[1] in text,
        criterion(GERMAN, "1.1")["title"] in text,
        criterion(ENGLISH, "1.1")["title"] in text,
    ) == (True, True, False)
    document = pypdfium2.PdfDocument(pdf)
    ARTIFACTS.mkdir(exist_ok=True)
    document[0].render(scale=1.5).to_pil().save(ARTIFACTS / "german-2-scorecard-page-1.png")
    document.close()
