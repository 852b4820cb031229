"""`manage.py render_scorecard ID -o FILE` writes the same PDF as the download."""

import io
from pathlib import Path

import pypdf
import pytest
from django.core.management import CommandError, call_command

from assessments.models import Assessment
from reports.pdf import scorecard_pdf
from tests.reports.scorecard_data import NOW, validated_assessment

pytestmark = pytest.mark.usefixtures("catalog")


def _page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_render_scorecard_writes_the_pdf(tmp_path: Path) -> None:
    assessment = validated_assessment()
    target = tmp_path / "card.pdf"
    out = io.StringIO()

    call_command("render_scorecard", str(assessment.pk), "-o", str(target), stdout=out)

    written = target.read_bytes()
    assert written.startswith(b"%PDF-1.7")
    assert _page_count(written) == _page_count(scorecard_pdf(assessment, now=NOW))
    assert out.getvalue() == f"Wrote {target} ({len(written):,} bytes).\n"


def test_render_scorecard_defaults_to_the_download_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assessment: Assessment = validated_assessment()
    monkeypatch.chdir(tmp_path)

    call_command("render_scorecard", str(assessment.pk), stdout=io.StringIO())

    expected = tmp_path / f"diam-scorecard-klinikum-nord-{assessment.pk}.pdf"
    assert expected.read_bytes().startswith(b"%PDF-1.7")


def test_render_scorecard_unknown_id_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "card.pdf"

    with pytest.raises(CommandError, match=r"No assessment with id 999999\."):
        call_command("render_scorecard", "999999", "-o", str(target))

    assert not target.exists()
