"""The whole journey through the real UI: a contributor answers Stages 1 and 2 and attaches a PDF;
the lead fixes the last missing answer from the submit page, submits, and sees it read-only."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assessments.enums import AssessmentStatus, Role
from assessments.models import Answer, Assessment, Evidence
from criteria.models import Criterion, ServiceArea
from tests.browser.conftest import screenshot
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AREAS = ["radiology", "cardiology", "pathology"]
# Radiology and cardiology hold 95 % of the image volume: 2.1 is met by the volume rule.
VOLUMES = {"radiology": 80_000, "cardiology": 15_000, "pathology": 5_000}
PASSWORD = "correct-horse-battery"

# The smallest well-formed PDF: one empty page, with a correct cross-reference table.
PDF_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
]


def minimal_pdf() -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(PDF_OBJECTS, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(PDF_OBJECTS) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(PDF_OBJECTS) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return out


def log_in(page: Page, username: str) -> None:
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    page.get_by_label("Username or e-mail address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your organizations")


def log_out(page: Page, display_name: str) -> None:
    page.get_by_role("button", name=display_name).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status").first).to_have_text("You have been logged out.")


def answer(page: Page, slot: str, status: str, comment: str = "") -> None:
    row = page.locator(f"#{slot}")
    if comment:
        row.locator("textarea").fill(comment)
    row.get_by_label(status, exact=True).check()
    expect(page.locator(f"#{slot}-state")).to_contain_text("Saved at")


def prefill_all_but_one(assessment: Assessment) -> None:
    """Stages 3 and 4 met, Group A met, Groups B and C not: stage 5. 3.3 in pathology stays open."""
    areas = {a.code: a for a in ServiceArea.objects.filter(code__in=AREAS)}
    statuses = {"B.3": "not_met", "C.2": "partial"}
    answered = set(Answer.objects.values_list("criterion__code", "service_area__code"))
    for criterion in Criterion.objects.filter(catalog=assessment.catalog, required=True).exclude(
        scope="baseline"
    ):
        slots = AREAS if criterion.scope == "area" else [None]
        for code in slots:
            if (criterion.code, code) in answered or (criterion.code, code) == ("3.3", "pathology"):
                continue
            AnswerFactory(
                assessment=assessment,
                criterion=criterion,
                service_area=areas[code] if code else None,
                status=statuses.get(criterion.code, "met"),
            )


def test_contributor_answers_and_lead_submits_through_the_browser(  # type: ignore[no-untyped-def]
    catalog, new_context, tmp_path: Path
) -> None:
    organization = OrganizationFactory(name="St. Journey Hospital")
    MembershipFactory(
        organization=organization,
        role=Role.CONTRIBUTOR,
        user=UserFactory(username="carla", first_name="Carla", last_name="Contributor"),
    )
    MembershipFactory(
        organization=organization,
        role=Role.LEAD,
        user=UserFactory(username="leo", first_name="Leo", last_name="Lead"),
    )
    assessment = assessment_with_areas(AREAS, VOLUMES, organization=organization, title="DIAM 2026")
    pdf = tmp_path / "pacs-contract.pdf"
    pdf.write_bytes(minimal_pdf())
    page = new_context().new_page()

    # The contributor logs in and opens the assessment from the home page.
    log_in(page, "carla")
    screenshot(page, "journey-1-home")
    page.get_by_role("link", name="DIAM 2026", exact=True).click()
    expect(page).to_have_url(f"/assessments/{assessment.pk}/sections/stage-1/")
    stage = page.get_by_test_id("live-stage")
    completion = page.get_by_test_id("live-completion")
    expect(stage).to_have_text("0")
    expect(completion).to_have_text("0 of 37 required answers")

    # Stage 1: 1.1 met in one area is not enough; in two areas it is.
    answer(page, "s-1_1-radiology", "Met", "RIS/PACS since 2015")
    expect(stage).to_have_text("0")
    answer(page, "s-1_1-cardiology", "Met")
    expect(stage).to_have_text("1")
    answer(page, "s-1_1-pathology", "Not met", "Glass slides only")
    answer(page, "s-1_2-radiology", "Not applicable")
    expect(stage).to_have_text("1")
    expect(completion).to_have_text("3 of 37 required answers")
    screenshot(page, "journey-2-stage-1")

    # Stage 2: 2.1 is met by volume (95 % in radiology and cardiology), 2.2 completes stage 2.
    page.get_by_role("link", name="Stage 2 →").click()
    expect(page).to_have_url(f"/assessments/{assessment.pk}/sections/stage-2/")
    answer(page, "s-2_1-radiology", "Met")
    answer(page, "s-2_1-cardiology", "Met")
    answer(page, "s-2_1-pathology", "Partially met", "Reports only")
    expect(stage).to_have_text("1")
    expect(page.locator("#criterion-2_1-result")).to_contain_text(
        "Met so far: 2 of 3 counted areas met, 95 % of the image volume."
    )
    answer(page, "s-2_2", "Met", "Import via the regional image exchange")
    expect(stage).to_have_text("2")
    expect(completion).to_have_text("7 of 37 required answers")

    # Evidence for 2.2: the autosaved answer can take a file right away.
    evidence = page.locator("#s-2_2 details")
    expect(evidence.locator("summary")).to_have_text("Evidence (0 files)")
    evidence.locator("summary").click()
    evidence.get_by_label(
        "Attach evidence (PDF, PNG, JPEG, DOCX, XLSX, max 10 MB)"
    ).set_input_files(pdf)
    evidence.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status").first).to_have_text("“pacs-contract.pdf” is attached.")
    evidence = page.locator("#s-2_2 details")
    expect(evidence.locator("summary")).to_have_text("Evidence (1 file)")
    expect(evidence.get_by_role("link", name="pacs-contract.pdf")).to_be_visible()
    assert list(Evidence.objects.values_list("original_name", "answer__criterion__code")) == [
        ("pacs-contract.pdf", "2.2")
    ]
    screenshot(page, "journey-3-stage-2-evidence")
    log_out(page, "Carla Contributor")
    expect(page).to_have_url("/accounts/login/")

    # The lead: everything else was answered meanwhile, except 3.3 for pathology.
    prefill_all_but_one(assessment)
    log_in(page, "leo")
    page.get_by_role("link", name="DIAM 2026", exact=True).click()
    page.get_by_role("navigation", name="Survey sections").get_by_role(
        "link", name="Submit", exact=True
    ).click()
    expect(page).to_have_url(f"/assessments/{assessment.pk}/submit/")
    expect(
        page.get_by_role("heading", level=2, name="1 required answer is still missing")
    ).to_be_visible()
    missing = page.get_by_test_id("submit-missing").get_by_role("link")
    expect(missing).to_have_count(1)
    title_3_3 = Criterion.objects.get(catalog=catalog, code="3.3").title
    expect(missing).to_have_text(f"3.3 {title_3_3} · Pathology")
    screenshot(page, "journey-4-submit-missing")

    missing.click()
    expect(page).to_have_url(f"/assessments/{assessment.pk}/sections/stage-3/#s-3_3-pathology")
    answer(page, "s-3_3-pathology", "Met", "Turnaround times on the dashboard")
    expect(page.get_by_test_id("live-completion")).to_have_text("37 of 37 required answers")
    expect(page.get_by_test_id("live-stage")).to_have_text("5")

    page.get_by_role("navigation", name="Survey sections").get_by_role(
        "link", name="Submit", exact=True
    ).click()
    expect(page).to_have_url(f"/assessments/{assessment.pk}/submit/")
    expect(page.get_by_test_id("submit-missing")).to_have_count(0)
    confirm = page.get_by_test_id("submit-confirm")
    expect(confirm.get_by_role("heading")).to_have_text("Ready to submit")
    screenshot(page, "journey-5-submit-confirm")
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    confirm.get_by_role("button", name="Submit with stage 5").click()

    expect(page).to_have_url(f"/assessments/{assessment.pk}/results/")
    expect(page.get_by_role("status").first).to_have_text(
        "The assessment is submitted with self-assessed stage 5."
    )
    assert questions == ["Submit the assessment with stage 5? The answers become read-only."]
    expect(page.get_by_test_id("results-stored-stage")).to_contain_text(
        "Stage 5, stored at submission on"
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.self_assessed_stage) == (AssessmentStatus.SUBMITTED, 5)

    # Read-only: no inputs on a section page, the status and the stored stage shown.
    page.goto(f"/assessments/{assessment.pk}/sections/stage-2/")
    expect(page.locator("input[type=radio]")).to_have_count(0)
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.locator("input[type=file]")).to_have_count(0)
    expect(page.get_by_role("button", name="Save Stage 2")).to_have_count(0)
    expect(page.get_by_role("status").first).to_have_text(
        "This assessment is Submitted: answers are read-only."
    )
    expect(page.locator("main .badge.text-bg-secondary").first).to_have_text("Submitted")
    expect(page.get_by_text("Self-assessed stage 5", exact=True)).to_be_visible()
    expect(page.locator("#s-2_2")).to_contain_text(
        "Answer: Met Import via the regional image exchange"
    )
    screenshot(page, "journey-6-read-only")
