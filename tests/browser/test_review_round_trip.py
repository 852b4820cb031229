"""The review round trip through the real UI, each role logged in through the login form in a
browser of its own (issue 4):

the lead submits; an assessor claims the submission from the queue, challenges two answers and
requests changes; the contributor sees the two challenges, fixes one, and the lead resubmits; the
assessor starts again from the previous verdicts, accepts everything but one answer and
validates; the lead sees the validated stage below the self-assessed one, with the reason.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Locator, Page, expect

from assessments.access import ASSESSORS_GROUP
from assessments.enums import AssessmentStatus, Role
from assessments.models import Answer, Assessment, Verdict
from criteria.models import Criterion, ServiceArea
from tests.browser.conftest import screenshot
from tests.browser.test_journey import PASSWORD, log_out
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AREAS = ["radiology", "cardiology", "pathology"]
# Stages 1-4 and Group A met, Groups B and C not: self-assessed stage 5.
STATUSES = {"B.3": "not_met", "C.2": "partial"}
TITLE = "DIAM 2026"
ORGANIZATION = "St. Round Trip Hospital"
# The answers of each section (37 in all), and the section's heading.
SAVED = {"stage-1": 3, "stage-2": 4, "stage-3": 7, "stage-4": 6}
SAVED |= {"group-a": 6, "group-b": 7, "group-c": 4}
WHY_4_4 = "Mobile viewing is a pilot on two tablets in radiology: show that clinicians use it."
WHY_A_4 = "The patient portal has no upload: patients cannot share their images yet."
STRENGTHS = "One repository for all images; referrers view them from outside."
RECOMMENDATIONS = "Roll the mobile viewer out beyond radiology."
FIX_A_4 = "Patients download their images; upload comes with the portal update in 2027."


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


def log_in(page: Page, username: str, home: str = "Your organizations") -> None:
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    page.get_by_label("Username or e-mail address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(home)


def sent() -> list[tuple[list[str], str]]:
    return [(message.to, message.subject) for message in mail.outbox]


def review_item(page: Page, code: str) -> Locator:
    return page.get_by_test_id(f"review-item-{code}")


def review_section(page: Page, slug: str) -> Locator:
    return page.locator(f"#review-{slug}")


def expect_saved(page: Page, slug: str, count: int) -> None:
    """Verdicts save as they are made: no button, `count` of the section's verdicts saved."""
    states = review_section(page, slug).get_by_test_id("verdict-state")
    expect(states.filter(has_text="Saved at")).to_have_count(count)


def reject(page: Page, code: str, comment: str) -> None:
    item = review_item(page, code)
    item.get_by_label("Comment for the organization").fill(comment)
    item.get_by_role("radio", name="Not accepted", exact=True).check()


def open_assessment(page: Page) -> None:
    page.get_by_role("link", name=TITLE, exact=True).click()


def submit(page: Page, assessment: Assessment, stage: int) -> None:
    page.get_by_role("navigation", name="Survey sections").get_by_role(
        "link", name="Submit", exact=True
    ).click()
    expect(page).to_have_url(f"/assessments/{assessment.pk}/submit/")
    expect(page.get_by_test_id("submit-missing")).to_have_count(0)
    page.get_by_test_id("submit-confirm").get_by_role(
        "button", name=f"Submit with stage {stage}"
    ).click()
    expect(page).to_have_url(f"/assessments/{assessment.pk}/results/")
    expect(page.get_by_role("status").first).to_have_text(
        f"The assessment is submitted with self-assessed stage {stage}."
    )


