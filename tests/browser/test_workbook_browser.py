"""The spreadsheet round trip in a real browser: the workbook downloaded through the page, changed
with openpyxl, uploaded, the preview reviewed and applied."""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from assessments.enums import Role
from assessments.models import Answer
from criteria.models import Criterion
from tests.browser.conftest import screenshot
from tests.factories import AnswerFactory, MembershipFactory, assessment_with_areas
from tests.workbooks.workbook_data import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_workbook_round_trip_in_the_browser(catalog, page_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assessment = assessment_with_areas(["radiology", "cardiology"], title="DIAM 2026")
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(catalog=catalog, code="2.2"),
        status="partial",
    )
    user = MembershipFactory(organization=assessment.organization, role=Role.CONTRIBUTOR).user
    page = page_as(user)

    page.goto(f"/assessments/{assessment.pk}/sections/stage-1/")
    page.get_by_test_id("workbook-link").click()
    page.get_by_role("heading", name="Work offline in a spreadsheet").wait_for()
    screenshot(page, "workbook-1-page")
    with page.expect_download() as info:
        page.get_by_test_id("workbook-download").click()
    download = info.value
    assert download.suggested_filename == (
        f"diam-questionnaire-{assessment.organization.slug}-{assessment.pk}.xlsx"
    )
    path = tmp_path / "filled.xlsx"
    download.save_as(path)

    book = load_workbook(path)
    fill(book, "Stage 1", "1.1|radiology", "Met", "RIS/PACS since 2015")
    fill(book, "Stage 1", "1.1|cardiology", "Not applicable", None)
    fill(book, "Stage 2", "2.2", "Met", "import live since May")
    book.save(path)

    page.get_by_label("Filled-in workbook (.xlsx)").set_input_files(path)
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_test_id("preview-counts").wait_for()
    assert page.get_by_test_id("count-new").inner_text() == "2 new answers"
    assert page.get_by_test_id("count-changed").inner_text() == "1 changed"
    assert page.get_by_test_id("count-conflicts").inner_text() == "0 conflicts"
    screenshot(page, "workbook-2-preview")
    assert Answer.objects.filter(assessment=assessment).count() == 1

    page.get_by_test_id("workbook-apply").click()
    page.get_by_text("3 answers from “filled.xlsx” were saved.").wait_for()
    screenshot(page, "workbook-3-applied-timeline")
    assert sorted(
        Answer.objects.filter(assessment=assessment).values_list(
            "criterion__code", "service_area__code", "status", "comment"
        ),
        key=str,
    ) == sorted(
        [
            ("1.1", "radiology", "met", "RIS/PACS since 2015"),
            ("1.1", "cardiology", "na", ""),
            ("2.2", None, "met", "import live since May"),
        ],
        key=str,
    )
    assert page.js_errors == []
