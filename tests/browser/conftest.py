"""Browser tests: Playwright driving the installed Chromium against pytest-django's live server.

Chromium comes from the system (`apt-get install chromium`); Playwright's own browser download
does not work on these machines. Set CHROMIUM_PATH to use another binary.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

# Playwright's sync API keeps an event loop running in this thread for the rest of the session;
# the ORM calls made by the tests themselves are synchronous and safe here. (Tests that start
# manage.py in a subprocess leave this variable out: the deployment check refuses it.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Chromium is needed for the browser tests: apt-get install chromium "
            "(or set CHROMIUM_PATH)",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server) -> Iterator[Callable[[], BrowserContext]]:  # type: ignore[no-untyped-def]
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def log_in(context: BrowserContext, user: AbstractBaseUser, url: str) -> None:
    """Log the browser context in as the user: a session made by the test client, its cookie
    given to the browser for the live server at `url`."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}])


@pytest.fixture
def page_as(new_context, live_server) -> Callable[[AbstractBaseUser], Page]:  # type: ignore[no-untyped-def]
    """A page already logged in as the user (session cookie), for tests not about logging in."""

    def make(user: AbstractBaseUser) -> Page:
        context = new_context()
        log_in(context, user, live_server.url)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                errors.append(message.text)
                if message.type == "error" and not expected_status(message.text)
                else None
            ),
        )
        page.js_errors = errors  # type: ignore[attr-defined]
        return page

    return make


def expected_status(text: str) -> bool:
    """Chromium logs every 4xx response; a conflict (409) or refused input (422) is expected."""
    return "status of 409" in text or "status of 422" in text


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
