"""PDF/UA-1 checked, not only declared: the blank questionnaire and the scorecard through the
machine check of the `pdfua` package (on pikepdf), every rule it has, with no finding at all
(warnings included), in every language the site offers.

The rules (pdfua.describe_rules()): UA-01-005 structure tree, UA-01-002 MarkInfo/Marked,
UA-01-003 all content tagged or an artifact, UA-06-001 natural language, UA-13-004 figures with
alternative text, UA-15-003 table structure determinable (header cells, /Scope or /Headers),
UA-18-005 and UA-18-001 link and annotation descriptions, UA-14-001 headings not empty,
UA-07-001 and UA-07-002 title present and shown, UA-28-004 PDF/UA identification in the XMP.
"""

from pathlib import Path

import pdfua
import pytest
from django.utils import translation

from criteria.models import CatalogVersion, ServiceArea
from reports.pdf import scorecard_pdf
from tests.factories import OrganizationFactory
from tests.reports.scorecard_data import NOW, validated_assessment
from workbooks.pdf import questionnaire_pdf

pytestmark = pytest.mark.usefixtures("catalog")

RULES = {
    "UA-01-002",
    "UA-01-003",
    "UA-01-005",
    "UA-06-001",
    "UA-07-001",
    "UA-07-002",
    "UA-13-004",
    "UA-14-001",
    "UA-15-003",
    "UA-18-001",
    "UA-18-005",
    "UA-28-004",
}


def findings(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    report = pdfua.validate(str(path))
    return [f"{f.rule_id} p.{f.location.page}: {f.message}" for f in report.findings]


def test_pdfua_rules_are_those_listed() -> None:
    assert {rule.id for rule in pdfua.describe_rules()} == RULES


def questionnaire(language: str) -> bytes:
    with translation.override(language):
        return questionnaire_pdf(
            organization=OrganizationFactory(),
            catalog=CatalogVersion.objects.get(),
            areas=list(ServiceArea.objects.filter(code__in=["radiology", "cardiology"])),
            now=NOW,
        )


def scorecard(language: str) -> bytes:
    return scorecard_pdf(validated_assessment(), now=NOW, language=language)


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_questionnaire_pdf_passes_pdfua(language: str, tmp_path: Path) -> None:
    assert findings(questionnaire(language), tmp_path) == []


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_scorecard_pdf_passes_pdfua(language: str, tmp_path: Path) -> None:
    assert findings(scorecard(language), tmp_path) == []
