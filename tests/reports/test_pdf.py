"""The PDF scorecard as a reader gets it: its text, pages, metadata, tags, and how it looks."""

import io
import re
from datetime import date
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from django.conf import settings
from django.utils import timezone, translation

from assessments.models import Assessment
from criteria.models import Criterion
from plans.enums import PlanItemStatus
from plans.models import ImprovementPlan, PlanItem
from reports.pdf import (
    css_string,
    generated_label,
    margin_texts,
    scorecard_filename,
    scorecard_pdf,
)
from reports.scorecard import scorecard_load
from tests.factories import UserFactory, assessment_with_areas
from tests.reports.scorecard_data import (
    NOW,
    ORGANIZATION,
    REASON,
    RECOMMENDATIONS,
    REJECTION,
    RESULTS,
    STRENGTHS,
    TITLE,
    changes_requested,
    pdf_text,
    previous_assessments,
    shows_findings,
    validated_assessment,
)

pytestmark = pytest.mark.usefixtures("catalog")

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
# Cover, stages 1–4, groups A–C, heat map, road map, findings.
PAGES = 11
CRITERIA_PAGES = range(1, 8)
RESULT_LINE = re.compile(r"^([0-9A-C]\.[0-9]) (Met|Not met|Partially met|Not answered)\b", re.M)


@pytest.fixture
def assessment() -> Assessment:
    return validated_assessment()


@pytest.fixture
def pdf(assessment: Assessment) -> bytes:
    return scorecard_pdf(assessment, now=NOW)


def _pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _structure(node: object) -> list[tuple[str, str]]:
    """(structure type, alternative text) of every element of the PDF's structure tree."""
    found: list[tuple[str, str]] = []
    node = node.get_object() if isinstance(node, pypdf.generic.IndirectObject) else node
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            found.extend(_structure(child))
    elif isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        if "/K" in node:
            found.extend(_structure(node["/K"]))
    return found


def test_scorecard_pdf_first_page_has_organization_stages_groups_and_dates(pdf: bytes) -> None:
    first = _flat(_pages_text(pdf)[0])

    assert ORGANIZATION in first
    assert TITLE in first
    assert "Validated stage Stage 4" in first
    assert "Self-assessed stage Validated stage 5 4" in first
    assert f"Reason: {REASON}" in first
    assert "Created Jan. 15, 2026" in first
    assert "Submitted Feb. 20, 2026" in first
    assert "Validated March 31, 2026 · Vera Prüfer" in first
    assert "Expires March 31, 2029" in first
    assert "Group A ✗ Not met" in first
    assert "Group B ✗ Not met" in first
    assert "Group C ✗ Not met" in first


def test_scorecard_pdf_shows_every_criterion_with_its_result(pdf: bytes) -> None:
    texts = _pages_text(pdf)

    shown = {}
    for index in CRITERIA_PAGES:
        for code, result in RESULT_LINE.findall(texts[index]):
            shown[code] = result
    assert shown == RESULTS


def test_scorecard_pdf_has_a_page_per_stage_and_group(pdf: bytes) -> None:
    texts = _pages_text(pdf)

    headings = [text.splitlines()[0] for text in texts[1:8]]
    assert headings == [
        "Stage 1 · Specialized imaging systems",
        "Stage 2 · Images and reports in the EMR",
        "Stage 3 · Enterprise imaging strategy and governance",
        "Stage 4 · Enterprise imaging infrastructure",
        "Group A · External image exchange and patient engagement",
        "Group B · Clinical decision support",
        "Group C · Analytics and personalised medicine",
    ]
    assert [texts[index].splitlines()[1] for index in CRITERIA_PAGES] == [
        "✓ Stage 1 held",
        "✓ Stage 2 held",
        "✓ Stage 3 held",
        "✓ Stage 4 held",
        "✗ Group A not met",
        "✗ Group B not met",
        "✗ Group C not met",
    ]


def test_scorecard_pdf_area_criterion_names_areas_and_rule(pdf: bytes) -> None:
    stage_1 = _flat(_pages_text(pdf)[1])

    assert "Met in: Radiology, Cardiology." in stage_1
    assert "Rule: Met when at least 2 service areas meet it." in stage_1


