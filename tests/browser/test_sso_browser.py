"""Single sign-on in Chromium: the log-in page's button, the test provider's own log-in form (a
separate process, tests/sso/provider/), and back to the application signed in, or refused."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from sso.refusals import Refusal
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory
from tests.sso.provider.people import PASSWORD
from tests.sso.provider_server import PROVIDER_NAME, oidc_provider, sso_settings

__all__ = ["oidc_provider", "sso_settings"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("sso_settings"),
]


def provider_round_trip(context: BrowserContext, username: str):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_role("link", name=f"Sign in with {PROVIDER_NAME}").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()
    return page


def test_sso_sign_in_in_browser(new_context: Callable[[], BrowserContext], live_server) -> None:  # type: ignore[no-untyped-def]
    MembershipFactory(
        user__username="alice.w",
        user__first_name="Alice",
        user__last_name="Weber",
        user__email="alice@hospital.example",
    )

    page = provider_round_trip(new_context(), "alice")

    expect(page.get_by_role("button", name="Alice Weber")).to_be_visible()
    assert page.url == f"{live_server.url}/"
    screenshot(page, "sso-signed-in")


def test_sso_unverified_email_refused_in_browser(
    new_context: Callable[[], BrowserContext], live_server
) -> None:  # type: ignore[no-untyped-def]
    MembershipFactory(user__username="bob", user__email="bob@hospital.example")

    page = provider_round_trip(new_context(), "bob")

    expect(page.get_by_role("alert")).to_contain_text(str(Refusal.EMAIL_UNVERIFIED.label))
    assert page.url == f"{live_server.url}/accounts/login/"
    expect(page.get_by_role("link", name=f"Sign in with {PROVIDER_NAME}")).to_be_visible()
    screenshot(page, "sso-refused")
