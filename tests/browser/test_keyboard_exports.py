"""The review and the exports with the keyboard alone: Tab, Shift+Tab, Space, Enter and the
arrow keys, no click after the page is loaded (test_keyboard.py does the same for the survey).

The review: a verdict chosen with the arrow keys and explained in a comment, another with Space,
a section's "Accept all remaining", then the validation with a lower stage and its reason.
The exports: from the home page to the export page, an export started and its file downloaded."""

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assessments.enums import AssessmentStatus
from assessments.models import Answer, Assessment, Verdict
from reports.models import ExportJob
from tests.assessments.review_factories import VerdictFactory, review_case
from tests.browser.test_keyboard import focused
from tests.factories import OrganizationFactory, UserFactory, assessment_with_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 300


def tab_to(page: Page, wanted: str, *, within: str = "body", key: str = "Tab") -> str:
    """Press the key until the focused element's description (test_keyboard.focused) starts
    with `wanted` and the element is inside `within`. (A Tab through a verdict's comment box
    starts no autosave: a key that changes nothing sends none, as in the survey.)"""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        description = focused(page)
        inside = page.evaluate("s => !!document.activeElement.closest(s)", within)
        if inside and description.startswith(wanted):
            return description
    raise AssertionError(f"{wanted!r} in {within} not reached with {MAX_TABS} presses of {key}")


@contextmanager
def autosaved(page: Page) -> Iterator[None]:
    """The keys pressed inside start a verdict's autosave: wait for its answer (one request at a
    time, as the test database shares one connection between the server's threads)."""
    with page.expect_response(
        lambda r: "/review/verdicts/" in r.url and r.request.method == "POST"
    ) as response:
        yield
    assert response.value.status in {200, 422}


def item(key: str) -> str:
    return f"[data-testid='review-item-{key}']"


def verdicts(assessment: Assessment, codes: set[str]) -> list[tuple[str, str, bool, str]]:
    """(criterion, area or "", accepted, comment) of the verdicts on the criteria's answers."""
    return sorted(
        (
            v.answer.criterion.code,
            v.answer.service_area.code if v.answer.service_area else "",
            v.accepted,
            v.comment,
        )
        for v in Verdict.objects.filter(
            answer__assessment=assessment, answer__criterion__code__in=codes
        ).select_related("answer__criterion", "answer__service_area")
    )


