"""The improvement plan in the browser: the lead sets target stage 6 with a date, picks the way
with the fewest criteria missing, gives an item an owner and a due date, and sees the badge on
the section page; axe finds no violation at any impact level on the plan page."""

import shutil

import pytest
from playwright.sync_api import expect

from assessments.enums import Role
from plans.models import PlanItem
from tests.browser.axe import axe_violations_in_every_language
from tests.browser.conftest import screenshot
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)
from tests.plans.conftest import AREAS, baseline_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_plans_stage_6_and_sees_the_badge_beside_the_answer(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="Plan Hospital", slug="plan-hospital")
    assessment = assessment_with_areas(AREAS, organization=organization, title="Survey 2026")
    baseline_answers(assessment)
    lead = MembershipFactory(
        organization=organization, role=Role.LEAD, user=UserFactory(username="pia")
    ).user
    MembershipFactory(
        organization=organization,
        user=UserFactory(username="olaf", first_name="Olaf", last_name="Owner"),
    )
    page = page_as(lead)

    page.goto("/")
    page.get_by_test_id("home-plan").click()
    page.get_by_label("Target stage").select_option("6")
    page.get_by_label("Target date").fill("2027-12-31")
    page.get_by_role("button", name="Set the target").click()
    expect(page.get_by_test_id("plan-target")).to_have_text("Stage 6 by Dec. 31, 2027.")
    ways = page.get_by_test_id("plan-way")
    expect(ways).to_have_count(3)
    expect(ways.first).to_contain_text("3 criteria missing")
    expect(ways.first.locator("input")).to_be_checked()  # the fewest missing, chosen already
    page.get_by_role("button", name="Make this way the plan").click()
    expect(page.get_by_test_id("plan-item")).to_have_count(3)

    item = page.get_by_test_id("plan-item").first
    item.get_by_label("Owner").select_option(label="Olaf Owner (olaf)")
    item.get_by_label("Due date").fill("2027-06-30")
    item.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("A.4 is saved.")
    shutil.copy(screenshot(page, "plan-page"), "/tmp/plan-page.png")
    assert axe_violations_in_every_language(page) == {}
    assert PlanItem.objects.get(criterion__code="A.4").owner.username == "olaf"

    page.goto(f"/assessments/{assessment.pk}/sections/group-a/")
    badge = page.get_by_test_id("plan-badge")
    expect(badge).to_have_count(1)
    expect(badge).to_contain_text("In the plan Olaf Owner, due on June 30, 2027")
    badge.scroll_into_view_if_needed()
    shutil.copy(screenshot(page, "plan-badge"), "/tmp/plan-badge.png")
    assert page.js_errors == []  # type: ignore[attr-defined]
