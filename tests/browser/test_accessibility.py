"""axe on every page of the survey, in English, German and French: no violation at any impact.

Each case names the page, who looks at it (the role that normally uses it) and, where needed, the
steps that bring the page into a particular state (a conflict, a validation error).

The language comes from the `django_language` cookie, as the footer's chooser would set it. The
steps find their elements by ids, names and values, never by visible text, and compare messages
with their translation. One test per setup: its data is built once, then each language gets a
browser context per user whose page visits the setup's cases in turn (a fresh page after a case
that changed its page). The 71 states in three languages are 213 axe runs, but 9 data builds.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import Invitation
from assessments.access import ASSESSORS_GROUP
from assessments.enums import AssessmentStatus, Role
from assessments.evidence.services import evidence_add
from assessments.lifecycle import assessment_transition
from assessments.models import Answer, Assessment, Organization, Verdict
from assessments.review.services import VerdictInput, findings_update, verdicts_record
from assignments.services import section_assignment_save
from criteria.models import Criterion, ServiceArea
from discussions.enums import Side
from discussions.services import answer_message_post
from plans.models import ImprovementPlan, PlanItem
from reports.models import ExportJob
from reports.tasks import scorecards_export_request
from tests.accounts.factories import InvitationFactory
from tests.benchmarks.factories import stored_result
from tests.browser.axe import axe_violations
from tests.browser.conftest import log_in
from tests.browser.test_journey import minimal_pdf
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)
from tests.history.factories import at, history_assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AREAS = ["radiology", "cardiology", "pathology"]
SECTIONS = ["stage-1", "stage-2", "stage-3", "stage-4", "group-a", "group-b", "group-c"]
LANGUAGES = ["en", "de", "fr"]


@dataclass
class Survey:
    organization: Organization
    lead: Any
    contributor: Any
    draft: Assessment  # partly answered, with evidence
    complete: Assessment  # every required answer given, still a draft
    submitted: Assessment
    invitation: Invitation
    # The review's pages (add_reviews): only the cases that need them pay for them.
    assessor: Any = None
    staff: Any = None
    in_review: Assessment | None = None  # some verdicts recorded, one not accepted
    returned: Assessment | None = None  # changes requested on two answers
    validated: Assessment | None = None  # below the accepted stage, with a reason and findings
    job: ExportJob | None = None  # a finished scorecards ZIP


def answer_all(assessment: Assessment) -> None:
    areas = {a.code: a for a in ServiceArea.objects.filter(code__in=AREAS)}
    for criterion in Criterion.objects.filter(catalog=assessment.catalog, required=True).exclude(
        scope="baseline"
    ):
        for code in AREAS if criterion.scope == "area" else [None]:
            AnswerFactory(
                assessment=assessment,
                criterion=criterion,
                service_area=areas[code] if code else None,
                status="met",
            )


@pytest.fixture
def survey(catalog) -> Survey:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="Axe General Hospital", slug="axe-general")
    lead = MembershipFactory(
        organization=organization,
        role=Role.LEAD,
        user=UserFactory(username="lena", first_name="Lena", last_name="Lead"),
    ).user
    contributor = MembershipFactory(
        organization=organization,
        role=Role.CONTRIBUTOR,
        user=UserFactory(username="colin", first_name="Colin", last_name="Contributor"),
    ).user
    draft = assessment_with_areas(AREAS, organization=organization, title="Draft 2026")
    criteria = {c.code: c for c in Criterion.objects.filter(catalog=catalog)}
    radiology = ServiceArea.objects.get(code="radiology")
    AnswerFactory(
        assessment=draft, criterion=criteria["1.1"], service_area=radiology, comment="PACS"
    )
    AnswerFactory(assessment=draft, criterion=criteria["2.1"], service_area=radiology)
    with_file = AnswerFactory(
        assessment=draft, criterion=criteria["2.2"], status="partial", updated_by=lead
    )
    evidence_add(
        answer=with_file,
        upload=SimpleUploadedFile("policy.pdf", minimal_pdf(), content_type="application/pdf"),
        user=lead,
    )
    AnswerFactory(assessment=draft, criterion=criteria["3.1"], status="not_met")
    complete = assessment_with_areas(AREAS, organization=organization, title="Complete 2026")
    answer_all(complete)
    submitted = assessment_with_areas(
        AREAS,
        organization=organization,
        title="Submitted 2025",
        status=AssessmentStatus.SUBMITTED,
        self_assessed_stage=7,
    )
    answer_all(submitted)
    invitation = InvitationFactory(
        organization=organization, email="newcomer@example.org", invited_by=lead
    )
    return Survey(organization, lead, contributor, draft, complete, submitted, invitation)


def translated(page: Page, message: str) -> str:
    """The message in the page's language (its <html lang>), as the page shows it."""
    with translation.override(page.locator("html").get_attribute("lang")):
        return gettext(message)


