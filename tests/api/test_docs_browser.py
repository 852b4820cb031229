"""Swagger UI in a real browser, under the site's Content-Security-Policy: it must load the
schema and show the operations without a CSP violation or a script error."""

import os
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_docs_page_renders_the_operations_under_the_csp(live_server: Any) -> None:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on(
                "console",
                lambda message: problems.append(message.text) if message.type == "error" else None,
            )
            page.goto(f"{live_server.url}/api/v1/docs/")
            page.wait_for_selector(".opblock-summary-path", timeout=15_000)
            paths = page.locator(".opblock-summary-path").all_inner_texts()
        finally:
            browser.close()

    assert "/api/v1/assessments/{id}/submit/" in [p.replace("\u200b", "") for p in paths]
    assert problems == []
