"""The workbook round trip through the views: who may use it, a real file downloaded, changed with
openpyxl, uploaded, previewed and applied (answers and audit trail exact), conflicts, and bad
files that change nothing."""

import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from assessments.answers import answer_save
from assessments.enums import AssessmentStatus
from assessments.models import Answer, Assessment
from criteria.models import Criterion
from tests.factories import AnswerFactory
from tests.workbooks.workbook_data import (
    People,
    anonymous,
    assessor,
    client_for,
    fill,
    find_row,
    open_book,
    people,
    save_book,
    set_code,
)
from workbooks.layout import COL_VERSION, META_SHEET
from workbooks.models import PendingUpload

pytestmark = pytest.mark.usefixtures("catalog")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def team() -> People:
    return people()


def _page(a: Assessment) -> str:
    return reverse("workbook_page", args=[a.pk])


def _download(a: Assessment) -> str:
    return reverse("workbook_download", args=[a.pk])


def _upload(a: Assessment) -> str:
    return reverse("workbook_upload", args=[a.pk])


def download(client: Client, assessment: Assessment) -> bytes:
    response = client.get(_download(assessment))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return response.content


def upload(client: Client, assessment: Assessment, data: bytes, name: str = "filled.xlsx") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(_upload(assessment), {"file": SimpleUploadedFile(name, data)})


def answers(assessment: Assessment) -> list[tuple[str, str | None, str, str, int]]:
    return [
        (
            a.criterion.code,
            a.service_area.code if a.service_area else None,
            a.status,
            a.comment,
            a.version,
        )
        for a in Answer.objects.filter(assessment=assessment).select_related(
            "criterion", "service_area"
        )
    ]


def counts(html: str) -> dict[str, str]:
    return {
        name: re.sub(r"\s+", " ", text).strip()
        for name, text in re.findall(r'data-testid="count-(\w+)">([^<]*)<', html)
    }


# Who may use it ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["lead", "contributor"])
@pytest.mark.parametrize("url", [_page, _download])
def test_workbook_member_gets_it(team: People, role: str, url: Any) -> None:
    response = client_for(getattr(team, role)).get(url(team.assessment))

    assert response.status_code == 200


@pytest.mark.parametrize("url", [_page, _download, _upload])
def test_workbook_other_organization_gets_404(team: People, url: Any) -> None:
    client = client_for(team.outsider)

    response = (
        client.post(url(team.assessment)) if url is _upload else client.get(url(team.assessment))
    )

    assert response.status_code == 404


@pytest.mark.parametrize("url", [_page, _download, _upload])
def test_workbook_anonymous_goes_to_login(team: People, url: Any) -> None:
    response = anonymous().get(url(team.assessment))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [_page, _download, _upload])
def test_workbook_assigned_assessor_is_refused(team: People, url: Any) -> None:
    # Assessors read the answers; they never write them (there is no viewer role among members).
    reviewer = assessor()
    Assessment.objects.filter(pk=team.assessment.pk).update(assessor=reviewer)
    client = client_for(reviewer)

    response = (
        client.post(url(team.assessment)) if url is _upload else client.get(url(team.assessment))
    )

    assert response.status_code == 403