def make_conflict(page: Page, survey: Survey) -> None:
    """A colleague saves 2.2 after this page was loaded; this user's change then conflicts."""
    Answer.objects.filter(assessment=survey.draft, criterion__code="2.2").update(
        status="met", version=F("version") + 1
    )
    page.locator("#s-2_2 input[type=radio][value=not_met]").check()
    expect(page.locator("#s-2_2-conflict")).to_contain_text(
        translated(page, "A colleague changed this answer while you were editing.")
    )


def make_closed(page: Page, survey: Survey) -> None:
    """The assessment is submitted while this page is open; a change then says why it is lost.
    The draft is a draft again afterwards, for the next cases (the page keeps what it shows)."""
    Assessment.objects.filter(pk=survey.draft.pk).update(status=AssessmentStatus.SUBMITTED)
    # click(), not check(): the page reverts the radio, and check() would retry.
    page.locator("#s-2_2 input[type=radio][value=not_met]").click()
    expect(page.locator("#s-2_2-state")).to_contain_text(
        translated(page, "This assessment was submitted; your change was not saved.")
    )
    Assessment.objects.filter(pk=survey.draft.pk).update(status=AssessmentStatus.DRAFT)


def make_validation_error(page: Page, survey: Survey) -> None:
    """A comment without a status, saved with the section's Save button."""
    page.locator("#s-1_1-pathology textarea").fill("Comment, but no status")
    page.locator("button[type=submit][form=section-form]").click()
    expect(page.locator("#s-1_1-pathology-errors")).to_have_text(
        translated(page, "Choose a status before saving a comment.") + " "
    )


def open_all_details(page: Page, survey: Survey) -> None:
    """Guidance and evidence forms are folded away; axe checks contrast of visible content only."""
    lazy_panels = page.locator("main .evidence[hx-get]").count()
    closed = page.locator("main details:not([open]) > summary")
    while closed.count():
        closed.first.click()
    expect(page.locator("main details[open]")).not_to_have_count(0)
    if lazy_panels:
        # The upload forms of a section page arrive when their evidence panel opens.
        expect(page.locator("main .evidence[hx-get]")).to_have_count(0)
        expect(page.locator("main input[type=file]")).not_to_have_count(0)


def fail_login(page: Page, survey: Survey) -> None:
    page.locator("input[name=username]").fill("nobody")
    page.locator("input[name=password]").fill("wrong")
    page.locator("main form [type=submit]").click()
    expect(page.locator("main [role=alert]")).to_be_visible()


def open_user_menu(page: Page, survey: Survey) -> None:
    page.get_by_role("button", name="Colin Contributor").click()
    expect(page.locator("form[action$='/logout/'] button")).to_be_visible()