def test_scorecard_pdf_heat_map_road_map_and_findings(pdf: bytes) -> None:
    texts = [_flat(text) for text in _pages_text(pdf)]

    assert texts[8].startswith("Heat map: criteria by service area")
    assert (
        "Rows: 6 criteria answered per service area. Columns: 3 active service areas." in (texts[8])
    )
    assert texts[9].startswith(
        "Road map Next steps to stage 5 Any one of these 3 groups gives stage 5, the closest "
        "first: Group A: External image exchange and patient engagement: 1 criterion missing "
        "(A.4 Patients upload, download and share images). Group C: Analytics and personalised "
        "medicine: 3 criteria missing (C.2 "
    )
    assert "Group B: Clinical decision support: 4 criteria missing (B.2 " in texts[9]
    assert "From stage 4, what blocks the next stages" in texts[9]
    assert "Stage 5: 1 criterion to meet Code Result Criterion A.4 Not met" in texts[9]
    assert "Stage 6: 3 more criteria, besides those of stage 5" in texts[9]
    assert texts[10].startswith("Assessor's findings Assessor: Vera Prüfer")
    assert _flat(STRENGTHS) in texts[10]
    assert RECOMMENDATIONS in texts[10]
    assert "Answers not accepted" in texts[10]
    # The assessor's comment as typed, markup included: escaped, never interpreted.
    assert REJECTION.split(", 100%")[0] in texts[10]
    assert "100% <b>not</" in texts[10]


def test_scorecard_pdf_road_map_shows_the_improvement_plan(assessment: Assessment) -> None:
    plan = ImprovementPlan.objects.create(
        organization=assessment.organization,
        target_stage=6,
        target_date=date(2027, 3, 31),
        groups="AC",
    )
    owner = UserFactory(username="olga", first_name="Olga", last_name="Owner")
    PlanItem.objects.create(
        plan=plan,
        criterion=Criterion.objects.get(code="A.4"),
        owner=owner,
        due_date=date(2026, 9, 30),
        status=PlanItemStatus.IN_PROGRESS,
    )
    PlanItem.objects.create(plan=plan, criterion=Criterion.objects.get(code="C.2"), order=1)

    text = pdf_text(scorecard_pdf(assessment, now=NOW))

    assert (
        "Improvement plan Target: stage 6 by March 31, 2027. Way chosen: groups A, C. "
        "Code Criterion Owner Due date Status "
        "A.4 Patients upload, download and share images Olga Owner Sept. 30, 2026 In progress "
        "C.2 "
    ) in text
    assert text.index("Improvement plan") < text.index("Assessor's findings")


def test_scorecard_pdf_changes_requested_shows_verdicts_but_not_findings(
    assessment: Assessment,
) -> None:
    text = pdf_text(scorecard_pdf(changes_requested(assessment), now=NOW))

    assert shows_findings(text) == (False, False)
    assert (
        "The assessor's strengths and recommendations appear here once the assessment is "
        "validated. Answers not accepted"
    ) in text
    assert REJECTION.split(", 100%")[0] in text


def test_scorecard_pdf_changes_requested_for_a_reviewer_shows_findings(
    assessment: Assessment,
) -> None:
    pdf = scorecard_pdf(changes_requested(assessment), now=NOW, show_findings=True)

    assert shows_findings(pdf_text(pdf)) == (True, True)


def test_scorecard_pdf_every_page_has_header_and_footer(assessment: Assessment, pdf: bytes) -> None:
    texts = _pages_text(pdf)
    document_id = scorecard_load(assessment, now=NOW).document_id

    assert len(texts) == PAGES
    for number, text in enumerate(texts, start=1):
        footer = _flat(text)
        assert (
            f"{ORGANIZATION} Catalog: HIMSS Digital Imaging Adoption Model (DIAM) "
            f"Generated April 2, 2026, 2:05 p.m. UTC · {document_id} Page {number} of {PAGES}"
        ) in footer


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Generated April 2, 2026, 2:05 p.m. UTC · {document}"),
        ("de", "Erstellt am 2. April 2026 14:05 UTC · {document}"),
        ("fr", "Généré le 2 avril 2026 14:05 UTC · {document}"),
    ],
)
def test_scorecard_footer_generation_time_in_the_language_s_format(
    assessment: Assessment, language: str, expected: str
) -> None:
    with translation.override(language):
        scorecard = scorecard_load(assessment, now=NOW)
        _organization, _catalog, footer = margin_texts(scorecard)

    assert footer == expected.format(document=scorecard.document_id)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "April 2, 2026, 4:05 p.m. CEST"),
        ("de", "2. April 2026 16:05 CEST"),
        ("fr", "2 avril 2026 16:05 CEST"),
    ],
)
def test_generated_label_in_the_current_time_zone(language: str, expected: str) -> None:
    with translation.override(language), timezone.override("Europe/Berlin"):
        assert generated_label(NOW) == expected


