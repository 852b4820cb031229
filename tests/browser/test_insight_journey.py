"""The insight pages on the demo data of `make run` (assessments.demo.demo_data_create), in
Chromium: demo-lead goes from the home dashboard to the peer benchmarks (two peer groups, "you
are here"), the history, a comparison of two validated years, and a target stage with its plan,
whose item then shows beside its answer on a section page; demo-admin opens the programme
dashboard. Each figure is checked against the demo data; a full-page screenshot of each step
goes to test-artifacts/insight-*.png."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from assessments.demo import DEMO_ORGANIZATION, demo_data_create
from assessments.enums import AssessmentStatus
from assessments.models import Assessment
from tests.browser.axe import axe_violations_in_every_language
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def table_rows(page: Page, test_id: str) -> list[list[str]]:
    """The cells of a table's body, row by row (a non-breaking space as a space)."""
    rows = page.get_by_test_id(test_id).locator("tbody tr")
    return [
        [cell.replace("\xa0", " ").strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in rows.all()
    ]


def test_demo_lead_walks_through_benchmarks_history_and_plan(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    demo_data_create()
    validated = list(
        Assessment.objects.filter(
            organization__name=DEMO_ORGANIZATION, status=AssessmentStatus.VALIDATED
        ).order_by("validated_at")
    )
    assert [a.validated_stage for a in validated] == [2, 3, 4]
    page = page_as(get_user_model().objects.get(username="demo-lead"))

    # The home page as the organization's dashboard.
    page.goto("/")
    dashboard = page.get_by_test_id("home-dashboard")
    expect(dashboard.get_by_test_id("home-stages")).to_contain_text("Validated: stage 4")
    expect(dashboard.get_by_test_id("home-trend-text")).to_contain_text("Stages: 2 → 3 → 4")
    expect(dashboard.get_by_test_id("home-peers")).to_have_text(
        "Stage 4 — above 50 % of peers in Germany"
    )
    screenshot(page, "insight-01-lead-home")

    # Benchmarks: all organizations (the default), then the same country.
    page.get_by_test_id("home-benchmarks").click()
    expect(page.get_by_test_id("benchmark-peers")).to_have_text("39 peer organizations.")
    assert table_rows(page, "benchmark-stages") == [
        ["0", "0", "0 %", ""],
        ["1", "3", "8 %", ""],
        ["2", "7", "18 %", ""],
        ["3", "8", "21 %", ""],
        ["4", "8", "21 %", "You are here"],
        ["5", "10", "26 %", ""],
        ["6", "2", "5 %", ""],
        ["7", "1", "3 %", ""],
    ]
    chart = page.get_by_test_id("benchmark-chart").locator("svg")
    expect(chart).to_contain_text("You are here")
    groups = page.get_by_test_id("benchmark-groups").locator("tbody tr")
    expect(groups).to_have_count(3)
    expect(groups.first).to_contain_text("10 %")
    screenshot(page, "insight-02-benchmarks-all")
    assert axe_violations_in_every_language(page) == {}

    page.get_by_label("Compare with").select_option("country")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("benchmark-peers")).to_have_text("8 peer organizations.")
    assert table_rows(page, "benchmark-stages") == [
        ["0", "0", "0 %", ""],
        ["1", "2", "25 %", ""],
        ["2", "1", "12 %", ""],
        ["3", "1", "12 %", ""],
        ["4", "0", "0 %", "You are here"],
        ["5", "3", "38 %", ""],
        ["6", "1", "12 %", ""],
        ["7", "0", "0 %", ""],
    ]
    expect(page.get_by_test_id("benchmark-chart").locator("svg")).to_contain_text("You are here")
    # Nuclear medicine: two German peers have it, too few to show.
    expect(page.get_by_test_id("benchmark-area-not-enough")).to_have_count(1)
    screenshot(page, "insight-03-benchmarks-country")

    # History: three validated years and the submission waiting for review.
    page.goto("/")
    page.get_by_test_id("home-history").click()
    chart = page.get_by_test_id("history-chart").locator("svg")
    expect(chart.locator("[data-kind=validated]")).to_have_count(3)
    expect(chart.locator("[data-kind=self_assessed]")).to_have_count(4)
    expect(page.get_by_test_id("history-table").locator("tbody tr")).to_have_count(4)
    screenshot(page, "insight-04-history")
    assert axe_violations_in_every_language(page) == {}

    # The comparison of the first and the last validated year.
    page.get_by_label("First assessment").select_option(str(validated[0].pk))
    page.get_by_label("Second assessment").select_option(str(validated[-1].pk))
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_test_id("compare-stage")).to_have_text("Stage 2 → 4")
    expect(page.get_by_test_id("compare-newly-met").locator("li")).to_have_count(14)
    expect(page.get_by_test_id("compare-no-longer-met")).to_contain_text(
        "B.3 Structured reports driving alerts and decision support"
    )
    expect(page.get_by_test_id("compare-answers")).to_contain_text("Changed answers (22)")
    screenshot(page, "insight-05-compare")
    assert axe_violations_in_every_language(page) == {}

    # A target stage with a date, and the way with the fewest criteria missing as the plan.
    target_date = timezone.localdate() + timedelta(days=365)
    page.goto("/")
    page.get_by_test_id("home-plan").click()
    page.get_by_label("Target stage").select_option("6")
    page.get_by_label("Target date").fill(target_date.isoformat())
    page.get_by_role("button", name="Set the target").click()
    expect(page.get_by_test_id("plan-target")).to_have_text(
        f"Stage 6 by {date_format(target_date, 'DATE_FORMAT')}."
    )
    ways = page.get_by_test_id("plan-way")
    expect(ways).to_have_count(3)
    expect(ways.first).to_contain_text("2 criteria missing")
    expect(ways.first.locator("input")).to_be_checked()  # the fewest missing, chosen already
    screenshot(page, "insight-06-plan-ways")
    page.get_by_role("button", name="Make this way the plan").click()
    items = page.get_by_test_id("plan-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Appropriateness feedback for examinations")
    expect(items.last).to_contain_text("Structured reports driving alerts and decision support")
    due = timezone.localdate() + timedelta(days=180)
    items.first.get_by_label("Owner").select_option(label="Contributor (demo-contributor)")
    items.first.get_by_label("Due date").fill(due.isoformat())
    items.first.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("B.1 is saved.")
    screenshot(page, "insight-07-plan-items")
    assert axe_violations_in_every_language(page) == {}

    # The items beside their answers on the section page of the plan's starting point.
    submitted = Assessment.objects.get(
        organization__name=DEMO_ORGANIZATION, status=AssessmentStatus.SUBMITTED
    )
    page.goto(f"/assessments/{submitted.pk}/sections/group-b/")
    badges = page.get_by_test_id("plan-badge")
    expect(badges).to_have_count(2)
    expect(badges.first).to_contain_text(
        f"In the plan Contributor, due on {date_format(due, 'DATE_FORMAT')}"
    )
    badges.first.scroll_into_view_if_needed()
    screenshot(page, "insight-08-section-plan-badge")
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_demo_admin_reads_the_programme_dashboard(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    demo_data_create()
    page = page_as(get_user_model().objects.get(username="demo-admin"))

    page.goto("/")
    page.get_by_role("link", name="Programme", exact=True).click()

    expect(page.get_by_test_id("programme-organizations")).to_have_text(
        "40 organizations, 40 with a validation in force."
    )
    assert table_rows(page, "programme-statuses") == [
        ["Draft", "1"],
        ["Submitted", "1"],
        ["In review", "4"],
        ["Changes requested", "0"],
        ["Validated", "105"],
    ]
    countries = table_rows(page, "programme-countries")
    assert (len(countries), countries[0]) == (
        12,
        ["Germany", "0", "2", "1", "1", "1", "3", "1", "0", "9"],
    )
    assert table_rows(page, "programme-assessors") == [
        ["Sam Reviewer", "3", "51", "26.0"],
        ["Assessor", "2", "54", "23.5"],
    ]
    expiring = table_rows(page, "programme-expiring")
    assert [row[0] for row in expiring] == [
        "Abu Dhabi University Hospital",
        "Boston Health System",
        "Toulouse University Hospital",
        "Eindhoven Imaging Center",
        "Dresden Health System",
    ]
    assert [row[2] for row in expiring] == ["3", "5", "2", "3", "1"]
    assert expiring[0][3].endswith("(in 26 days)")
    screenshot(page, "insight-09-programme")
    assert axe_violations_in_every_language(page) == {}
    assert page.js_errors == []  # type: ignore[attr-defined]