def answer_and_submit(survey: Survey, title: str, statuses: dict[str, str]) -> Assessment:
    """A fully answered assessment submitted by the lead, claimed by the assessor, in review."""
    assessment = assessment_with_areas(AREAS, organization=survey.organization, title=title)
    answer_all(assessment)
    for code, status in statuses.items():
        Answer.objects.filter(assessment=assessment, criterion__code=code).update(status=status)
    for action, user in (("submit", survey.lead), ("claim", survey.assessor)):
        assessment_transition(assessment=assessment, action=action, user=user, now=timezone.now())
    return assessment_transition(
        assessment=assessment, action="start_review", user=survey.assessor, now=timezone.now()
    )


def record_verdicts(
    survey: Survey, assessment: Assessment, rejected: dict[str, str], *, only: set[str] | None
) -> None:
    """Verdicts on the answers (of the criteria in `only`, or all): accepted, except `rejected`
    (criterion code -> comment)."""
    answers = Answer.objects.filter(assessment=assessment).select_related("criterion")
    verdicts_record(
        assessment=assessment,
        assessor=survey.assessor,
        verdicts=[
            VerdictInput(
                answer=answer,
                accepted=answer.criterion.code not in rejected,
                comment=rejected.get(answer.criterion.code, ""),
            )
            for answer in answers
            if only is None or answer.criterion.code in only
        ],
    )


def add_reviews(survey: Survey) -> None:
    """An assessor and an admin; an assessment in review, one returned with changes requested,
    and one validated below its accepted stage, with a reason and findings."""
    survey.assessor = UserFactory(username="astrid", first_name="Astrid", last_name="Assessor")
    survey.assessor.groups.add(Group.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    survey.staff = UserFactory(username="sam", first_name="Sam", last_name="Staff", is_staff=True)
    now = timezone.now()

    survey.in_review = answer_and_submit(survey, "In review 2026", {"B.3": "not_met"})
    record_verdicts(
        survey,
        survey.in_review,
        {"2.2": "The import policy is a draft: show the signed version."},
        only={"1.1", "2.1", "2.2"},
    )

    returned = answer_and_submit(survey, "Returned 2026", {"C.2": "partial"})
    record_verdicts(
        survey,
        returned,
        {"3.1": "No governance minutes were attached.", "A.3": "The portal is a pilot."},
        only=None,
    )
    survey.returned = assessment_transition(
        assessment=returned, action="request_changes", user=survey.assessor, now=now
    )

    validated = answer_and_submit(survey, "Validated 2025", {"C.2": "partial"})
    record_verdicts(survey, validated, {"B.3": "Alerts are not wired yet."}, only=None)
    findings_update(
        assessment=validated,
        strengths="A single repository for every image.\nReferrers view images online.",
        recommendations="Wire the structured reports to the alerting system.",
        user=survey.assessor,
    )
    survey.validated = assessment_transition(
        assessment=validated,
        action="validate",
        user=survey.assessor,
        now=now,
        stage=3,
        reason="The mobile viewer is a pilot: stages 4 and 5 are confirmed at the next visit.",
    )


def add_job(survey: Survey) -> None:
    """The reviews, and a finished scorecards ZIP of the validated assessment."""
    add_reviews(survey)
    assert survey.validated is not None
    survey.job = scorecards_export_request(
        user=survey.staff, assessment_ids=[survey.validated.pk], filters={"status": "validated"}
    )


def add_threads(survey: Survey) -> None:
    """The reviews, and a conversation on a challenged answer of the returned assessment."""
    add_reviews(survey)
    answer = Answer.objects.get(assessment=survey.returned, criterion__code="3.1")
    for author, side, body in (
        (survey.assessor, Side.ASSESSOR, "Which committee approved the strategy?"),
        (survey.lead, Side.ORGANIZATION, "The board, in May; the minutes are attached now."),
    ):
        answer_message_post(answer=answer, author=author, body=body, side=side)


def make_thread_error(page: Page, survey: Survey) -> None:
    """An empty reply, sent: refused beside the box."""
    thread = page.get_by_test_id("thread").first
    thread.locator(".thread-compose button").click()
    expect(thread.locator(".thread-compose button")).to_be_visible()
    expect(page.get_by_test_id("thread").first).to_contain_text(
        translated(page, "Write a message before sending it.")
    )
    # The new Send button appeared under the pointer: let its hover transition end, as a reader's
    # eyes would, before axe measures its colours.
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)


