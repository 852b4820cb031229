"""Peer benchmarks in the browser: a lead opens them from the home page, switches peer group and
sees the stage chart with "You are here"; axe finds no violation at any impact level."""

import shutil

import pytest
from playwright.sync_api import expect

from assessments.enums import OrganizationKind, Role
from tests.benchmarks.factories import stored_result
from tests.browser.axe import axe_violations_in_every_language
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_switches_peer_group_and_sees_the_stage_chart(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(
        name="Benchmark Hospital", country="DE", kind=OrganizationKind.HOSPITAL
    )
    lead = MembershipFactory(
        organization=organization, role=Role.LEAD, user=UserFactory(username="bea")
    ).user
    stored_result(organization, stage=4, annual_volume=120_000)
    for index, stage in enumerate((2, 3, 3, 4, 5, 6)):
        volume = 80_000 if index < 3 else 300_000  # three in its size band: too few
        stored_result(stage=stage, country="DE", annual_volume=volume)
    for stage in (1, 3, 7):
        stored_result(stage=stage, country="FR", annual_volume=900_000)
    page = page_as(lead)

    page.goto("/")
    page.get_by_test_id("home-benchmarks").click()
    expect(page.get_by_test_id("benchmark-peers")).to_contain_text("9 peer organizations")
    page.get_by_label("Compare with").select_option("country")
    page.get_by_role("button", name="Show").click()

    expect(page.get_by_test_id("benchmark-peers")).to_contain_text("6 peer organizations")
    chart = page.get_by_test_id("benchmark-chart").locator("svg")
    expect(chart).to_be_visible()
    expect(chart.locator("[data-own=true]")).to_have_attribute("data-stage", "4")
    expect(chart).to_contain_text("You are here")
    expect(page.get_by_label("Compare with")).to_have_value("country")
    assert axe_violations_in_every_language(page) == {}
    assert page.js_errors == []  # type: ignore[attr-defined]
    shutil.copy(screenshot(page, "benchmarks"), "/tmp/benchmarks.png")

    page.get_by_label("Compare with").select_option("size")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("benchmark-not-enough")).to_contain_text("Not enough peers")
