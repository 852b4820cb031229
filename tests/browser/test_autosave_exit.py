"""Autosave in real browsers: a quick exit loses nothing, typing with pauses is one change in the
audit trail, and a tab left open after submission says why a change is not saved."""

import time

import pytest
from playwright.sync_api import Page, expect

from assessments.enums import AssessmentStatus, Role
from assessments.models import Answer, Assessment
from tests.assessments.audit_factories import answer_everything
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(catalog):  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="Quick Hospital")
    lead = MembershipFactory(
        organization=organization, role=Role.LEAD, user=UserFactory(username="alice")
    ).user
    contributor = MembershipFactory(
        organization=organization, user=UserFactory(username="bob")
    ).user
    assessment = assessment_with_areas(["radiology", "cardiology"], organization=organization)
    return {"lead": lead, "contributor": contributor, "assessment": assessment}


def stage_2(page: Page, assessment: Assessment) -> None:
    page.goto(f"/assessments/{assessment.pk}/sections/stage-2/")


def answer_met(page: Page) -> None:
    page.locator("#s-2_2").get_by_label("Met", exact=True).check()
    expect(page.locator("#s-2_2-state")).to_contain_text("Saved at")


def stored(assessment: Assessment) -> list[tuple[str, str]]:
    return list(Answer.objects.filter(assessment=assessment).values_list("status", "comment"))


def wait_for(check, seconds: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def test_comment_typed_then_page_left_after_300_ms_is_saved(team, page_as) -> None:  # type: ignore[no-untyped-def]
    assessment = team["assessment"]
    page = page_as(team["contributor"])
    stage_2(page, assessment)
    answer_met(page)

    page.locator("#s-2_2 textarea").press_sequentially("Only from CDs")
    page.wait_for_timeout(300)
    page.goto(f"/assessments/{assessment.pk}/results/")  # leaving without a blur

    expect(page).to_have_url(f"/assessments/{assessment.pk}/results/")
    assert wait_for(lambda: stored(assessment) == [("met", "Only from CDs")]), stored(assessment)
    assert page.js_errors == []


def test_comment_typed_word_by_word_with_pauses_is_one_history_row(team, page_as) -> None:  # type: ignore[no-untyped-def]
    assessment = team["assessment"]
    page = page_as(team["contributor"])
    stage_2(page, assessment)
    answer_met(page)
    textarea = page.locator("#s-2_2 textarea")

    for word in ["Images", "only", "from", "CDs"]:
        textarea.press_sequentially(word if not textarea.input_value() else f" {word}")
        page.wait_for_timeout(1500)  # longer than the autosave's 1.2 s pause
        expect(page.locator("#s-2_2-state")).to_contain_text("Saved at")

    answer = Answer.objects.get(assessment=assessment)
    assert (answer.comment, answer.version) == ("Images only from CDs", 5)
    assert list(answer.history.values_list("history_type", "status", "comment")) == [
        ("+", "met", "Images only from CDs")
    ]
    assert page.js_errors == []


def test_tab_left_open_after_submission_says_why_and_shows_the_stored_answer(team, page_as) -> None:  # type: ignore[no-untyped-def]
    assessment = team["assessment"]
    answer_everything(assessment)
    lead, contributor = page_as(team["lead"]), page_as(team["contributor"])
    stage_2(contributor, assessment)

    lead.goto(f"/assessments/{assessment.pk}/submit/")
    lead.once("dialog", lambda dialog: dialog.accept())
    lead.get_by_test_id("submit-confirm").get_by_role("button").click()
    expect(lead).to_have_url(f"/assessments/{assessment.pk}/results/")
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED

    slot = contributor.locator("#s-2_2")
    # click(), not check(): the radio goes back to the stored value, which check() would retry.
    slot.get_by_label("Partially met").click()

    expect(contributor.locator("#s-2_2-state")).to_have_text(
        "This assessment was submitted; your change was not saved. Reload the page"
    )
    expect(slot.get_by_label("Met", exact=True)).to_be_checked()
    expect(slot.get_by_label("Partially met")).not_to_be_checked()
    expect(slot.get_by_label("Partially met")).to_be_disabled()
    assert Answer.objects.get(assessment=assessment, criterion__code="2.2").status == "met"

    contributor.get_by_role("link", name="Reload the page").click()
    expect(contributor.get_by_role("status").first).to_contain_text("answers are read-only")
    assert contributor.js_errors == [] and lead.js_errors == []