def assign(survey: Survey) -> None:
    """Two sections of the draft assigned to the contributor, one of them overdue."""
    for section, due_date in (("stage-2", date(2000, 1, 31)), ("group-a", date(2099, 6, 30))):
        section_assignment_save(
            assessment=survey.draft,
            section=section,
            assignee=survey.contributor,
            due_date=due_date,
            assigned_by=survey.lead,
            today=date(2000, 1, 1),
        )


def make_verdict_error(page: Page, survey: Survey) -> None:
    """ "Not accepted" without a comment: the autosave waits for the comment and says so."""
    item = page.get_by_test_id("review-item-1.1-radiology")
    item.locator("textarea").fill("")
    item.locator("input[type=radio][value=not_accepted]").check()
    expect(page.get_by_test_id("review-item-1.1-radiology")).to_contain_text(
        translated(page, "Say why the answer is not accepted: a comment is required.")
    )


def make_verdict_conflict(page: Page, survey: Survey) -> None:
    """Another assessor changed the verdict after the page was loaded: both are shown. The
    verdict is as before afterwards, for the next cases (the page keeps what it shows)."""
    item = page.get_by_test_id("review-item-2.2")
    verdict = Verdict.objects.filter(
        answer__assessment=survey.in_review, answer__criterion__code="2.2"
    )
    before = verdict.values("accepted", "comment").get()
    verdict.update(accepted=True, comment="", version=F("version") + 1)
    item.locator("textarea").fill("Signed since.")
    item.locator("input[type=radio][value=accepted]").check()
    expect(item.get_by_test_id("verdict-conflict")).to_be_visible()
    # The comment's own autosave follows 1.2 s after its input: let it end before writing to the
    # database the live server shares (SQLite refuses a write while it reads: "table is locked").
    page.wait_for_timeout(1300)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    verdict.update(**before, version=F("version") + 1)


def make_validate_error(page: Page, survey: Survey) -> None:
    """A stage below the accepted one, without a reason, while answers lack a verdict."""
    form = page.locator("#validate-form")
    form.locator("select").select_option("0")
    form.locator("[type=submit]").click()
    expect(page.get_by_role("alert").first).not_to_be_empty()


@dataclass(frozen=True)
class Case:
    id: str
    who: str  # "lead", "contributor", "assessor", "staff" or "anonymous"
    url: Callable[[Survey], str]
    then: Callable[[Page, Survey], None] | None = None
    setup: Callable[[Survey], None] | None = None  # more data, before the page opens


def review_case(
    id: str,
    who: str,
    url: Callable[[Survey], str],
    then: Callable[[Page, Survey], None] | None = None,
) -> Case:
    return Case(id, who, url, then, setup=add_reviews)


def pk(survey: Survey, name: str) -> int:
    assessment = getattr(survey, name)
    assert assessment is not None
    return int(assessment.pk)


def section_url(assessment: str, slug: str) -> Callable[[Survey], str]:
    return lambda s: f"/assessments/{getattr(s, assessment).pk}/sections/{slug}/"


def add_plan(survey: Survey) -> None:
    """Target stage 7 with two items: 2.2 owned and due, 1.1 in radiology (met: Mark done)."""
    plan = ImprovementPlan.objects.create(
        organization=survey.draft.organization, target_stage=7, target_date=date(2030, 6, 30)
    )
    criteria = {c.code: c for c in Criterion.objects.filter(catalog=survey.draft.catalog)}
    PlanItem.objects.create(
        plan=plan, criterion=criteria["2.2"], owner=survey.contributor, due_date=date(2030, 3, 31)
    )
    PlanItem.objects.create(
        plan=plan,
        criterion=criteria["1.1"],
        service_area=ServiceArea.objects.get(code="radiology"),
        order=1,
    )


