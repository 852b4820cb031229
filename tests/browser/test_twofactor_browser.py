"""Two-factor log-in in the browser: an assessor must set up an authenticator app after the
password, scans (here: reads) the key, confirms with a code, keeps the recovery codes, logs out
and logs in again with the password and a fresh code. The codes are computed from the key shown
on the page, as the phone would."""

import time
from base64 import b32decode

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from assessments.access import ASSESSORS_GROUP
from tests.browser.conftest import screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def code_for(secret: str) -> tuple[str, int]:
    """The code an authenticator app shows now for this key, and its 30-second time step."""
    compact = secret.replace(" ", "")
    key = b32decode(compact + "=" * (-len(compact) % 8))
    totp = TOTP(key)
    return f"{totp.token():06d}", totp.t()


def password_step(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_assessor_sets_up_two_factor_then_logs_in_with_a_code(  # type: ignore[no-untyped-def]
    new_context, settings: Settings
) -> None:
    settings.DIAM_2FA_REQUIRED_FOR_PRIVILEGED = True
    user = UserFactory(username="anna", first_name="Anna", last_name="Assessor")
    user.groups.add(Group.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    page = new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    password_step(page, "anna")
    expect(page).to_have_url("/accounts/security/two-factor/setup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor log-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    screenshot(page, "twofactor-1-setup")

    # Other pages wait until it is set up.
    page.goto("/review/")
    expect(page).to_have_url("/accounts/security/two-factor/setup/")

    secret = page.get_by_test_id("totp-secret").inner_text()
    code, step = code_for(secret)
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    screenshot(page, "twofactor-2-recovery-codes")

    page.get_by_role("link", name="I have kept them").click()
    expect(page.get_by_test_id("twofactor-state")).to_contain_text("Two-factor log-in is on")
    page.get_by_role("button", name="Anna Assessor").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status").first).to_have_text("You have been logged out.")

    password_step(page, "anna")
    expect(page).to_have_url("/accounts/login/code/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log-in code")
    screenshot(page, "twofactor-3-code-step")
    # A code is accepted once: wait for the app's next one, as a person logging in again would.
    while code_for(secret)[1] == step:
        time.sleep(0.5)
    page.get_by_role("textbox", name="Code").fill(code_for(secret)[0])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reviews")
    page.goto("/review/")
    expect(page).to_have_url("/review/")
    screenshot(page, "twofactor-4-logged-in")
    assert errors == []