def test_review_is_completed_with_the_keyboard_alone(catalog, page_as) -> None:  # type: ignore[no-untyped-def]
    case = review_case("in_review")
    assessment = case.assessment
    # The verdicts outside stages 1 and 2 are recorded already: the keyboard does the rest.
    for answer in Answer.objects.filter(assessment=assessment).exclude(
        criterion__stage__number__in=[1, 2]
    ):
        VerdictFactory(answer=answer, assessor=case.assessor)
    page = page_as(case.assessor)
    page.goto(f"/assessments/{assessment.pk}/review/")

    # 1.1 in radiology: Tab reaches its radio group, the arrow key chooses "Not accepted", which
    # waits for a comment; Tab to the comment, typed, saves it (after a pause).
    radiology = page.locator(item("1.1-radiology"))
    assert tab_to(page, "input|radio|", within=item("1.1-radiology")).endswith("|Accepted|")
    with autosaved(page):
        page.keyboard.press("ArrowRight")
    expect(radiology.get_by_role("radio", name="Not accepted")).to_be_checked()
    expect(radiology.get_by_test_id("verdict-state")).to_have_text(
        "Say why the answer is not accepted: a comment is required."
    )
    assert tab_to(page, "textarea", within=item("1.1-radiology")).startswith("textarea|textarea|")
    with autosaved(page):
        page.keyboard.type("The RIS contract is missing.")
    expect(radiology.get_by_test_id("verdict-state")).to_contain_text("Saved at")
    assert verdicts(assessment, {"1.1"}) == [
        ("1.1", "radiology", False, "The RIS contract is missing.")
    ]

    # Shift+Tab back to the group (leaving the comment saves it again, unchanged), the other
    # arrow: accepted after all, the comment kept.
    with autosaved(page):
        description = tab_to(page, "input|radio|", within=item("1.1-radiology"), key="Shift+Tab")
    assert description.endswith("|Not accepted|")
    with autosaved(page):
        page.keyboard.press("ArrowLeft")
    expect(radiology.get_by_role("radio", name="Accepted", exact=True)).to_be_checked()
    expect(radiology.get_by_test_id("verdict-state")).to_contain_text("Saved at")

    # 1.1 in cardiology: Space accepts it.
    cardiology = page.locator(item("1.1-cardiology"))
    assert tab_to(page, "input|radio|", within=item("1.1-cardiology")).endswith("|Accepted|")
    with autosaved(page):
        page.keyboard.press("Space")
    expect(cardiology.get_by_test_id("verdict-state")).to_contain_text("Saved at")
    assert verdicts(assessment, {"1.1"}) == [
        ("1.1", "cardiology", True, ""),
        ("1.1", "radiology", True, "The RIS contract is missing."),
    ]

    # Stage 2: "Accept all remaining" by Tab and Enter.
    button = tab_to(page, "button|submit||", within="#accept-remaining-stage-2")
    assert button == "button|submit|||Accept all 3 remaining answers in this section"
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("review-verdict-count")).to_have_text(
        f"{Answer.objects.filter(assessment=assessment).count()} of 32 answers have a verdict; "
        "0 not accepted."
    )
    assert verdicts(assessment, {"2.1", "2.2"}) == [
        ("2.1", "cardiology", True, ""),
        ("2.1", "radiology", True, ""),
        ("2.2", "", True, ""),
    ]

    # Validate (above the answers; the page came back at stage 2): Shift+Tab up to the stage,
    # the arrow key lowers it in the select, Tab to the reason, typed, Tab and Enter send it.
    expect(page).to_have_url(re.compile("#review-stage-2$"))
    description = tab_to(page, "select|select-one|stage|Validated stage", key="Shift+Tab")
    assert description.startswith("select|select-one|stage|Validated stage")
    expect(page.get_by_label("Validated stage")).to_have_value("5")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Validated stage")).to_have_value("4")
    assert tab_to(page, "textarea|textarea|reason|").startswith("textarea|textarea|reason|")
    page.keyboard.type("The structured reports are a pilot.")
    assert tab_to(page, "button|submit||") == "button|submit|||Validate the assessment"
    page.keyboard.press("Enter")

    expect(page.get_by_test_id("validated-stage")).to_have_text("4")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.validated_stage, assessment.validation_reason) == (
        AssessmentStatus.VALIDATED,
        4,
        "The structured reports are a pilot.",
    )
    assert page.js_errors == []


def test_export_is_started_and_downloaded_with_the_keyboard_alone(  # type: ignore[no-untyped-def]
    catalog, page_as, tmp_path: Path
) -> None:
    alpha = OrganizationFactory(name="Alpha Hospital", slug="alpha", country="DE")
    beta = OrganizationFactory(name="Beta Clinic", slug="beta", country="FR")
    assessment_with_areas(["radiology"], organization=alpha, title="Alpha 2026")
    assessment_with_areas([], organization=beta, title="Beta 2026")
    page = page_as(UserFactory(username="sam", is_staff=True))
    page.goto("/")

    # The main navigation's Exports link, by Tab and Enter.
    assert tab_to(page, "a||||Exports") == "a||||Exports"
    page.keyboard.press("Enter")
    expect(page).to_have_url("/exports/")

    # The output's radio group: Tab lands on the chosen one, the arrow keys choose another.
    assert tab_to(page, "input|radio|output|") == "input|radio|output|Answers as CSV|"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused(page) == "input|radio|output|Assessments as CSV|"
    expect(page.get_by_label("Assessments as CSV")).to_be_checked()
    assert tab_to(page, "input|submit|submit|") == "input|submit|submit||"
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/exports/jobs/[0-9]+/$"))
    job = ExportJob.objects.get()
    expect(page).to_have_url(f"/exports/jobs/{job.pk}/")
    expect(page.locator("#job-progress").get_by_role("status")).to_contain_text("Done")
    name = f"assessments-{job.pk}.csv"
    assert tab_to(page, f"a||||Download {name}") == f"a||||Download {name}"
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == name
    path = tmp_path / name
    download.save_as(path)

    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert sorted((row[0], row[1]) for row in rows[1:]) == [
        ("Alpha Hospital", "Alpha 2026"),
        ("Beta Clinic", "Beta 2026"),
    ]
    assert page.js_errors == []