def add_peers(survey: Survey) -> None:
    stored_result(survey.organization, stage=4)
    for stage in (2, 3, 4, 5, 6):
        stored_result(stage=stage)


def add_history(survey: Survey) -> None:
    """Two earlier assessments with stored results, one validated, with answers that changed."""
    old = history_assessment(
        survey.organization,
        title="DIAM 2023",
        submitted_at=at(2023, 3, 1),
        stage=3,
        validated_at=at(2023, 5, 2),
        validated_stage=2,
        criteria={"1.1": True, "2.1": False},
        areas={("1.1", "radiology"): "met", ("1.1", "cardiology"): "not_met"},
    )
    AnswerFactory(assessment=old, criterion=Criterion.objects.get(code="2.1"), status="partial")
    history_assessment(
        survey.organization,
        title="DIAM 2025",
        submitted_at=at(2025, 2, 3),
        stage=4,
        criteria={"1.1": True, "2.1": True},
        areas={("1.1", "radiology"): "met", ("1.1", "cardiology"): "met"},
    )


def compare_url(survey: Survey) -> str:
    ids = Assessment.objects.filter(title__in=["DIAM 2023", "DIAM 2025"]).order_by("title")
    a, b = (assessment.pk for assessment in ids)
    return f"/organizations/axe-general/compare/?a={a}&b={b}"


def add_reviews_and_peers(survey: Survey) -> None:
    add_reviews(survey)  # makes the staff user, and assessments in every state
    add_peers(survey)