def test_scorecard_pdf_metadata_title_author_subject_language(pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))

    assert reader.metadata is not None
    assert reader.metadata.title == f"DIAM scorecard: {ORGANIZATION} — {TITLE}"
    assert reader.metadata.author == ORGANIZATION
    assert reader.metadata.subject.startswith(
        "Validated stage 4 in the HIMSS Digital Imaging Adoption Model (DIAM); document DIAM-"
    )
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_scorecard_pdf_is_tagged_pdf_ua(pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]

    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp
    structure = _structure(root["/StructTreeRoot"])
    assert [kind for kind, _alt in structure if kind in ("/H1", "/H2")] == ["/H1"] + ["/H2"] * 11
    figures = [alt for kind, alt in structure if kind == "/Figure"]
    assert len(figures) == 1
    assert figures[0].startswith("Answers by criterion and service area. Rows: 6 criteria")


def test_scorecard_pdf_first_pages_have_plausible_ink(pdf: bytes) -> None:
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = [document[index].render(scale=1.5).to_pil() for index in (0, 1)]
    finally:
        document.close()

    ARTIFACTS.mkdir(exist_ok=True)
    shares = []
    for number, image in enumerate(images, start=1):
        image.save(ARTIFACTS / f"scorecard-page-{number}.png")
        gray = image.convert("L")
        histogram = gray.histogram()
        shares.append(sum(histogram[:240]) / (gray.width * gray.height))
    assert images[0].size == (893, 1263)  # A4 at 1.5 × 72 dpi
    assert 0.02 < shares[0] < 0.6
    assert 0.005 < shares[1] < 0.6


def test_scorecard_pdf_without_areas_has_no_heat_map() -> None:
    assessment = assessment_with_areas([])

    texts = [_flat(text) for text in _pages_text(scorecard_pdf(assessment, now=NOW))]

    heat_map = next(text for text in texts if text.startswith("Heat map"))
    assert "No service area is active in this assessment, so there is no heat map." in heat_map


def test_scorecard_filename_names_organization_and_id(assessment: Assessment) -> None:
    assert scorecard_filename(assessment) == f"diam-scorecard-klinikum-nord-{assessment.pk}.pdf"


def test_css_string_cannot_be_closed_by_its_text() -> None:
    assert css_string('a"b\\c\nd é') == ('"a\\000022 b\\00005c c\\00000a d\\000020 \\0000e9 "')


def test_scorecard_pdf_since_the_previous_assessment(assessment: Assessment) -> None:
    previous_assessments(assessment)

    texts = [_flat(text) for text in _pages_text(scorecard_pdf(assessment, now=NOW))]

    assert len(texts) == PAGES + 1
    assert texts[1].startswith(
        "Since the previous assessment "
        "Compared with “DIAM 2024”, validated on April 9, 2024. "
        "Stage 3 → 4 "
        "Criteria newly met (2) "
        "A.1 Standards-based image exchange with other organizations "
        "A.2 Multidisciplinary interactive collaboration "
        "Criteria no longer met (1) "
        "B.3 Structured reports driving alerts and decision support "
        "The previous assessment counts with its validated result when it was validated, "
        "otherwise with its self-assessment; this one with the results of this scorecard."
    )
    assert texts[1].endswith("Page 2 of 12")
    assert texts[2].startswith("Stage 1 · Specialized imaging systems")


def test_scorecard_pdf_of_the_first_assessment_has_no_since_section(pdf: bytes) -> None:
    assert "Since the previous assessment" not in pdf_text(pdf)
