"""An admin exports the scorecards of every assessment from the export page: the background job
(run at once by the test settings' immediate backend) ends on its page at 100 %, with a link to a
ZIP that holds one PDF per assessment and the CSV summary."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.enums import AssessmentStatus
from criteria.models import Criterion, ServiceArea
from reports.models import ExportJob
from tests.browser.conftest import screenshot
from tests.factories import AnswerFactory, OrganizationFactory, UserFactory, assessment_with_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_exports_scorecards_zip_of_all_assessments(  # type: ignore[no-untyped-def]
    catalog, page_as, tmp_path: Path
) -> None:
    alpha = OrganizationFactory(name="Alpha Hospital", slug="alpha", country="DE")
    beta = OrganizationFactory(name="Beta Clinic", slug="beta", country="FR")
    draft = assessment_with_areas(["radiology"], organization=alpha, title="Alpha 2026")
    AnswerFactory(
        assessment=draft,
        criterion=Criterion.objects.get(catalog=catalog, code="1.1"),
        service_area=ServiceArea.objects.get(code="radiology"),
    )
    AnswerFactory(assessment=draft, criterion=Criterion.objects.get(catalog=catalog, code="2.2"))
    submitted = assessment_with_areas(
        ["radiology", "cardiology"],
        organization=alpha,
        title="Alpha 2025",
        status=AssessmentStatus.SUBMITTED,
        self_assessed_stage=2,
    )
    empty = assessment_with_areas([], organization=beta, title="Beta 2026")
    assessments = [draft, submitted, empty]
    page = page_as(UserFactory(username="sam", is_staff=True))

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exports").click()
    expect(page).to_have_url("/exports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports")
    expect(page.get_by_text("No background export yet.")).to_be_visible()
    expect(page.get_by_label("Status", exact=True)).to_have_value("")  # any status
    page.get_by_label("Scorecards as a ZIP of PDFs, in the background").check()
    screenshot(page, "exports-1-form")
    page.get_by_role("button", name="Export").click()

    job = ExportJob.objects.get()
    expect(page).to_have_url(f"/exports/jobs/{job.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Scorecards (ZIP of PDFs) #{job.pk}")
    progress = page.locator("#job-progress")
    expect(progress.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(progress.get_by_role("status")).to_have_text("Done: 3 of 3 scorecards (100 %).")
    link = progress.get_by_role("link", name=f"Download scorecards-{job.pk}.zip")
    expect(link).to_be_visible()
    screenshot(page, "exports-2-job-done")

    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"scorecards-{job.pk}.zip"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        expected = sorted(f"{a.organization.slug}-{a.pk}.pdf" for a in assessments)
        assert names == sorted([*expected, "assessments.csv"])
        for name in expected:
            content = archive.read(name)
            assert content.startswith(b"%PDF-")
            assert len(PdfReader(io.BytesIO(content)).pages) >= 1
        summary = list(csv.reader(io.StringIO(archive.read("assessments.csv").decode("utf-8-sig"))))
    assert summary[0][:3] == ["Organization", "Assessment", "Assessment id"]
    assert summary[0][-1] == "Scorecard"
    assert sorted((row[0], row[1], row[2], row[-1]) for row in summary[1:]) == sorted(
        (a.organization.name, a.title, str(a.pk), f"{a.organization.slug}-{a.pk}.pdf")
        for a in assessments
    )

    # The job stays listed on the export page, finished.
    page.get_by_role("link", name="Exports", exact=True).first.click()
    row = page.get_by_role("row").filter(has_text=f"#{job.pk}")
    expect(row.get_by_role("cell").nth(3)).to_have_text("Done")
    expect(row.get_by_role("cell").nth(4)).to_have_text("3 of 3")