CASES = [
    Case("home-lead", "lead", lambda s: "/"),
    Case("home-contributor-menu", "contributor", lambda s: "/", open_user_menu),
    *[Case(f"section-{slug}", "contributor", section_url("draft", slug)) for slug in SECTIONS],
    Case(
        "section-details-open",
        "contributor",
        section_url("draft", "stage-2"),
        open_all_details,
    ),
    Case("section-conflict", "contributor", section_url("draft", "stage-2"), make_conflict),
    Case("section-closed", "contributor", section_url("draft", "stage-2"), make_closed),
    Case(
        "section-validation-error",
        "contributor",
        section_url("draft", "stage-1"),
        make_validation_error,
    ),
    Case("section-read-only", "contributor", section_url("submitted", "stage-3")),
    Case("results-draft", "contributor", lambda s: f"/assessments/{s.draft.pk}/results/"),
    Case(
        "results-table-open",
        "contributor",
        lambda s: f"/assessments/{s.draft.pk}/results/",
        open_all_details,
    ),
    Case("results-submitted", "lead", lambda s: f"/assessments/{s.submitted.pk}/results/"),
    Case("submit-missing", "lead", lambda s: f"/assessments/{s.draft.pk}/submit/"),
    Case("submit-confirm", "lead", lambda s: f"/assessments/{s.complete.pk}/submit/"),
    Case("submit-done", "lead", lambda s: f"/assessments/{s.submitted.pk}/submit/"),
    Case("submit-contributor", "contributor", lambda s: f"/assessments/{s.draft.pk}/submit/"),
    Case("organization-profile", "lead", lambda s: f"/organizations/{s.organization.slug}/"),
    Case(
        "organization-members", "lead", lambda s: f"/organizations/{s.organization.slug}/members/"
    ),
    Case(
        "assessment-new",
        "lead",
        lambda s: f"/organizations/{s.organization.slug}/assessments/new/",
    ),
    Case("assessment-areas", "lead", lambda s: f"/assessments/{s.draft.pk}/areas/"),
    Case("login", "anonymous", lambda s: "/accounts/login/"),
    Case("login-error", "anonymous", lambda s: "/accounts/login/", fail_login),
    Case("password-change", "contributor", lambda s: "/accounts/password/change/"),
    Case("password-reset", "anonymous", lambda s: "/accounts/password/reset/"),
    Case("invitation-new", "lead", lambda s: f"/accounts/invitations/new/{s.organization.slug}/"),
    Case(
        "invitation-accept",
        "anonymous",
        lambda s: f"/accounts/invitations/{s.invitation.token}/",
    ),
    Case("invitation-unknown", "anonymous", lambda s: "/accounts/invitations/no-such-token/"),
    # The review (assessors and admins), and what the organization sees of it.
    review_case("home-assessor", "assessor", lambda s: "/"),
    review_case("review-queue-assessor", "assessor", lambda s: "/review/"),
    review_case("review-queue-staff", "staff", lambda s: "/review/"),
    review_case(
        "review-in-review", "assessor", lambda s: f"/assessments/{pk(s, 'in_review')}/review/"
    ),
    review_case(
        "review-verdict-error",
        "assessor",
        lambda s: f"/assessments/{pk(s, 'in_review')}/review/",
        make_verdict_error,
    ),
    review_case(
        "review-verdict-conflict",
        "assessor",
        lambda s: f"/assessments/{pk(s, 'in_review')}/review/",
        make_verdict_conflict,
    ),
    review_case(
        "review-filter-without-verdict",
        "assessor",
        lambda s: f"/assessments/{pk(s, 'in_review')}/review/?show=without",
    ),
    review_case(
        "review-claimable", "assessor", lambda s: f"/assessments/{pk(s, 'submitted')}/review/"
    ),
    review_case(
        "review-validate-error",
        "assessor",
        lambda s: f"/assessments/{pk(s, 'in_review')}/review/",
        make_validate_error,
    ),
    review_case(
        "review-details-open",
        "assessor",
        lambda s: f"/assessments/{pk(s, 'in_review')}/review/",
        open_all_details,
    ),
    review_case("review-staff", "staff", lambda s: f"/assessments/{pk(s, 'in_review')}/review/"),
    review_case(
        "review-changes-requested",
        "assessor",
        lambda s: f"/assessments/{pk(s, 'returned')}/review/",
    ),
    review_case(
        "review-validated", "assessor", lambda s: f"/assessments/{pk(s, 'validated')}/review/"
    ),
    Case(
        "section-rework-thread",
        "lead",
        lambda s: f"/assessments/{pk(s, 'returned')}/sections/stage-3/",
        setup=add_threads,
    ),
    Case(
        "section-rework-thread-error",
        "contributor",
        lambda s: f"/assessments/{pk(s, 'returned')}/sections/stage-3/",
        make_thread_error,
        setup=add_threads,
    ),
    Case(
        "review-thread",
        "assessor",
        lambda s: f"/assessments/{pk(s, 'returned')}/review/",
        setup=add_threads,
    ),
    review_case(
        "section-changes-requested",
        "contributor",
        lambda s: f"/assessments/{pk(s, 'returned')}/sections/stage-3/",
    ),
    review_case(
        "results-changes-requested",
        "contributor",
        lambda s: f"/assessments/{pk(s, 'returned')}/results/",
    ),
    review_case(
        "results-validated", "lead", lambda s: f"/assessments/{pk(s, 'validated')}/results/"
    ),
    review_case(
        "section-validated",
        "lead",
        lambda s: f"/assessments/{pk(s, 'validated')}/sections/group-b/",
    ),
    review_case(
        "timeline-member",
        "contributor",
        lambda s: f"/assessments/{pk(s, 'validated')}/timeline/",
    ),
    Case("timeline-draft", "contributor", lambda s: f"/assessments/{s.draft.pk}/timeline/"),
    review_case(
        "timeline-filtered",
        "contributor",
        lambda s: f"/assessments/{pk(s, 'validated')}/timeline/?section=stage-1&kind=coffee",
    ),
    review_case("copy", "lead", lambda s: f"/assessments/{pk(s, 'validated')}/copy/"),
    # Exports (admins).
    review_case("exports", "staff", lambda s: "/exports/"),
    Case(
        "export-job",
        "staff",
        lambda s: f"/exports/jobs/{s.job.pk if s.job else 0}/",
        setup=add_job,
    ),
    Case("exports-with-job", "staff", lambda s: "/exports/", setup=add_job),
    # Section assignments (leads assign, contributors see theirs on the home page).
    Case("assignments", "lead", lambda s: f"/assessments/{s.draft.pk}/assignments/", setup=assign),
    Case("home-your-sections", "contributor", lambda s: "/", setup=assign),
    # Peer benchmarks: with figures (its own result and five peers), and too few peers.
    Case("benchmarks", "lead", lambda s: "/organizations/axe-general/benchmarks/", setup=add_peers),
    Case(
        "benchmarks-not-enough", "contributor", lambda s: "/organizations/axe-general/benchmarks/"
    ),
    # History: the time line and a comparison of two assessments, and a comparison refused.
    Case("history", "lead", lambda s: "/organizations/axe-general/history/", setup=add_history),
    Case("compare", "contributor", compare_url, setup=add_history),
    Case(
        "compare-error",
        "lead",
        lambda s: "/organizations/axe-general/compare/?a=1&b=1",
        setup=add_history,
    ),
    # The programme dashboard (admins) and the home dashboard with a validated stage and peers.
    Case("programme", "staff", lambda s: "/programme/", setup=add_reviews_and_peers),
    Case("home-dashboard", "lead", lambda s: "/", setup=add_peers),
    # The improvement plan: the lead's forms (ways, items, Mark done), a member's reading, a badge.
    Case("plan", "lead", lambda s: "/organizations/axe-general/plan/", setup=add_plan),
    Case("plan-read", "contributor", lambda s: "/organizations/axe-general/plan/", setup=add_plan),
    Case("section-plan-badge", "lead", section_url("draft", "stage-1"), setup=add_plan),
]


