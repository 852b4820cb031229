"""The blank printable questionnaire: who may download it, and a real PDF with the criteria, the
guidance and the organization's areas (page 1 rendered to test-artifacts/ to be looked at)."""

import io
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from django.urls import reverse

from criteria.models import Criterion
from tests.workbooks.workbook_data import People, anonymous, client_for, people

pytestmark = pytest.mark.usefixtures("catalog")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def team() -> People:
    return people()


def _url(team: People, catalog: str = "diam") -> str:
    return reverse("questionnaire_pdf", args=[team.assessment.organization.slug, catalog])


@pytest.mark.parametrize(
    ("who", "status"), [("lead", 200), ("contributor", 200), ("outsider", 404)]
)
def test_questionnaire_pdf_access(team: People, who: str, status: int) -> None:
    response = client_for(getattr(team, who)).get(_url(team))

    assert response.status_code == status


def test_questionnaire_pdf_anonymous_goes_to_login(team: People) -> None:
    response = anonymous().get(_url(team))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_questionnaire_pdf_unknown_catalog_is_404(team: People) -> None:
    assert client_for(team.lead).get(_url(team, "diam-2019")).status_code == 404


def test_questionnaire_pdf_holds_criteria_guidance_and_area_grid(team: People) -> None:
    response = client_for(team.contributor).get(_url(team))

    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="diam-questionnaire-diam-{team.assessment.organization.slug}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
        pages = len(pdf.pages)
    assert pages >= 7  # a cover and a page per section
    criteria = Criterion.objects.exclude(scope="baseline")
    missing = [c.code for c in criteria if f"{c.code} {c.text[:30]}" not in text]
    assert missing == []
    guidance = next(c.guidance for c in criteria if c.guidance)
    assert " ".join(guidance.split())[:40] in text
    assert "Active service areas: Radiology, Cardiology" in text
    assert "Stage 1: criteria answered per service area" in text
    assert text.count("Not applicable") >= 2 * 6  # a tick box per area and area criterion

    ARTIFACTS.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(response.content)
    try:
        for number in (0, 1):
            image = document[number].render(scale=1.5).to_pil()
            image.save(ARTIFACTS / f"workbooks-questionnaire-page{number + 1}.png")
    finally:
        document.close()


def test_questionnaire_pdf_without_catalog_uses_the_latest_assessments(team: People) -> None:
    response = client_for(team.lead).get(
        reverse("questionnaire_pdf_latest", args=[team.assessment.organization.slug])
    )

    assert response["Content-Disposition"] == (
        f'attachment; filename="diam-questionnaire-diam-{team.assessment.organization.slug}.pdf"'
    )


def test_home_links_to_import_and_questionnaire(team: People) -> None:
    slug = team.assessment.organization.slug
    lead_home = client_for(team.lead).get(reverse("home")).content.decode()
    contributor_home = client_for(team.contributor).get(reverse("home")).content.decode()

    assert reverse("import_page", args=[slug]) in lead_home
    assert reverse("import_page", args=[slug]) not in contributor_home
    assert reverse("questionnaire_pdf_latest", args=[slug]) in contributor_home
