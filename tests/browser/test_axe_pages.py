"""axe on the pages test_accessibility.py does not reach, in English, German and French, with no
violation at any impact level (tests/browser/axe.py), one test per page and language.

The language comes from the `django_language` cookie, as the footer's chooser would set it.
Selectors avoid visible text so one test serves the three languages.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.axe import axe_violations
from tests.browser.test_accessibility import LANGUAGES, Survey, context_in
from tests.browser.test_accessibility import survey as axe_survey  # noqa: F401 (a fixture)
from tests.workbooks.test_import_views import DOCUMENT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@dataclass(frozen=True)
class AxePage:
    id: str
    who: str  # "anonymous", or a Survey attribute
    url: Callable[[Survey], str]
    then: Callable[[Page, Survey, Path], None] | None = None


def upload_workbook(page: Page, survey: Survey, tmp_path: Path) -> None:
    """The workbook of the draft, downloaded and uploaded unchanged: the preview page."""
    with page.expect_download() as info:
        page.get_by_test_id("workbook-download").click()
    path = tmp_path / "workbook.xlsx"
    info.value.save_as(path)
    page.locator("main input[type=file]").set_input_files(path)
    page.locator("main form:has(input[type=file]) [type=submit]").click()
    page.get_by_test_id("preview-counts").wait_for()
    assert "/workbook/upload/" in page.url


def upload_unreadable_document(page: Page, survey: Survey, tmp_path: Path) -> None:
    """A file that is not an assessment document: the import page's refusal."""
    path = tmp_path / "notes.json"
    path.write_text("{not json")
    page.locator("main input[type=file]").set_input_files(path)
    page.locator("main form:has(input[type=file]) [type=submit]").click()
    expect(page.locator("main")).not_to_have_count(0)


def password_step_with_device(page: Page, survey: Survey, tmp_path: Path) -> None:
    """A user with an authenticator app logs in with the password: the code step."""
    survey.contributor.set_password(PASSWORD)
    survey.contributor.save()
    TOTPDevice.objects.create(user=survey.contributor, name="phone", confirmed=True)
    page.locator("input[name=username]").fill(survey.contributor.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url("/accounts/login/code/")


def upload_document(page: Page, survey: Survey, tmp_path: Path) -> None:
    """A diam-assessment/1 document: the import preview."""
    path = tmp_path / "workshop.json"
    path.write_text(json.dumps(DOCUMENT))
    page.locator("main input[type=file]").set_input_files(path)
    page.locator("main form:has(input[type=file]) [type=submit]").click()
    page.get_by_test_id("import-title").wait_for()


PAGES = [
    AxePage("accessibility-statement", "anonymous", lambda s: "/accessibility/"),
    AxePage("accessibility-statement-member", "contributor", lambda s: "/accessibility/"),
    AxePage("profile", "contributor", lambda s: "/accounts/profile/"),
    AxePage("security", "contributor", lambda s: "/accounts/security/"),
    AxePage("twofactor", "contributor", lambda s: "/accounts/security/two-factor/"),
    AxePage("twofactor-setup", "contributor", lambda s: "/accounts/security/two-factor/setup/"),
    AxePage("security-sessions", "contributor", lambda s: "/accounts/security/sessions/"),
    AxePage("security-data", "contributor", lambda s: "/accounts/security/data/"),
    AxePage("password-change-done", "contributor", lambda s: "/accounts/password/change/done/"),
    AxePage("password-reset-done", "anonymous", lambda s: "/accounts/password/reset/done/"),
    AxePage(
        "password-reset-invalid-link",
        "anonymous",
        lambda s: "/accounts/password/reset/MQ/bad-token/",
    ),
    AxePage("password-reset-complete", "anonymous", lambda s: "/accounts/password/reset/complete/"),
    AxePage("login-code", "anonymous", lambda s: "/accounts/login/", password_step_with_device),
    AxePage("workbook", "contributor", lambda s: f"/assessments/{s.draft.pk}/workbook/"),
    AxePage(
        "workbook-preview",
        "contributor",
        lambda s: f"/assessments/{s.draft.pk}/workbook/",
        upload_workbook,
    ),
    AxePage("import", "lead", lambda s: f"/organizations/{s.organization.slug}/import/"),
    AxePage(
        "import-refused",
        "lead",
        lambda s: f"/organizations/{s.organization.slug}/import/",
        upload_unreadable_document,
    ),
    AxePage(
        "import-preview",
        "lead",
        lambda s: f"/organizations/{s.organization.slug}/import/",
        upload_document,
    ),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PAGES, ids=[case.id for case in PAGES])
def test_page_has_no_accessibility_violation(  # type: ignore[no-untyped-def]
    case: AxePage, language: str, request, new_context, live_server, tmp_path: Path
) -> None:
    survey: Survey = request.getfixturevalue("axe_survey")  # test_accessibility's data
    user = None if case.who == "anonymous" else getattr(survey, case.who)
    page = context_in(new_context, live_server, language, user).new_page()
    response = page.goto(case.url(survey))
    assert response is not None and response.status < 500
    if case.then is not None:
        case.then(page, survey, tmp_path)
    assert page.locator("html").get_attribute("lang") == language

    violations = axe_violations(page)

    assert violations == [], f"axe on {case.id} in {language} ({page.url})"