SETUPS: dict[str, Callable[[Survey], None] | None] = {}  # setup name -> setup, in order
for _case in CASES:
    SETUPS.setdefault(_case.setup.__name__ if _case.setup else "survey", _case.setup)


def context_in(new_context, live_server, language: str, user=None) -> BrowserContext:  # type: ignore[no-untyped-def]
    """A browser context in the language (the `django_language` cookie), logged in as the user."""
    context: BrowserContext = new_context()
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    if user is not None:
        log_in(context, user, live_server.url)
    return context


@pytest.mark.parametrize("setup", SETUPS)
def test_pages_have_no_accessibility_violation(  # type: ignore[no-untyped-def]
    setup: str, survey: Survey, new_context, live_server
) -> None:
    add_data = SETUPS[setup]
    if add_data is not None:
        add_data(survey)
    cases = [case for case in CASES if (case.setup.__name__ if case.setup else "survey") == setup]
    found: dict[str, list[str]] = {}

    for language in LANGUAGES:
        pages: dict[str, Page] = {}  # who -> a page of their context, in this language
        for case in cases:
            if case.who not in pages:
                user = None if case.who == "anonymous" else getattr(survey, case.who)
                pages[case.who] = context_in(new_context, live_server, language, user).new_page()
            page = pages[case.who]
            response = page.goto(case.url(survey))
            assert response is not None and response.status < 500, f"{case.id} in {language}"
            if case.then is not None:
                case.then(page, survey)
            assert page.locator("html").get_attribute("lang") == language
            violations = axe_violations(page)
            if violations:
                found[f"{case.id} in {language} ({page.url})"] = violations
            if case.then is not None:
                # Its changes (unsaved, refused) stay with it: leaving it would save or ask.
                pages[case.who] = page.context.new_page()
                page.close()
        for page in pages.values():
            page.context.close()

    assert found == {}, "\n".join(
        f"axe on {state}:\n" + "\n".join(violations) for state, violations in found.items()
    )