@pytest.mark.parametrize("url", [_page, _download, _upload])
def test_workbook_submitted_assessment_is_refused(team: People, url: Any) -> None:
    Assessment.objects.filter(pk=team.assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    client = client_for(team.lead)

    response = (
        client.post(url(team.assessment)) if url is _upload else client.get(url(team.assessment))
    )

    assert response.status_code == 403


def test_workbook_preview_of_another_users_upload_is_404(team: People) -> None:
    book = open_book(download(client_for(team.lead), team.assessment))
    fill(book, "Stage 2", "2.2", "Met", None)
    preview_url = upload(client_for(team.lead), team.assessment, save_book(book))["Location"]

    assert client_for(team.contributor).get(preview_url).status_code == 404
    assert client_for(team.contributor).post(preview_url).status_code == 404
    assert client_for(team.outsider).get(preview_url).status_code == 404
    assert answers(team.assessment) == []


# The round trip ---------------------------------------------------------------------------


def test_workbook_download_is_the_questionnaire(team: People) -> None:
    book = open_book(download(client_for(team.contributor), team.assessment))

    assert book.sheetnames == [
        "Read me",
        "Stage 1",
        "Stage 2",
        "Stage 3",
        "Stage 4",
        "Group A",
        "Group B",
        "Group C",
        META_SHEET,
    ]
    stage1 = book["Stage 1"]
    rows = [[c.value for c in row[:3]] + [row[7].value] for row in stage1.iter_rows(min_row=2)]
    texts = dict(Criterion.objects.values_list("code", "text"))
    assert rows == [
        ["1.1", "Radiology", texts["1.1"], "1.1|radiology"],
        ["1.1", "Cardiology", texts["1.1"], "1.1|cardiology"],
        ["1.2", "Radiology", texts["1.2"], "1.2|radiology"],
        ["1.2", "Cardiology", texts["1.2"], "1.2|cardiology"],
    ]
    assert [dv.formula1 for dv in stage1.data_validations.dataValidation] == [
        '"Met,Partially met,Not met,Not applicable"'
    ]
    assert [dv.formula1 for dv in book["Stage 3"].data_validations.dataValidation] == [
        '"Met,Partially met,Not met,Not applicable"',
        '"Met,Partially met,Not met"',
    ]
    assert stage1.protection.sheet is True
    assert (stage1["A2"].protection.locked, stage1["B2"].protection.locked) == (True, True)
    assert (stage1["E2"].protection.locked, stage1["F2"].protection.locked) == (False, False)
    assert stage1.column_dimensions["G"].hidden is True
    assert book[META_SHEET].sheet_state == "hidden"
    meta = {row[0].value: row[1].value for row in book[META_SHEET].iter_rows()}
    assert (meta["assessment"], meta["catalog"], meta["areas"]) == (
        str(team.assessment.pk),
        "diam",
        "radiology,cardiology",
    )


def test_workbook_round_trip_saves_the_answers_with_the_upload_named(team: People) -> None:
    AnswerFactory(assessment=team.assessment, status="partial", comment="planned")  # 2.2, v1
    client = client_for(team.contributor)
    book = open_book(download(client, team.assessment))
    assert book["Stage 2"].cell(row=find_row(book, "Stage 2", "2.2"), column=COL_VERSION).value == 1
    fill(book, "Stage 1", "1.1|radiology", "Met", "RIS/PACS since 2015")
    fill(book, "Stage 1", "1.1|cardiology", "Partially met", None)
    fill(book, "Stage 2", "2.2", "Met", "done in 2026")
    fill(book, "Group A", "A.1|radiology", "not_met", None)

    response = upload(client, team.assessment, save_book(book), name="workshop March.xlsx")
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert counts(preview.content.decode()) == {
        "new": "3 new answers",
        "changed": "1 changed",
        "unchanged": f"{_slot_count() - 4} unchanged",
        "conflicts": "0 conflicts",
    }
    assert answers(team.assessment) == [("2.2", None, "partial", "planned", 1)]

    applied = client.post(response["Location"])

    assert applied.status_code == 302
    assert applied["Location"] == reverse("assessment_timeline", args=[team.assessment.pk])
    assert answers(team.assessment) == [
        ("1.1", "radiology", "met", "RIS/PACS since 2015", 1),
        ("1.1", "cardiology", "partial", "", 1),
        ("2.2", None, "met", "done in 2026", 2),
        ("A.1", "radiology", "not_met", "", 1),
    ]
    history = list(
        Answer.history.filter(assessment_id=team.assessment.pk)
        .exclude(history_change_reason=None)
        .order_by("history_id")
        .values_list("criterion__code", "history_type", "history_user", "history_change_reason")
    )
    reason = "Workbook upload “workshop March.xlsx”"
    assert history == [
        ("1.1", "+", team.contributor.pk, reason),
        ("1.1", "+", team.contributor.pk, reason),
        ("A.1", "+", team.contributor.pk, reason),
        ("2.2", "~", team.contributor.pk, reason),
    ]
    assert PendingUpload.objects.count() == 0
    timeline = client.get(applied["Location"]).content.decode()
    assert "4 answers from “workshop March.xlsx” were saved." in timeline
    assert (
        timeline.count(
            '<span class="small" data-testid="timeline-reason">'
            "Workbook upload “workshop March.xlsx”"
        )
        == 4
    )


def _slot_count() -> int:
    criteria = Criterion.objects.exclude(scope="baseline")
    return sum(2 if c.scope == "area" else 1 for c in criteria)


def test_workbook_conflict_with_a_change_made_after_the_download(team: People) -> None:
    AnswerFactory(assessment=team.assessment, status="partial")  # 2.2, v1
    client = client_for(team.lead)
    book = open_book(download(client, team.assessment))
    fill(book, "Stage 2", "2.2", "Met", "from the workshop")
    fill(book, "Stage 3", "3.1", "Met", None)
    # A colleague changes 2.2 in the application meanwhile.
    answer_save(
        assessment=team.assessment,
        criterion=Criterion.objects.get(code="2.2"),
        service_area=None,
        status="not_met",
        comment="not yet",
        expected_version=1,
        user=team.contributor,
    )

    response = upload(client, team.assessment, save_book(book))
    preview = client.get(response["Location"]).content.decode()

    assert counts(preview)["conflicts"] == "1 conflict"
    assert counts(preview)["new"] == "1 new answer"
    assert 'data-testid="preview-conflict-note"' in preview
    client.post(response["Location"])
    assert answers(team.assessment) == [
        ("2.2", None, "not_met", "not yet", 2),
        ("3.1", None, "met", "", 1),
    ]


def test_workbook_apply_after_a_change_since_the_preview_saves_nothing(team: People) -> None:
    client = client_for(team.lead)
    book = open_book(download(client, team.assessment))
    fill(book, "Stage 2", "2.2", "Met", None)
    fill(book, "Stage 3", "3.1", "Met", None)
    preview_url = upload(client, team.assessment, save_book(book))["Location"]
    client.get(preview_url)
    AnswerFactory(
        assessment=team.assessment, criterion=Criterion.objects.get(code="2.2"), status="not_met"
    )

    response = client.post(preview_url)

    assert response.status_code == 409
    html = response.content.decode()
    assert "nothing was saved" in html
    assert counts(html)["conflicts"] == "1 conflict"
    assert answers(team.assessment) == [("2.2", None, "not_met", "", 1)]
    # Confirming the new preview applies what it shows.
    assert client.post(preview_url).status_code == 302
    assert answers(team.assessment) == [
        ("2.2", None, "not_met", "", 1),
        ("3.1", None, "met", "", 1),
    ]


def test_workbook_apply_after_submission_saves_nothing(team: People) -> None:
    client = client_for(team.lead)
    book = open_book(download(client, team.assessment))
    fill(book, "Stage 2", "2.2", "Met", None)
    preview_url = upload(client, team.assessment, save_book(book))["Location"]
    Assessment.objects.filter(pk=team.assessment.pk).update(status=AssessmentStatus.SUBMITTED)

    assert client.post(preview_url).status_code == 403
    assert answers(team.assessment) == []


# Bad files: a clear message, nothing changed -----------------------------------------------


def _refused(team: People, data: bytes, name: str = "filled.xlsx") -> str:
    response = upload(client_for(team.lead), team.assessment, data, name=name)
    assert response.status_code == 422
    assert answers(team.assessment) == []
    assert PendingUpload.objects.count() == 0
    return re.sub(r"\s+", " ", response.content.decode())


def test_workbook_upload_random_bytes_is_refused(team: People) -> None:
    html = _refused(team, bytes(range(256)) * 40)

    assert "This file is not an Excel workbook (.xlsx)." in html


def test_workbook_upload_pdf_renamed_is_refused(team: People) -> None:
    html = _refused(
        team, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF", name="answers.xlsx"
    )

    assert "This file is not an Excel workbook (.xlsx)." in html


def test_workbook_upload_of_another_assessment_is_refused(team: People) -> None:
    other = people()
    data = download(client_for(other.lead), other.assessment)

    html = _refused(team, data)

    assert (
        f"This workbook belongs to another assessment (number {other.assessment.pk}), not to "
        "“DIAM 2026”." in html.replace("&#x27;", "'")
    )


def test_workbook_upload_of_another_catalog_version_is_refused(team: People) -> None:
    book = open_book(download(client_for(team.lead), team.assessment))
    book[META_SHEET]["B3"] = "diam-2019"

    html = _refused(team, save_book(book))

    assert "This workbook was made for the catalog version “diam-2019”" in html


def test_workbook_upload_with_edited_locked_cells_is_refused(team: People) -> None:
    book = open_book(download(client_for(team.lead), team.assessment))
    fill(book, "Stage 2", "2.2", "Met", None)  # a valid change beside: not applied either
    row = set_code(book, "Stage 1", "1.1|cardiology", "1.2")
    book["Stage 3"].delete_rows(2)

    html = _refused(team, save_book(book))

    assert (
        f"<td>Stage 1</td><td>{row}</td><td>A (Code)</td><td>The criterion code was changed "
        "from “1.1” to “1.2”: codes are locked.</td>" in html
    )
    assert "The row of 3.1 is missing: rows must not be removed." in html


def test_workbook_upload_with_unknown_status_is_refused(team: People) -> None:
    book = open_book(download(client_for(team.lead), team.assessment))
    row = fill(book, "Stage 2", "2.2", "Almost", None)

    html = _refused(team, save_book(book))

    assert (
        f"<td>Stage 2</td><td>{row}</td><td>E (Status)</td><td>Unknown status “Almost”: choose "
        "one of “Met”, “Partially met”, “Not met”.</td>" in html
    )


def test_workbook_upload_with_a_formula_is_refused(team: People) -> None:
    book = open_book(download(client_for(team.lead), team.assessment))
    row = fill(book, "Stage 2", "2.2", "Met", '=HYPERLINK("http://evil.example","x")')

    html = _refused(team, save_book(book))

    assert (
        f"<td>Stage 2</td><td>{row}</td><td>F (Comment)</td><td>Formulas are not accepted" in html
    )


@override_settings(DIAM_IMPORT_MAX_BYTES=1024 * 1024)
def test_workbook_upload_over_the_size_limit_is_refused_before_parsing(team: People) -> None:
    html = _refused(team, b"PK" + b"\x00" * (1536 * 1024))

    assert (
        "The file is too large (1.5 MB; at most 1 MB). The questionnaire workbook is far "
        "smaller: rows must not be added." in html
    )


def test_workbook_upload_of_10_mb_of_rows_is_refused(team: People) -> None:
    book = open_book(download(client_for(team.lead), team.assessment))
    sheet = book["Group C"]
    for number in range(sheet.max_row + 1, 100_000):
        sheet.cell(row=number, column=3).value = f"row {number} " + "x" * 100

    html = _refused(team, save_book(book))

    assert "The sheet has 99998 rows; the questionnaire has 4: rows must not be added." in html


def test_workspace_links_to_the_workbook_while_answers_may_change(team: People) -> None:
    section = reverse("assessment_section", args=[team.assessment.pk, "stage-1"])
    link = f'href="{_page(team.assessment)}"'

    assert link in client_for(team.contributor).get(section).content.decode()
    Assessment.objects.filter(pk=team.assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    assert link not in client_for(team.contributor).get(section).content.decode()