def test_review_round_trip_through_the_browser(catalog, new_context) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name=ORGANIZATION, slug="round-trip")
    MembershipFactory(
        organization=organization,
        role=Role.LEAD,
        user=UserFactory(
            username="leo", first_name="Leo", last_name="Lead", email="leo@example.org"
        ),
    )
    MembershipFactory(
        organization=organization,
        role=Role.CONTRIBUTOR,
        user=UserFactory(
            username="carla", first_name="Carla", last_name="Contributor", email="carla@example.org"
        ),
    )
    ada = UserFactory(
        username="ada", first_name="Ada", last_name="Assessor", email="ada@example.org"
    )
    ada.groups.add(Group.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    assessment = assessment_with_areas(AREAS, organization=organization, title=TITLE)
    answer_everything(assessment)
    subject = f"{ORGANIZATION} — {TITLE}"

    # 1. The lead confirms the submission: self-assessed stage 5. Ada, the only assessor and
    # nobody's assignee yet, is told.
    lead = new_context().new_page()
    log_in(lead, "leo")
    open_assessment(lead)
    submit(lead, assessment, 5)
    assert sent() == [(["ada@example.org"], f"Assessment submitted: {subject}")]
    review_url = f"/assessments/{assessment.pk}/review/"
    assert f"{settings.DIAM_BASE_URL.rstrip('/')}{review_url}" in mail.outbox[0].body

    # 2. The assessor finds it in the queue, claims it and starts the review.
    assessor = new_context().new_page()
    log_in(assessor, "ada", home="Your reviews")
    expect(assessor.get_by_test_id("home-review-count")).to_have_text("1 assessment to review")
    assessor.get_by_role("link", name="Open the review queue").click()
    expect(assessor).to_have_url("/review/")
    rows = assessor.get_by_test_id("queue-row")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("rowheader")).to_have_accessible_name(f"{ORGANIZATION} {TITLE}")
    expect(rows.get_by_role("cell").nth(2)).to_have_text("5")  # self-assessed stage
    expect(rows.get_by_role("cell").nth(5)).to_have_text("Submitted")
    expect(rows.get_by_role("cell").nth(6)).to_have_text("nobody yet")
    screenshot(assessor, "review-1-queue")
    rows.get_by_role("button", name=f"Claim {TITLE} of {ORGANIZATION}").click()
    expect(assessor).to_have_url(review_url)
    expect(assessor.get_by_role("status").first).to_have_text(
        f"You are now the assessor of “{TITLE}”. Start the review when you are ready."
    )
    expect(assessor.get_by_test_id("review-status")).to_have_text("Submitted")
    expect(assessor.get_by_role("radio")).to_have_count(0)  # no verdicts before the start
    assessor.get_by_role("button", name="Start the review").click()
    expect(assessor.get_by_role("status").first).to_have_text(
        "The review has started: record a verdict on each answer."
    )
    expect(assessor.get_by_test_id("review-status")).to_have_text("In review")
    expect(assessor.get_by_test_id("review-self-stage")).to_have_text("5")
    expect(assessor.get_by_test_id("review-accepted-stage")).to_have_text("0")
    expect(assessor.get_by_test_id("review-verdict-count")).to_have_text(
        "0 of 37 answers have a verdict; 0 not accepted."
    )

    # Meanwhile the members see no verdict and cannot change anything.
    lead.goto(f"/assessments/{assessment.pk}/results/")
    expect(lead.locator("main .badge.text-bg-secondary").first).to_have_text("In review")
    expect(lead.get_by_test_id("results-verdicts")).to_have_count(0)

    # 3. Section by section, every answer accepted except 4.4 and A.4; then changes requested.
    rejected = {"stage-4": ("4.4", WHY_4_4), "group-a": ("A.4", WHY_A_4)}
    for slug, count in SAVED.items():
        section = review_section(assessor, slug)
        radios = section.get_by_role("radio", name="Accepted", exact=True)
        expect(radios).to_have_count(count)
        for index in range(count):
            radios.nth(index).check()
        if slug in rejected:
            reject(assessor, *rejected[slug])
            screenshot(assessor, f"review-2-verdicts-{slug}")
        expect_saved(assessor, slug, count)
    expect(assessor.get_by_test_id("review-verdict-count")).to_have_text(
        "37 of 37 answers have a verdict; 2 not accepted."
    )
    # 4.4 not accepted: stage 4 is not held (Group A met without stage 4 does not count).
    expect(assessor.get_by_test_id("review-accepted-stage")).to_have_text("3")
    expect(
        assessor.get_by_test_id("review-accepted-blocking").get_by_role("listitem")
    ).to_have_text([f"4.4 {Criterion.objects.get(catalog=catalog, code='4.4').title}"])
    assessor.get_by_role("button", name="Request changes").click()
    expect(assessor.get_by_role("status").first).to_have_text(
        "Changes are requested: the organization sees the answers you did not accept."
    )
    expect(assessor.get_by_test_id("review-status")).to_have_text("Changes requested")
    expect(assessor.get_by_test_id("no-decision")).to_have_text(
        "Changes were requested: the organization is updating its answers. "
        "The review resumes when the lead resubmits."
    )
    screenshot(assessor, "review-3-changes-requested")
    assert sent()[1:] == [(["leo@example.org"], f"Changes requested: {subject}")]
    assert "2 answers were not accepted: the assessor's comments say why." in (
        mail.outbox[1].body.splitlines()
    )
    assert list(
        Verdict.objects.filter(answer__assessment=assessment, accepted=False)
        .order_by("answer__criterion__order")
        .values_list("answer__criterion__code", "comment")
    ) == [("4.4", WHY_4_4), ("A.4", WHY_A_4)]

    # 4. The contributor sees the two challenges and changes one of them.
    contributor = new_context().new_page()
    log_in(contributor, "carla")
    open_assessment(contributor)
    contributor.get_by_role("navigation", name="Survey sections").get_by_role(
        "link", name="Results", exact=True
    ).click()
    challenged = contributor.get_by_test_id("results-verdicts")
    expect(challenged.get_by_role("heading")).to_have_text("Answers the assessor did not accept")
    expect(challenged.get_by_test_id("verdict-row")).to_have_count(2)
    expect(challenged.get_by_test_id("verdict-row").nth(0)).to_contain_text(WHY_4_4)
    expect(challenged.get_by_test_id("verdict-row").nth(1)).to_contain_text(WHY_A_4)
    screenshot(contributor, "review-4-contributor-challenges")

    challenged.get_by_role("link", name="4.4").click()
    expect(contributor).to_have_url(f"/assessments/{assessment.pk}/sections/stage-4/#s-4_4")
    expect(contributor.get_by_role("status").first).to_have_text(
        "The assessor asked for changes: only the answers that were not accepted can be changed. "
        "The lead resubmits when they are done."
    )
    expect(contributor.locator("#s-4_4 [data-testid=verdict]")).to_have_text(
        f"Not accepted by the assessor: {WHY_4_4}"
    )
    expect(contributor.locator("#s-4_4 input[type=radio]")).to_have_count(3)
    # Accepted answers are read-only, with their verdict.
    expect(contributor.locator("#s-4_1 [data-testid=verdict]")).to_have_text(
        "Accepted by the assessor"
    )
    expect(contributor.locator("#s-4_1")).to_contain_text("Answer: Met")
    expect(contributor.locator("#s-4_1 input, #s-4_1 textarea")).to_have_count(0)
    expect(contributor.locator("main input[type=radio]")).to_have_count(3)  # 4.4 only
    screenshot(contributor, "review-5-contributor-stage-4")

    contributor.get_by_role("link", name="Group A →").click()
    expect(contributor).to_have_url(f"/assessments/{assessment.pk}/sections/group-a/")
    expect(contributor.locator("#s-A_4 [data-testid=verdict]")).to_have_text(
        f"Not accepted by the assessor: {WHY_A_4}"
    )
    expect(contributor.locator("#s-A_3 input, #s-A_3 textarea")).to_have_count(0)
    a_4 = contributor.locator("#s-A_4")
    a_4.locator("textarea").fill(FIX_A_4)
    a_4.get_by_label("Partially met", exact=True).check()
    expect(contributor.locator("#s-A_4-state")).to_contain_text("Saved at")
    expect(contributor.get_by_test_id("live-stage")).to_have_text("4")
    screenshot(contributor, "review-6-contributor-fixed")
    log_out(contributor, "Carla Contributor")
    a_4_answer = Answer.objects.get(assessment=assessment, criterion__code="A.4")
    assert (a_4_answer.status, a_4_answer.comment) == ("partial", FIX_A_4)
    assert Answer.objects.get(assessment=assessment, criterion__code="4.4").status == "met"

    # 5. The lead resubmits: self-assessed stage 4 now (Group A is no longer met).
    lead.goto(f"/assessments/{assessment.pk}/submit/")
    expect(lead.get_by_test_id("submit-changes-requested")).to_be_visible()
    submit(lead, assessment, 4)
    assert sent()[2:] == [(["ada@example.org"], f"Assessment resubmitted: {subject}")]

    # 6. The assessor reviews again, from the previous verdicts.
    assessor.goto("/review/")
    expect(assessor.get_by_test_id("queue-row").get_by_role("cell").nth(6)).to_have_text(
        "Ada Assessor"
    )
    assessor.get_by_role("link", name=f"Review {TITLE} of {ORGANIZATION}").click()
    expect(assessor).to_have_url(review_url)
    assessor.get_by_role("button", name="Start the review").click()
    expect(assessor.get_by_test_id("review-status")).to_have_text("In review")
    expect(assessor.get_by_test_id("review-self-stage")).to_have_text("4")
    expect(assessor.get_by_test_id("review-verdict-count")).to_have_text(
        "37 of 37 answers have a verdict; 2 not accepted."
    )
    item_4_4 = review_item(assessor, "4.4")
    expect(item_4_4.get_by_role("radio", name="Not accepted", exact=True)).to_be_checked()
    expect(item_4_4.get_by_label("Comment for the organization")).to_have_value(WHY_4_4)
    item_a_4 = review_item(assessor, "A.4")
    expect(item_a_4).to_contain_text("Partially met")
    expect(item_a_4).to_contain_text(FIX_A_4)
    expect(item_a_4).to_contain_text("changed since the verdict")
    expect(item_a_4.get_by_role("radio", name="Not accepted", exact=True)).to_be_checked()
    expect(
        review_item(assessor, "A.3").get_by_role("radio", name="Accepted", exact=True)
    ).to_be_checked()
    screenshot(assessor, "review-7-round-2")
    item_a_4.get_by_label("Comment for the organization").fill("Partially met is right.")
    item_a_4.get_by_role("radio", name="Accepted", exact=True).check()
    expect_saved(assessor, "group-a", 1)
    expect(assessor.get_by_test_id("review-verdict-count")).to_have_text(
        "37 of 37 answers have a verdict; 1 not accepted."
    )
    expect(assessor.get_by_test_id("review-accepted-stage")).to_have_text("3")

    # Overall findings, shown to the organization once validated.
    findings = assessor.locator("#review-findings")
    findings.get_by_label("Strengths").fill(STRENGTHS)
    findings.get_by_label("Recommendations").fill(RECOMMENDATIONS)
    findings.get_by_role("button", name="Save the findings").click()
    expect(assessor.get_by_role("status").first).to_have_text("The findings are saved.")

    # A lower stage without a reason is refused, and nothing changes.
    validate = assessor.locator("#validate-form")
    validate.get_by_label("Validated stage").select_option(label="Stage 2")
    validate.get_by_role("button", name="Validate the assessment").click()
    expect(assessor.get_by_role("alert").first).to_have_text(
        "Give a reason for validating a stage below stage 3, the stage the accepted answers "
        "justify."
    )
    expect(assessor.get_by_test_id("review-status")).to_have_text("In review")
    screenshot(assessor, "review-8-validate-refused")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.validated_stage) == (AssessmentStatus.IN_REVIEW, None)

    # Validated at the stage of the accepted answers.
    validate = assessor.locator("#validate-form")
    validate.get_by_label("Validated stage").select_option(label="Stage 3")
    validate.get_by_role("button", name="Validate the assessment").click()
    expect(assessor.get_by_role("status").first).to_have_text(
        "The assessment is validated at stage 3."
    )
    expect(assessor.get_by_test_id("review-status")).to_have_text("Validated")
    expect(assessor.get_by_test_id("validated-stage")).to_have_text("3")
    screenshot(assessor, "review-9-validated")
    assert sent()[3:] == [(["leo@example.org"], f"Assessment validated: {subject}")]
    expires = timezone.localdate() + timedelta(days=settings.DIAM_VALIDATION_VALID_DAYS)
    assessment.refresh_from_db()
    assert (
        assessment.status,
        assessment.self_assessed_stage,
        assessment.validated_stage,
        assessment.validated_by,
        assessment.validation_reason,
        assessment.expires_at,
    ) == (AssessmentStatus.VALIDATED, 4, 3, ada, "", expires)

    # 7. The lead sees the validated stage beside the self-assessed one, why, and until when.
    lead.goto("/")
    open_assessment(lead)
    lead.get_by_role("navigation", name="Survey sections").get_by_role(
        "link", name="Results", exact=True
    ).click()
    expect(lead).to_have_url(f"/assessments/{assessment.pk}/results/")
    expect(lead.get_by_test_id("header-validated-stage")).to_have_text("Validated stage 3")
    validation = lead.get_by_test_id("validation")
    expect(validation.get_by_test_id("validated-stage")).to_have_text("3")
    expect(validation.get_by_test_id("validation-self-stage")).to_have_text("4")
    expect(validation.get_by_test_id("validation-expires")).to_have_text(
        date_format(expires, "DATE_FORMAT")
    )
    expect(validation).to_contain_text("Ada Assessor")
    findings = lead.get_by_test_id("results-findings")
    expect(findings.get_by_test_id("findings-strengths")).to_have_text(STRENGTHS)
    expect(findings.get_by_test_id("findings-recommendations")).to_have_text(RECOMMENDATIONS)
    verdicts = lead.get_by_test_id("results-verdicts")
    expect(verdicts.get_by_role("heading")).to_have_text("The assessor’s verdicts")
    expect(verdicts.get_by_test_id("verdict-row")).to_have_count(37)
    not_accepted = verdicts.get_by_test_id("verdict-row").filter(has_text="Not accepted")
    expect(not_accepted).to_have_count(1)
    expect(not_accepted.get_by_role("cell")).to_have_text(["—", "Met", "Not accepted", WHY_4_4])
    screenshot(lead, "review-10-lead-results")
    # Read-only for everyone: no inputs on a section page.
    lead.goto(f"/assessments/{assessment.pk}/sections/group-a/")
    expect(lead.locator("main input[type=radio], main textarea")).to_have_count(0)
    assert len(mail.outbox) == 4
