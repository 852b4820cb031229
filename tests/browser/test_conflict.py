"""Two members edit the same answer in two browsers: the second save shows the conflict."""

import pytest
from playwright.sync_api import expect

from assessments.enums import Role
from assessments.models import Answer
from tests.browser.conftest import screenshot
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_members_editing_one_answer_see_the_conflict_and_choose(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="Twin Hospital")
    alice = MembershipFactory(
        organization=organization,
        role=Role.LEAD,
        user=UserFactory(username="alice", first_name="Alice"),
    ).user
    bob = MembershipFactory(
        organization=organization, user=UserFactory(username="bob", first_name="Bob")
    ).user
    assessment = assessment_with_areas(["radiology", "cardiology"], organization=organization)
    url = f"/assessments/{assessment.pk}/sections/stage-2/"
    first, second = page_as(alice), page_as(bob)
    first.goto(url)
    second.goto(url)

    first.locator("#s-2_2").get_by_label("Met", exact=True).check()
    expect(first.locator("#s-2_2-state")).to_contain_text("Saved at")
    second.locator("#s-2_2 textarea").fill("Only from CDs")
    second.locator("#s-2_2").get_by_label("Partially met").check()

    conflict = second.locator("#s-2_2-conflict")
    expect(conflict).to_contain_text("A colleague changed this answer")
    expect(conflict.get_by_test_id("conflict-mine")).to_have_text("Partially met: Only from CDs")
    expect(conflict.get_by_test_id("conflict-theirs")).to_have_text("Met")
    expect(second.locator("#s-2_2-state")).to_contain_text("Not saved")
    # Both values stay on screen until one is chosen; the database keeps Alice's.
    expect(second.locator("#s-2_2 textarea")).to_have_value("Only from CDs")
    assert list(Answer.objects.values_list("status", "comment", "version")) == [("met", "", 1)]
    screenshot(second, "conflict")

    conflict.get_by_role("button", name="Keep mine").click()

    expect(second.locator("#s-2_2-state")).to_contain_text("Saved at")
    expect(conflict).to_be_empty()
    assert list(Answer.objects.values_list("status", "comment", "version")) == [
        ("partial", "Only from CDs", 2)
    ]
    assert first.js_errors == [] and second.js_errors == []
