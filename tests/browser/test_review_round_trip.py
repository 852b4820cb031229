"""The review round trip through the real UI (issue 9), each role logged in through the log-in
form in a browser context of its own:

the lead submits (confirming); the assessor follows the link in the e-mail, sees the review
read-only and claims it; verdicts save as they are made, "Accept all remaining" fills a section,
the filter shows the answers still without a verdict; two answers are not accepted, with
comments, and changes are requested (confirming). The lead finds both in the rework list (and in
the e-mail), follows a link, changes one answer and replies in the other's thread, and
resubmits. The assessor reads the reply, the filter "changed since my verdict" shows the changed
answer, and validates. The lead sees the validated stage and every way to the next stage, and
filters the timeline. axe checks each new page state (no violation at any impact level);
screenshots go to /tmp/issue9/.
"""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import Dialog, Locator, Page, expect
from pytest_django.fixtures import Settings

from assessments.access import ASSESSORS_GROUP
from assessments.enums import AssessmentStatus, Role
from assessments.evidence.services import evidence_add
from assessments.models import Answer, Assessment, Verdict
from criteria.models import Criterion, ServiceArea
from discussions.models import AnswerMessage
from tests.browser.axe import axe_violations_in_every_language
from tests.browser.test_journey import PASSWORD
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp/issue9")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AREAS = ["radiology", "cardiology", "pathology"]
# Stages 1-4 and Group A met, Groups B and C not: self-assessed stage 5.
STATUSES = {"B.2": "not_met", "B.3": "not_met", "C.2": "partial"}
TITLE = "DIAM 2026"
ORGANIZATION = "St. Round Trip Hospital"
SUBJECT = f"{ORGANIZATION} — {TITLE}"
# The answers of each section (37 in all).
COUNTS = {"stage-1": 3, "stage-2": 4, "stage-3": 7, "stage-4": 6}
COUNTS |= {"group-a": 6, "group-b": 7, "group-c": 4}
WHY_4_4 = "Mobile viewing is a pilot on two tablets in radiology: show that clinicians use it."
WHY_A_4 = "The patient portal has no upload: patients cannot share their images yet."
FIX_A_4 = "Patients download their images; upload comes with the portal update in 2027."
REPLY_4_4 = "Since May every ward has the mobile viewer: the usage report is attached to 2.2."


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def answer_everything(assessment: Assessment) -> None:
    """Every required answer given (37 with three areas): what the members did before."""
    areas = {a.code: a for a in ServiceArea.objects.filter(code__in=AREAS)}
    for criterion in Criterion.objects.filter(catalog=assessment.catalog, required=True).exclude(
        scope="baseline"
    ):
        for code in AREAS if criterion.scope == "area" else [None]:
            AnswerFactory(
                assessment=assessment,
                criterion=criterion,
                service_area=areas[code] if code else None,
                status=STATUSES.get(criterion.code, "met"),
            )


