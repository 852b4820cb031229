"""The dashboards on the demo data, in Chromium: the admin's programme dashboard and the demo
lead's home (ladder, trend, peer position), axe-clean at every impact level; screenshots in
/tmp/dashboards/."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from assessments.demo import demo_data_create
from tests.browser.axe import axe_violations_in_every_language

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("catalog")]

SHOTS = Path("/tmp/dashboards")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_demo_admin_opens_the_programme_dashboard(page_as) -> None:  # type: ignore[no-untyped-def]
    demo_data_create()
    page = page_as(get_user_model().objects.get(username="demo-admin"))

    page.goto("/")
    page.get_by_role("link", name="Programme", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Programme dashboard")
    expect(page.get_by_test_id("programme-organizations")).to_have_text(
        "40 organizations, 40 with a validation in force."
    )
    expect(page.get_by_test_id("programme-chart").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("programme-countries").locator("tbody tr")).to_have_count(12)
    expect(page.get_by_test_id("programme-assessors").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("programme-expiring").locator("tbody tr")).to_have_count(5)
    shot(page, "programme")
    assert axe_violations_in_every_language(page) == {}
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_demo_lead_home_shows_ladder_trend_and_peer_position(page_as) -> None:  # type: ignore[no-untyped-def]
    demo_data_create()
    page = page_as(get_user_model().objects.get(username="demo-lead"))

    page.goto("/")

    dashboard = page.get_by_test_id("home-dashboard")
    expect(dashboard.locator("svg.ladder-chart")).to_be_visible()
    expect(dashboard.get_by_test_id("home-stages")).to_contain_text("Validated: stage 4")
    expect(dashboard.get_by_test_id("home-trend-text")).to_contain_text("Stages: 2 → 3 → 4")
    expect(dashboard.locator("svg.sparkline circle")).to_have_count(4)
    expect(dashboard.get_by_test_id("home-peers")).to_have_text(
        "Stage 4 — above 50 % of peers in Germany"
    )
    shot(page, "lead-home")
    assert axe_violations_in_every_language(page) == {}
    dashboard.get_by_role("link", name="Stage 4 — above 50 % of peers in Germany").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peer benchmarks")
