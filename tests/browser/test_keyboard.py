"""The survey can be completed with the keyboard alone: no clicks after the page is loaded."""

import pytest
from playwright.sync_api import Page, expect

from assessments.enums import Role
from assessments.models import Answer
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory, OrganizationFactory, assessment_with_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80


def focused(page: Page) -> str:
    """A short description of the focused element: tag, type or role, name, and label text."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : "";
          return [el.tagName.toLowerCase(), el.type || "", el.name || "", label,
                  (el.textContent || "").trim()].join("|");
        }"""
    )


def tab_to(page: Page, wanted: str, *, key: str = "Tab") -> str:
    """Press Tab until the focused element's description starts with `wanted`."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        description = focused(page)
        if description.startswith(wanted):
            return description
    raise AssertionError(f"{wanted!r} not reached with {MAX_TABS} presses of {key}")


def test_section_is_completed_with_the_keyboard_alone(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory()
    user = MembershipFactory(organization=organization, role=Role.CONTRIBUTOR).user
    assessment = assessment_with_areas(["radiology", "cardiology"], organization=organization)
    page = page_as(user)
    page.goto(f"/assessments/{assessment.pk}/sections/stage-1/")
    state = page.locator("#s-1_1-radiology-state")

    # The first radio group: Tab reaches it, Space chooses the focused status.
    assert tab_to(page, "input|radio|s-1_1-radiology-status") == (
        "input|radio|s-1_1-radiology-status|Met|"
    )
    page.keyboard.press("Space")
    expect(state).to_contain_text("Saved at")
    assert list(Answer.objects.values_list("service_area__code", "status")) == [
        ("radiology", "met")
    ]

    # Arrow keys move the choice within the group (and save it).
    with page.expect_response(lambda r: r.url.endswith("/autosave/")) as saved:
        page.keyboard.press("ArrowRight")
    assert saved.value.status == 200
    assert focused(page) == "input|radio|s-1_1-radiology-status|Partially met|"
    expect(page.locator("#s-1_1-radiology").get_by_label("Partially met")).to_be_checked()
    expect(state).to_contain_text("Saved at")
    assert list(Answer.objects.values_list("status", flat=True)) == ["partial"]

    # Tab moves on to the comment; typing autosaves after a pause.
    assert (
        tab_to(page, "textarea")
        == "textarea|textarea|s-1_1-radiology-comment|Comment for Radiology|"
    )
    with page.expect_response(lambda r: r.url.endswith("/autosave/")) as saved:
        page.keyboard.type("Typed without a mouse")
    assert saved.value.status == 200
    expect(state).to_contain_text("Saved at")
    assert list(Answer.objects.values_list("comment", flat=True)) == ["Typed without a mouse"]
    expect(page.locator("#s-1_1-radiology textarea")).to_have_value("Typed without a mouse")

    # The second area by keyboard too, then the Save button is reached by Tab and Enter submits.
    assert tab_to(page, "input|radio|s-1_1-cardiology-status") == (
        "input|radio|s-1_1-cardiology-status|Met|"
    )
    page.keyboard.press("Space")
    expect(page.locator("#s-1_1-cardiology-state")).to_contain_text("Saved at")
    assert tab_to(page, "button|submit||") == "button|submit|||Save Stage 1"
    screenshot(page, "keyboard-save-focused")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").first).to_have_text("Your answers are saved.")
    # Radiology is only partially met: stage 1 needs 1.1 met in two areas.
    expect(page.get_by_test_id("live-stage")).to_have_text("0")
    expect(page.get_by_test_id("live-completion")).to_have_text("2 of 32 required answers")
    assert sorted(Answer.objects.values_list("service_area__code", "status", "comment")) == [
        ("cardiology", "met", ""),
        ("radiology", "partial", "Typed without a mouse"),
    ]
    assert page.js_errors == []


def test_tabbing_through_an_unanswered_row_saves_nothing(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory()
    user = MembershipFactory(organization=organization, role=Role.CONTRIBUTOR).user
    assessment = assessment_with_areas(["radiology", "cardiology"], organization=organization)
    page = page_as(user)
    page.goto(f"/assessments/{assessment.pk}/sections/stage-1/")

    # Tabbing through the row's radios and comment box changes nothing, so no autosave is sent
    # (the comment's keyup autosave has htmx's `changed`).
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/autosave/") else None)
    tab_to(page, "input|radio|s-1_1-radiology-status")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.wait_for_timeout(1600)  # longer than the comment's pause before its autosave
    assert sent == []

    expect(page.locator("#s-1_1-radiology-state")).to_have_text("")
    assert focused(page) == "summary||||Evidence (0 files)"
    assert Answer.objects.count() == 0
    assert page.js_errors == []
