"""axe on every page of the survey: no serious or critical violation.

Each case names the page, who looks at it (the role that normally uses it) and, where needed, the
steps that bring the page into a particular state (a conflict, a validation error).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from playwright.sync_api import Page, expect

from accounts.models import Invitation
from assessments.enums import AssessmentStatus, Role
from assessments.evidence import evidence_add
from assessments.models import Answer, Assessment, Organization
from criteria.models import Criterion, ServiceArea
from tests.accounts.factories import InvitationFactory
from tests.browser.test_journey import minimal_pdf
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AREAS = ["radiology", "cardiology", "pathology"]
SECTIONS = ["stage-1", "stage-2", "stage-3", "stage-4", "group-a", "group-b", "group-c"]
BLOCKING_IMPACTS = {"serious", "critical"}


@dataclass
class Survey:
    organization: Organization
    lead: Any
    contributor: Any
    draft: Assessment  # partly answered, with evidence
    complete: Assessment  # every required answer given, still a draft
    submitted: Assessment
    invitation: Invitation


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


def make_conflict(page: Page, survey: Survey) -> None:
    """A colleague saves 2.2 after this page was loaded; this user's change then conflicts."""
    Answer.objects.filter(assessment=survey.draft, criterion__code="2.2").update(
        status="met", version=F("version") + 1
    )
    page.locator("#s-2_2").get_by_label("Not met", exact=True).check()
    expect(page.locator("#s-2_2-conflict")).to_contain_text("A colleague changed this answer")


def make_validation_error(page: Page, survey: Survey) -> None:
    """A comment without a status, saved with the section's Save button."""
    page.locator("#s-1_1-pathology textarea").fill("Comment, but no status")
    page.get_by_role("button", name="Save Stage 1").click()
    expect(page.locator("#s-1_1-pathology-errors")).to_have_text(
        "Choose a status before saving a comment. "
    )


def open_all_details(page: Page, survey: Survey) -> None:
    """Guidance and evidence forms are folded away; axe checks contrast of visible content only."""
    closed = page.locator("main details:not([open]) > summary")
    while closed.count():
        closed.first.click()
    expect(page.locator("main details[open]")).not_to_have_count(0)


def fail_login(page: Page, survey: Survey) -> None:
    page.get_by_label("Username or e-mail address").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter a correct username or e-mail address")).to_be_visible()


def open_user_menu(page: Page, survey: Survey) -> None:
    page.get_by_role("button", name="Colin Contributor").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


@dataclass(frozen=True)
class Case:
    id: str
    who: str  # "lead", "contributor" or "anonymous"
    url: Callable[[Survey], str]
    then: Callable[[Page, Survey], None] | None = None


def section_url(assessment: str, slug: str) -> Callable[[Survey], str]:
    return lambda s: f"/assessments/{getattr(s, assessment).pk}/sections/{slug}/"


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
]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']}: {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')}".rstrip())
            lines.append(f"        {node['html'][:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_page_has_no_serious_accessibility_violation(  # type: ignore[no-untyped-def]
    case: Case, survey: Survey, page_as, new_context
) -> None:
    if case.who == "anonymous":
        page = new_context().new_page()
    else:
        page = page_as(survey.lead if case.who == "lead" else survey.contributor)
    response = page.goto(case.url(survey))
    assert response is not None and response.status < 500
    if case.then is not None:
        case.then(page, survey)

    violations = Axe().run(page).response["violations"]
    if violations:  # shown with the failure, or with -rP: the minor ones are worth fixing too
        print(f"axe on {case.id}:\n{describe(violations)}")

    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"axe on {case.id} ({page.url}):\n{describe(blocking)}"
