"""The organization's history in the browser: a lead opens it from the home page, sees the time
line, chooses two assessments and sees what changed; axe finds no violation at any impact level."""

import shutil

import pytest
from playwright.sync_api import expect

from assessments.enums import Role
from tests.browser.axe import axe_violations_in_every_language
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.history.factories import at, history_assessment
from tests.reports.scorecard_data import add_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_opens_history_and_compares_two_assessments(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="History Hospital")
    lead = MembershipFactory(
        organization=organization, role=Role.LEAD, user=UserFactory(username="hana")
    ).user
    history_assessment(
        organization,
        title="DIAM 2021",
        submitted_at=at(2021, 4, 12),
        stage=2,
        validated_at=at(2021, 7, 1),
        validated_stage=2,
        criteria={"1.1": True, "2.1": False, "2.2": True},
    )
    first = history_assessment(
        organization,
        title="DIAM 2023",
        submitted_at=at(2023, 3, 1),
        stage=4,
        validated_at=at(2023, 5, 2),
        validated_stage=3,
        criteria={"1.1": True, "2.1": True, "2.2": False, "3.1": False},
        areas={("1.1", "radiology"): "met", ("1.1", "cardiology"): "not_met"},
    )
    add_answers(first, [("1.1", "radiology", "met"), ("1.1", "cardiology", "not_met")])
    second = history_assessment(
        organization,
        title="DIAM 2025",
        submitted_at=at(2025, 2, 3),
        stage=5,
        criteria={"1.1": True, "2.1": True, "2.2": True, "3.1": True},
        areas={("1.1", "radiology"): "met", ("1.1", "cardiology"): "met"},
    )
    add_answers(second, [("1.1", "radiology", "met"), ("1.1", "cardiology", "met")])
    page = page_as(lead)

    page.goto("/")
    page.get_by_test_id("home-history").click()
    chart = page.get_by_test_id("history-chart").locator("svg")
    expect(chart).to_be_visible()
    expect(chart.locator("[data-kind=validated]")).to_have_count(2)
    expect(chart.locator("[data-kind=self_assessed]")).to_have_count(3)
    expect(page.get_by_test_id("history-table").locator("tbody tr")).to_have_count(3)
    assert axe_violations_in_every_language(page) == {}
    shutil.copy(screenshot(page, "history"), "/tmp/history.png")

    page.get_by_label("First assessment").select_option(
        label="DIAM 2021 — validated stage 2 (July 1, 2021)"
    )
    page.get_by_label("Second assessment").select_option(str(second.pk))
    page.get_by_role("button", name="Compare").click()

    expect(page.get_by_test_id("compare-stage")).to_have_text("Stage 2 → 5")
    expect(page.get_by_test_id("compare-newly-met")).to_contain_text("2.1")
    expect(page.get_by_test_id("compare-newly-met")).to_contain_text("3.1")
    expect(page.get_by_test_id("compare-no-longer-met")).to_contain_text("None.")
    expect(page.get_by_test_id("compare-answers")).to_contain_text("Changed answers (2)")
    assert axe_violations_in_every_language(page) == {}
    shutil.copy(screenshot(page, "compare"), "/tmp/history-compare.png")

    page.get_by_label("First assessment").select_option(str(second.pk))
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_test_id("compare-errors")).to_contain_text(
        "Choose two different assessments."
    )
    expect(page.get_by_test_id("compare-summary")).to_have_count(0)
    assert page.js_errors == []  # type: ignore[attr-defined]
