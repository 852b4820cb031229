"""At phone width (390 x 844) no page scrolls sideways, the section navigation is folded away and
the live result comes before the questions."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import log_in
from tests.browser.test_accessibility import (  # noqa: F401 (the survey fixture)
    SECTIONS,
    Survey,
    add_job,
    pk,
    survey,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path("/tmp/diam-phone")


@pytest.fixture
def phone_as(browser: Browser, live_server) -> Iterator[Callable[[AbstractBaseUser | None], Page]]:  # type: ignore[no-untyped-def]
    """A phone-sized page, logged in as the user (or anonymous with None)."""
    contexts: list[BrowserContext] = []

    def make(user: AbstractBaseUser | None) -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        if user is not None:
            log_in(context, user, live_server.url)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def pages_by_role(s: Survey) -> dict[str, list[str]]:
    """Every page the demo roles reach, by the role that uses it."""
    draft = s.draft.pk
    org = s.organization.slug
    assert s.job is not None
    return {
        "contributor": [
            "/",
            *[f"/assessments/{draft}/sections/{slug}/" for slug in SECTIONS],
            f"/assessments/{pk(s, 'returned')}/sections/stage-3/",
            f"/assessments/{draft}/results/",
            f"/assessments/{pk(s, 'validated')}/results/",
            f"/assessments/{draft}/timeline/",
            f"/assessments/{pk(s, 'validated')}/timeline/",
            f"/organizations/{org}/members/",
        ],
        "lead": [
            "/",
            f"/assessments/{draft}/submit/",
            f"/assessments/{s.complete.pk}/submit/",
            f"/organizations/{org}/",
            f"/organizations/{org}/members/",
            f"/organizations/{org}/assessments/new/",
            f"/assessments/{draft}/areas/",
            f"/assessments/{draft}/assignments/",
            f"/accounts/invitations/new/{org}/",
        ],
        "assessor": [
            "/",
            "/review/",
            f"/assessments/{pk(s, 'in_review')}/review/",
            f"/assessments/{pk(s, 'validated')}/review/",
        ],
        "staff": [
            "/",
            "/review/",
            f"/assessments/{pk(s, 'returned')}/review/",
            "/exports/",
            f"/exports/jobs/{s.job.pk}/",
        ],
        None: ["/accounts/login/", "/accounts/password/reset/"],
    }


def scroll_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_pages_do_not_scroll_sideways_on_a_phone(survey: Survey, phone_as) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    add_job(survey)
    too_wide = []
    not_shown = []
    for role, urls in pages_by_role(survey).items():
        page = phone_as(getattr(survey, role) if role else None)
        for url in urls:
            response = page.goto(url)
            if response is None or response.status != 200:
                not_shown.append((role, url))
            elif scroll_width(page) > PHONE["width"]:
                too_wide.append((role, url, scroll_width(page)))
    assert not_shown == []
    assert too_wide == [], too_wide


def test_section_page_on_a_phone_folds_the_navigation_and_shows_the_live_result_first(  # type: ignore[no-untyped-def]
    survey: Survey,  # noqa: F811
    phone_as,
) -> None:
    page = phone_as(survey.contributor)
    page.goto(f"/assessments/{survey.draft.pk}/sections/stage-2/")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "section.png"), full_page=True)

    nav = page.locator("#section-nav")
    expect(nav).to_be_hidden()
    panel = page.locator("#live-panel").bounding_box()
    question = page.locator("main section.card").first.bounding_box()
    assert panel is not None and question is not None
    assert panel["y"] < question["y"]

    toggle = page.get_by_role("button", name="Sections")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(nav).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    nav.get_by_role("link", name="Stage 3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stage 3: Enterprise imaging strategy and governance"
    )
    expect(page.locator("#section-nav")).to_be_hidden()
    assert scroll_width(page) <= PHONE["width"]


def test_section_navigation_stays_beside_the_questions_on_a_wide_screen(  # type: ignore[no-untyped-def]
    survey: Survey,  # noqa: F811
    page_as,
) -> None:
    page = page_as(survey.contributor)
    page.goto(f"/assessments/{survey.draft.pk}/sections/stage-2/")

    expect(page.locator("#section-nav")).to_be_visible()
    expect(page.get_by_role("button", name="Sections")).to_be_hidden()
    nav = page.locator("#section-nav").bounding_box()
    question = page.locator("main section.card").first.bounding_box()
    panel = page.locator("#live-panel").bounding_box()
    assert nav is not None and question is not None and panel is not None
    assert nav["x"] < question["x"] < panel["x"]


def test_review_queue_on_a_phone_fits_the_screen(survey: Survey, phone_as) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    add_job(survey)
    page = phone_as(survey.staff)
    page.goto("/review/")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "review-queue.png"), full_page=True)
    for url, name in (
        (f"/organizations/{survey.organization.slug}/members/", "members"),
        ("/exports/", "exports"),
        (f"/assessments/{pk(survey, 'in_review')}/review/", "review"),
        ("/", "home"),
    ):
        page.goto(url)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    page.goto("/review/")
    expect(page.get_by_test_id("queue-row")).to_have_count(2)
    assert scroll_width(page) <= PHONE["width"]