def import_log_png() -> bytes:
    """A picture with something on it, as a scanned import log would be."""
    image = Image.new("RGB", (480, 300), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 460, 60), fill=(13, 110, 253))
    for row in range(6):
        draw.line((20, 90 + row * 32, 460, 90 + row * 32), fill=(120, 120, 120), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def log_in(page: Page, username: str) -> None:
    """The log-in form the page was sent to; the user lands where they were going."""
    page.get_by_label("Username or e-mail address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def axe_clean(page: Page, state: str) -> None:
    assert axe_violations_in_every_language(page) == {}, f"axe on {state} ({page.url})"


def confirm_next(page: Page) -> list[str]:
    """Accept the next confirmation dialog; the list receives its question."""
    questions: list[str] = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    return questions


def status_message(page: Page) -> Locator:
    return page.locator("main [role=status]").first


def item(page: Page, key: str) -> Locator:
    return page.get_by_test_id(f"review-item-{key}")


def items(page: Page) -> Locator:
    return page.locator("[data-testid^='review-item-']")


def accept_remaining(page: Page, slug: str, label: str) -> None:
    button = page.get_by_test_id(f"accept-remaining-{slug}")
    expect(button).to_have_text(label)
    button.click()


def sent() -> list[tuple[list[str], str]]:
    return [(message.to, message.subject) for message in mail.outbox]


def body_lines(index: int) -> list[str]:
    return mail.outbox[index].body.splitlines()


def link_after(index: int, line: str) -> str:
    lines = body_lines(index)
    return lines[lines.index(line) + 1]


def submit(page: Page, assessment: Assessment, stage: int) -> list[str]:
    page.goto(f"/assessments/{assessment.pk}/submit/")
    questions = confirm_next(page)
    page.get_by_test_id("submit-confirm").get_by_role(
        "button", name=f"Submit with stage {stage}"
    ).click()
    expect(page).to_have_url(f"/assessments/{assessment.pk}/results/")
    expect(status_message(page)).to_have_text(
        f"The assessment is submitted with self-assessed stage {stage}."
    )
    return questions


def test_review_round_trip_through_the_browser(  # type: ignore[no-untyped-def]
    catalog, new_context, live_server, settings: Settings
) -> None:
    settings.DIAM_BASE_URL = live_server.url  # the e-mail links lead to this server
    SCREENSHOTS.mkdir(exist_ok=True)
    organization = OrganizationFactory(name=ORGANIZATION, slug="round-trip")
    leo = UserFactory(username="leo", first_name="Leo", last_name="Lead", email="leo@example.org")
    MembershipFactory(organization=organization, role=Role.LEAD, user=leo)
    ada = UserFactory(
        username="ada", first_name="Ada", last_name="Assessor", email="ada@example.org"
    )
    ada.groups.add(Group.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    assessment = assessment_with_areas(AREAS, organization=organization, title=TITLE)
    answer_everything(assessment)
    evidence_add(
        answer=Answer.objects.get(assessment=assessment, criterion__code="2.2"),
        upload=SimpleUploadedFile("import-log.png", import_log_png()),
        user=leo,
    )
    answer_4_4 = Answer.objects.get(assessment=assessment, criterion__code="4.4")
    answer_a_4 = Answer.objects.get(assessment=assessment, criterion__code="A.4")
    titles = dict(Criterion.objects.filter(catalog=catalog).values_list("code", "title"))
    pk = assessment.pk
    review_url = f"/assessments/{pk}/review/"

    # 1. The lead logs in and submits, confirming: Ada, the only assessor, is told, with a link
    # to this server.
    lead = new_context().new_page()
    lead.goto("/")
    log_in(lead, "leo")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Your organizations")
    assert submit(lead, assessment, 5) == [
        "Submit the assessment with stage 5? The answers become read-only."
    ]
    assert sent() == [(["ada@example.org"], f"Assessment submitted: {SUBJECT}")]
    link = link_after(0, "Review it here:")
    assert link == f"{live_server.url}{review_url}"

    # 2. The assessor opens the link from the e-mail, logs in, lands on the review: read-only,
    # with a Claim button.
    assessor = new_context().new_page()
    assessor.goto(link)
    expect(assessor).to_have_url(f"/accounts/login/?next={review_url}")
    log_in(assessor, "ada")
    expect(assessor).to_have_url(review_url)
    expect(assessor.get_by_role("heading", level=1)).to_have_text(f"Review of “{TITLE}”")
    expect(assessor.get_by_test_id("claim-banner")).to_contain_text(
        "Nobody reviews this assessment yet. You see it read-only; claim it to become its "
        "assessor and record verdicts."
    )
    expect(assessor.get_by_role("radio")).to_have_count(0)
    expect(items(assessor)).to_have_count(37)
    expect(assessor.get_by_role("img", name="Preview of “import-log.png”")).to_have_count(0)
    axe_clean(assessor, "the claimable review page")
    assessor.get_by_test_id("claim-banner").get_by_role("button", name="Claim").click()
    expect(status_message(assessor)).to_have_text(
        f"You are now the assessor of “{TITLE}” and the review has started."
    )
    expect(assessor.get_by_test_id("review-status")).to_have_text("In review")
    expect(assessor.get_by_test_id("claim-banner")).to_have_count(0)
    expect(assessor.get_by_test_id("review-verdict-count")).to_have_text(
        "0 of 37 answers have a verdict; 0 not accepted."
    )
    # The evidence, previewed beside its answer.
    preview = item(assessor, "2.2").get_by_role("img", name="Preview of “import-log.png”")
    item(assessor, "2.2").scroll_into_view_if_needed()
    expect(preview).to_be_visible()
    # Loaded lazily, once in view: decode() waits for it.
    assert preview.evaluate("img => img.decode().then(() => img.naturalWidth)") == 480
    assessor.screenshot(path=str(SCREENSHOTS / "review-evidence-preview.png"))
    axe_clean(assessor, "the review page in review")

    # 3. A verdict saves as it is made (no Save button); "Accept all remaining" does the rest.
    first = item(assessor, "1.1-radiology")
    first.get_by_role("radio", name="Accepted", exact=True).check()
    expect(first.get_by_test_id("verdict-state")).to_contain_text("Saved at")
    expect(assessor.get_by_role("button", name="Save the verdicts")).to_have_count(0)
    accept_remaining(assessor, "stage-1", "Accept all 2 remaining answers in this section")
    expect(status_message(assessor)).to_have_text("Stage 1: 2 answers accepted.")
    expect(assessor).to_have_url(f"{review_url}#review-stage-1")
    expect(assessor.get_by_test_id("accept-remaining-stage-1")).to_have_count(0)
    for slug, code, why in [("stage-4", "4.4", WHY_4_4), ("group-a", "A.4", WHY_A_4)]:
        rejected = item(assessor, code)
        rejected.get_by_label("Comment for the organization").fill(why)
        rejected.get_by_role("radio", name="Not accepted", exact=True).check()
        expect(rejected.get_by_test_id("verdict-state")).to_contain_text("Saved at")
        accept_remaining(assessor, slug, "Accept all 5 remaining answers in this section")
        expect(status_message(assessor)).to_have_text(
            f"{'Stage 4' if slug == 'stage-4' else 'Group A'}: 5 answers accepted."
        )
    expect(assessor.get_by_test_id("review-verdict-count")).to_have_text(
        "15 of 37 answers have a verdict; 2 not accepted."
    )

    # The filter: only the answers still without a verdict (stages 2 and 3, groups B and C).
    assessor.get_by_label("Show").select_option(label="Without verdict")
    assessor.get_by_role("button", name="Filter", exact=True).click()
    expect(assessor).to_have_url(f"{review_url}?show=without")
    expect(items(assessor)).to_have_count(22)
    expect(assessor.locator("#review-stage-1 .card-body")).to_have_text(
        "Every answer of this section has a verdict."
    )
    axe_clean(assessor, "the review filtered to answers without verdict")
    for slug, count in [("stage-2", 4), ("stage-3", 7), ("group-b", 7), ("group-c", 4)]:
        accept_remaining(assessor, slug, f"Accept all {count} remaining answers in this section")
        expect(assessor).to_have_url(f"{review_url}?show=without#review-{slug}")
    expect(items(assessor)).to_have_count(0)
    expect(assessor.get_by_test_id("review-verdict-count")).to_have_text(
        "37 of 37 answers have a verdict; 2 not accepted."
    )
    expect(assessor.get_by_test_id("review-accepted-stage")).to_have_text("3")

    # 4. Changes requested, confirming.
    questions = confirm_next(assessor)
    assessor.get_by_role("button", name="Request changes").click()
    expect(status_message(assessor)).to_have_text(
        "Changes are requested: the organization sees the answers you did not accept."
    )
    assert questions == [
        "Return the assessment to the organization with the 2 answers you did not accept?"
    ]
    expect(assessor.get_by_test_id("review-status")).to_have_text("Changes requested")
    axe_clean(assessor, "the review page with changes requested")
    assert sent()[1:] == [(["leo@example.org"], f"Changes requested: {SUBJECT}")]
    lines = body_lines(1)
    start = lines.index("2 answers were not accepted: the assessor's comments say why.")
    assert lines[start + 1 : start + 9] == [
        "",
        f"- 4.4 {titles['4.4']} · Organization",
        f"  Assessor's comment: {WHY_4_4}",
        f"  {live_server.url}/assessments/{pk}/sections/stage-4/#s-4_4",
        "",
        f"- A.4 {titles['A.4']} · Organization",
        f"  Assessor's comment: {WHY_A_4}",
        f"  {live_server.url}/assessments/{pk}/sections/group-a/#s-A_4",
    ]

    # 5. The lead opens the assessment from the e-mail: the rework list, with both answers.
    lead.goto(link_after(1, "Open the assessment here:"))
    rework = lead.get_by_test_id("rework-list")
    expect(rework.get_by_test_id("rework-summary")).to_have_text(
        "The assessor did not accept 2 answers; 2 still to do."
    )
    expect(rework.get_by_test_id("rework-item")).to_have_text(
        [
            re.compile(
                rf"^\s*To do\s+4\.4 {titles['4.4']}\s+Organization · Stage 4\s+"
                rf"Assessor's comment: {re.escape(WHY_4_4)}\s*$"
            ),
            re.compile(
                rf"^\s*To do\s+A\.4 {titles['A.4']}\s+Organization · Group A\s+"
                rf"Assessor's comment: {re.escape(WHY_A_4)}\s*$"
            ),
        ]
    )
    expect(lead.get_by_test_id("rework-count")).to_have_text(
        ["1 answer to rework", "1 answer to rework"]
    )
    lead.screenshot(path=str(SCREENSHOTS / "rework-list.png"))
    axe_clean(lead, "the rework list")
    # The same page on a phone: nothing scrolls sideways.
    lead.set_viewport_size(PHONE)
    expect(rework).to_be_visible()
    assert lead.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    lead.screenshot(path=str(SCREENSHOTS / "phone-rework-list.png"), full_page=True)
    axe_clean(lead, "the rework list at phone width")
    lead.set_viewport_size(DESKTOP)

    # A.4 changed, through its link.
    rework.get_by_role("link", name=f"A.4 {titles['A.4']}").click()
    expect(lead).to_have_url(f"/assessments/{pk}/sections/group-a/#s-A_4")
    slot = lead.locator("#s-A_4")
    expect(slot.get_by_test_id("verdict")).to_have_text(f"Not accepted by the assessor: {WHY_A_4}")
    slot.locator("textarea").first.fill(FIX_A_4)
    slot.get_by_label("Partially met", exact=True).check()
    expect(lead.locator("#s-A_4-state")).to_contain_text("Saved at")
    expect(lead.get_by_test_id("live-stage")).to_have_text("4")
    lead.reload()
    expect(lead.locator("#s-A_4").get_by_test_id("rework-mark")).to_contain_text("Changed")
    expect(lead.get_by_test_id("rework-summary")).to_have_text(
        "The assessor did not accept 2 answers; 1 still to do."
    )
    axe_clean(lead, "a section page with a changed rework answer")

    # 4.4 kept, and the assessor answered in its thread.
    lead.get_by_test_id("rework-list").get_by_role("link", name=f"4.4 {titles['4.4']}").click()
    expect(lead).to_have_url(f"/assessments/{pk}/sections/stage-4/#s-4_4")
    thread = lead.locator(f"#thread-{answer_4_4.pk}")
    thread.get_by_label("Message to the assessor").fill(REPLY_4_4)
    thread.get_by_role("button", name="Send").click()
    expect(thread.get_by_test_id("thread-message")).to_have_count(1)
    expect(thread.get_by_test_id("thread-message")).to_contain_text(REPLY_4_4)
    expect(thread.locator(".thread-status")).to_have_text("Your message is sent.")
    expect(lead.locator("#s-4_4").get_by_test_id("rework-mark")).to_contain_text("Answered")
    axe_clean(lead, "the thread with the lead's reply")
    assert list(AnswerMessage.objects.values_list("answer_id", "author__username", "body")) == [
        (answer_4_4.pk, "leo", REPLY_4_4)
    ]
    assert sent()[2:] == [(["ada@example.org"], f"Message on 4.4: {SUBJECT}")]

    # 6. The lead resubmits, confirming: stage 4 now (Group A is no longer met).
    assert submit(lead, assessment, 4) == [
        "Submit the assessment with stage 4? The answers become read-only."
    ]
    assert sent()[3:] == [(["ada@example.org"], f"Assessment resubmitted: {SUBJECT}")]

    # 7. The assessor reads the reply and finds the changed answer with the filter.
    assessor.goto(link_after(3, "Review it here:"))
    expect(assessor).to_have_url(review_url)
    assessor.get_by_role("button", name="Start the review").click()
    expect(assessor.get_by_test_id("review-status")).to_have_text("In review")
    reply = assessor.locator(f"#thread-{answer_4_4.pk}").get_by_test_id("thread-message")
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text("Leo Lead")
    expect(reply.locator(".thread-body")).to_have_text(REPLY_4_4)
    axe_clean(assessor, "the review page of the resubmission")
    assessor.get_by_label("Show").select_option(label="Changed since my verdict")
    assessor.get_by_role("button", name="Filter", exact=True).click()
    expect(assessor).to_have_url(f"{review_url}?show=changed")
    expect(items(assessor)).to_have_count(1)
    changed = item(assessor, "A.4")
    expect(changed).to_contain_text("Partially met")
    expect(changed).to_contain_text(FIX_A_4)
    expect(changed).to_contain_text("changed since the verdict")
    axe_clean(assessor, "the review filtered to changed answers")
    changed.get_by_label("Comment for the organization").fill("")
    changed.get_by_role("radio", name="Accepted", exact=True).check()
    expect(changed.get_by_test_id("verdict-state")).to_contain_text("Saved at")

    assessor.get_by_role("link", name="Show every answer").click()
    expect(items(assessor)).to_have_count(37)
    kept = item(assessor, "4.4")
    kept.get_by_label("Comment for the organization").fill("The usage report convinces.")
    kept.get_by_role("radio", name="Accepted", exact=True).check()
    expect(kept.get_by_test_id("verdict-state")).to_contain_text("Saved at")
    expect(assessor.get_by_test_id("review-verdict-count")).to_have_text(
        "37 of 37 answers have a verdict; 0 not accepted."
    )
    expect(assessor.get_by_test_id("review-accepted-stage")).to_have_text("4")
    assessor.reload()
    validate = assessor.locator("#validate-form")
    validate.get_by_label("Validated stage").select_option(label="Stage 4")
    validate.get_by_role("button", name="Validate the assessment").click()
    expect(status_message(assessor)).to_have_text("The assessment is validated at stage 4.")
    expect(assessor.get_by_test_id("review-status")).to_have_text("Validated")
    axe_clean(assessor, "the validated review page")
    assert sent()[4:] == [(["leo@example.org"], f"Assessment validated: {SUBJECT}")]
    expires = timezone.localdate() + timedelta(days=settings.DIAM_VALIDATION_VALID_DAYS)
    assessment.refresh_from_db()
    assert (
        assessment.status,
        assessment.self_assessed_stage,
        assessment.validated_stage,
        assessment.validated_by,
        assessment.expires_at,
    ) == (AssessmentStatus.VALIDATED, 4, 4, ada, expires)
    assert sorted(
        Verdict.objects.filter(answer__in=[answer_4_4, answer_a_4]).values_list(
            "answer__criterion__code", "accepted", "comment"
        )
    ) == [("4.4", True, "The usage report convinces."), ("A.4", True, "")]

    # 8. The lead sees the validated stage and every way to the next stage.
    lead.goto(link_after(4, "See the results and the assessor's findings here:"))
    expect(lead).to_have_url(f"/assessments/{pk}/results/")
    expect(lead.get_by_test_id("header-validated-stage")).to_have_text("Validated stage 4")
    expect(lead.get_by_test_id("validation").get_by_test_id("validated-stage")).to_have_text("4")
    expect(lead.get_by_text("To reach stage 5, complete any one of these 3 groups")).to_have_text(
        "To reach stage 5, complete any one of these 3 groups (the closest first):"
    )
    routes = [
        ("Group A: External image exchange and patient engagement", ["A.4"]),
        ("Group C: Analytics and personalised medicine", ["C.2"]),
        ("Group B: Clinical decision support", ["B.2", "B.3"]),
    ]
    expect(lead.get_by_test_id("results-route")).to_have_text(
        [
            re.compile(
                rf"^{group} · {len(codes)} criteri(on|a) missing:"
                + "".join(rf"\s+{re.escape(code)} {titles[code]}" for code in codes)
                + r"\s*$"
            )
            for group, codes in routes
        ]
    )
    axe_clean(lead, "the validated results page")

    # 9. The timeline, filtered to the messages, then to Group A's answers.
    lead.goto(f"/assessments/{pk}/timeline/")
    timeline_filter = lead.get_by_test_id("timeline-filter")
    timeline_filter.get_by_label("Kind of change").select_option(label="Messages")
    timeline_filter.get_by_role("button", name="Filter").click()
    expect(lead).to_have_url(f"/assessments/{pk}/timeline/?section=&person=&kind=message")
    entries = lead.get_by_test_id("timeline-entry")
    expect(entries).to_have_count(1)
    expect(entries.get_by_test_id("timeline-who")).to_have_text("Leo Lead")
    expect(entries).to_contain_text(REPLY_4_4)
    axe_clean(lead, "the timeline filtered to messages")
    timeline_filter = lead.get_by_test_id("timeline-filter")
    timeline_filter.get_by_label("Section").select_option(label="Group A")
    timeline_filter.get_by_label("Person").select_option(label="Leo Lead")
    timeline_filter.get_by_label("Kind of change").select_option(label="Answers")
    timeline_filter.get_by_role("button", name="Filter").click()
    expect(entries).to_have_count(1)
    expect(entries.get_by_test_id("timeline-who")).to_have_text("Leo Lead")
    expect(entries.get_by_test_id("timeline-change")).to_contain_text(["Partially met"])
    axe_clean(lead, "the timeline filtered to Group A's answers by the lead")
    lead.get_by_role("link", name="Show every change").click()
    expect(lead).to_have_url(f"/assessments/{pk}/timeline/")
    assert len(mail.outbox) == 5
