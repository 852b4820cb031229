"""CSV and XLSX exports: the pure builders, then a small known assessment, cell by cell."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings

from assessments.models import Answer, Assessment
from discussions.enums import Side
from discussions.models import AnswerMessage
from reports.enums import ExportOutput
from reports.exports.files import data_export
from reports.exports.tabular import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    csv_bytes,
    csv_cell,
    excel_datetime,
    xlsx_bytes,
)
from reports.selectors import (
    answer_export_header,
    answer_export_rows,
    assessment_export_filter,
    assessment_export_header,
    assessment_export_rows,
)
from tests.factories import OrganizationFactory, UserFactory, assessment_with_areas
from tests.reports.export_data import (
    AWKWARD,
    FORMULA,
    REJECTION,
    add_answers,
    groups_assessment,
    known_assessment,
)

ANSWERS_HEADER = [
    "Organization",
    "Assessment",
    "Assessment id",
    "Criterion",
    "Service area",
    "Status",
    "Verdict",
    "Verdict comment",
    "Comment",
    "Updated at",
    "Updated by",
    "Discussion",
]
ASSESSMENTS_HEADER = [
    "Organization",
    "Assessment",
    "Assessment id",
    "Country",
    "Kind",
    "Status",
    "Self-assessed stage",
    "Validated stage",
    "Groups met",
    "Created",
    "Submitted",
    "Validated",
    "Expires",
]
UPDATED = "2026-03-01T10:30:00+00:00"
# The same moment in an XLSX cell: the installation's wall-clock time (UTC in the tests).
UPDATED_CELL = datetime(2026, 3, 1, 10, 30)
BERLIN = ZoneInfo("Europe/Berlin")
DISCUSSED = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(content)).active


def answer_rows_text(assessment: Assessment) -> list[list[str]]:
    """The expected CSV rows of the known assessment (verdicts shown)."""
    pk = str(assessment.pk)
    org, title = "Klinikum Süd", "Baseline 2026"
    return [
        ANSWERS_HEADER,
        [
            *[org, title, pk, "1.1", "radiology", "met", "accepted", "", "'" + FORMULA],
            *[UPDATED, "anna", ""],
        ],
        [org, title, pk, "1.1", "cardiology", "partial", "", "", "", UPDATED, "anna", ""],
        [org, title, pk, "2.2", "", "met", "not accepted", REJECTION, AWKWARD, UPDATED, "anna", ""],
    ]


# --- pure builders -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-5, "-5"),
        (3, "3"),
    ],
)
def test_csv_cell_formula_prefixes_get_an_apostrophe(
    value: str | int | None, expected: str
) -> None:
    assert csv_cell(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2029, 1, 20), "2029-01-20"),
        (datetime(2026, 3, 1, 10, 30, 5, 123, tzinfo=UTC), "2026-03-01T10:30:05+00:00"),
        (datetime(2026, 3, 1, 10, 30, tzinfo=BERLIN), "2026-03-01T10:30:00+01:00"),
        (datetime(2026, 3, 1, 10, 30), "2026-03-01T10:30:00"),
        (0.25, "0.25"),
        (Decimal("12.50"), "12.50"),
    ],
)
def test_csv_cell_dates_iso_and_numbers_as_written(value: Any, expected: str) -> None:
    assert csv_cell(value) == expected


def test_excel_datetime_wall_clock_in_the_time_zone_without_it() -> None:
    summer = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    winter = datetime(2026, 1, 1, 23, 30, tzinfo=UTC)

    assert excel_datetime(summer, BERLIN) == datetime(2026, 7, 1, 12, 30)
    assert excel_datetime(winter, BERLIN) == datetime(2026, 1, 2, 0, 30)
    assert excel_datetime(datetime(2026, 7, 1, 10, 30), BERLIN) == datetime(2026, 7, 1, 10, 30)


def test_csv_bytes_bom_crlf_and_rfc4180_quoting() -> None:
    content = csv_bytes(["a", "b"], [['say "hi", then\nleave', 7]])

    assert content == b'\xef\xbb\xbfa,b\r\n"say ""hi"", then\nleave",7\r\n'


def test_xlsx_bytes_header_bold_frozen_and_widths() -> None:
    sheet = read_xlsx(
        xlsx_bytes(["Code", "Comment"], [["1.1", "x" * 200]], title="Answers", time_zone=UTC)
    )

    assert sheet.title == "Answers"
    assert sheet.freeze_panes == "A2"
    assert [cell.font.b for cell in sheet[1]] == [True, True]
    assert [cell.font.b for cell in sheet[2]] == [False, False]
    assert sheet.column_dimensions["A"].width == 8
    assert sheet.column_dimensions["B"].width == 60


def test_xlsx_bytes_formula_text_is_a_string_with_quote_prefix() -> None:
    sheet = read_xlsx(
        xlsx_bytes(["c"], [["=1+2"], ["-5"], ["plain"], [-5]], title="t", time_zone=UTC)
    )

    cells = [sheet.cell(row=row, column=1) for row in range(2, 6)]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        ("=1+2", "s", True),
        ("-5", "s", True),
        ("plain", "s", False),
        (-5, "n", False),
    ]


def test_xlsx_bytes_dates_and_datetimes_are_date_cells_numbers_numeric() -> None:
    row = [
        date(2029, 1, 20),
        datetime(2026, 7, 1, 10, 30, 5, tzinfo=UTC),
        datetime(2026, 7, 1, 8, 0),
        3,
        0.25,
        Decimal("1.5"),
        None,
    ]

    sheet = read_xlsx(xlsx_bytes(list("abcdefg"), [row], title="t", time_zone=BERLIN))

    cells = sheet[2]
    assert [(c.value, c.is_date, c.number_format) for c in cells[:3]] == [
        (datetime(2029, 1, 20), True, DATE_FORMAT),
        (datetime(2026, 7, 1, 12, 30, 5), True, DATETIME_FORMAT),
        (datetime(2026, 7, 1, 8, 0), True, DATETIME_FORMAT),
    ]
    assert [(c.value, c.data_type, c.is_date) for c in cells[3:]] == [
        (3, "n", False),
        (0.25, "n", False),
        (1.5, "n", False),
        (None, "n", False),
    ]
    # Excel's regional short date (14) and date-time (22) formats.
    assert (DATE_FORMAT, DATETIME_FORMAT) == ("mm-dd-yy", "m/d/yy h:mm")
    assert [sheet.column_dimensions[column].width for column in "AB"] == [12, 18]


# --- the known assessment, cell by cell ----------------------------------------------------------


@pytest.mark.usefixtures("catalog")
def test_answers_csv_known_assessment_cell_by_cell() -> None:
    assessment = known_assessment()

    export = data_export(
        ExportOutput.ANSWERS_CSV, Assessment.objects.filter(pk=assessment.pk), stem="x"
    )

    assert export.filename == "answers-x.csv"
    assert export.content_type == "text/csv; charset=utf-8"
    assert read_csv(export.content) == answer_rows_text(assessment)


@pytest.mark.usefixtures("catalog")
def test_answers_xlsx_known_assessment_cell_by_cell() -> None:
    assessment = known_assessment()

    export = data_export(
        ExportOutput.ANSWERS_XLSX, Assessment.objects.filter(pk=assessment.pk), stem="x"
    )

    sheet = read_xlsx(export.content)
    org, title, pk = "Klinikum Süd", "Baseline 2026", assessment.pk
    assert export.filename == "answers-x.xlsx"
    updated = UPDATED_CELL
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ANSWERS_HEADER,
        [
            *[org, title, pk, "1.1", "radiology", "met", "accepted", None, FORMULA],
            *[updated, "anna", None],
        ],
        [org, title, pk, "1.1", "cardiology", "partial", None, None, None, updated, "anna", None],
        [
            *[org, title, pk, "2.2", None, "met", "not accepted", REJECTION, AWKWARD],
            *[updated, "anna", None],
        ],
    ]
    formula_cell = sheet.cell(row=2, column=9)
    assert (formula_cell.data_type, formula_cell.quotePrefix) == ("s", True)
    assert sheet.freeze_panes == "A2"
    assert [(row[2].data_type, row[2].is_date) for row in sheet.iter_rows(min_row=2)] == [
        ("n", False)
    ] * 3
    assert [(row[9].is_date, row[9].number_format) for row in sheet.iter_rows(min_row=2)] == [
        (True, DATETIME_FORMAT)
    ] * 3


@pytest.mark.usefixtures("catalog")
def test_answers_xlsx_times_in_the_installation_time_zone_csv_keeps_utc(
    settings: Settings,
) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    assessment = known_assessment()
    chosen = Assessment.objects.filter(pk=assessment.pk)

    sheet = read_xlsx(data_export(ExportOutput.ANSWERS_XLSX, chosen).content)
    rows = read_csv(data_export(ExportOutput.ANSWERS_CSV, chosen).content)

    # 10:30 UTC on 1 March is 11:30 in Berlin (CET, UTC+1).
    assert sheet.cell(row=2, column=10).value == datetime(2026, 3, 1, 11, 30)
    assert rows[1][9] == UPDATED


@pytest.mark.usefixtures("catalog")
def test_answer_export_rows_without_verdicts_leaves_them_empty() -> None:
    assessment = known_assessment()

    rows = answer_export_rows(Assessment.objects.filter(pk=assessment.pk), with_verdicts=False)

    assert [(row[6], row[7]) for row in rows] == [("", ""), ("", ""), ("", "")]


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize("with_verdicts", [True, False])
def test_answer_export_rows_discussion_one_line_per_message(with_verdicts: bool) -> None:
    assessment = known_assessment()
    answer = Answer.objects.get(assessment=assessment, criterion__code="2.2")
    for author, side, body, when in (
        ("astrid", Side.ASSESSOR, "Is the policy\nsigned?", DISCUSSED),
        ("anna", Side.ORGANIZATION, "=Signed in May.", DISCUSSED + timedelta(minutes=5)),
    ):
        message = AnswerMessage.objects.create(
            answer=answer, author=UserFactory(username=author), side=side, body=body
        )
        AnswerMessage.objects.filter(pk=message.pk).update(created=when)

    rows = answer_export_rows(
        Assessment.objects.filter(pk=assessment.pk), with_verdicts=with_verdicts
    )

    discussion = (
        "astrid (2026-03-04 10:30): Is the policy signed?\nanna (2026-03-04 10:35): =Signed in May."
    )
    assert [row[11] for row in rows] == ["", "", discussion if with_verdicts else ""]


@pytest.mark.usefixtures("catalog")
def test_answer_export_rows_discussion_names_a_deleted_author_former_member() -> None:
    assessment = known_assessment()
    answer = Answer.objects.get(assessment=assessment, criterion__code="2.2")
    message = AnswerMessage.objects.create(
        answer=answer, author=UserFactory(username="astrid"), side=Side.ASSESSOR, body="Why?"
    )
    AnswerMessage.objects.filter(pk=message.pk).update(created=DISCUSSED, author=None)

    rows = answer_export_rows(Assessment.objects.filter(pk=assessment.pk), with_verdicts=True)

    assert [row[11] for row in rows] == ["", "", "former member (2026-03-04 10:30): Why?"]


@pytest.mark.usefixtures("catalog")
def test_assessments_csv_known_assessments_cell_by_cell() -> None:
    known = known_assessment()
    groups = groups_assessment()

    export = data_export(ExportOutput.ASSESSMENTS_CSV, Assessment.objects.all(), stem="x")

    assert read_csv(export.content) == [
        ASSESSMENTS_HEADER,
        # Organizations in name order: Centre Lumière before Klinikum Süd.
        [
            "Centre Lumière",
            "2026",
            str(groups.pk),
            "FR",
            "diagnostic-center",
            "validated",
            "0",
            "0",
            "A, C",
            "2026-01-05T12:00:00+00:00",
            "2026-01-06T12:00:00+00:00",
            "2026-01-20T16:45:00+00:00",
            "2029-01-20",
        ],
        [
            "Klinikum Süd",
            "Baseline 2026",
            str(known.pk),
            "DE",
            "hospital",
            "submitted",
            "0",
            "",
            "",
            "2026-02-01T08:00:00+00:00",
            "2026-03-02T09:15:00+00:00",
            "",
            "",
        ],
    ]


@pytest.mark.usefixtures("catalog")
def test_assessments_xlsx_stages_are_numbers_dates_are_dates() -> None:
    groups = groups_assessment()
    known = known_assessment()

    export = data_export(ExportOutput.ASSESSMENTS_XLSX, Assessment.objects.all(), stem="x")

    sheet = read_xlsx(export.content)
    assert [cell.value for cell in sheet[1]] == ASSESSMENTS_HEADER
    assert [cell.value for cell in sheet[2]] == [
        "Centre Lumière",
        "2026",
        groups.pk,
        "FR",
        "diagnostic-center",
        "validated",
        0,
        0,
        "A, C",
        datetime(2026, 1, 5, 12, 0),
        datetime(2026, 1, 6, 12, 0),
        datetime(2026, 1, 20, 16, 45),
        datetime(2029, 1, 20),  # a date cell reads back as midnight
    ]
    assert [cell.value for cell in sheet[3]][2:] == [
        *[known.pk, "DE", "hospital", "submitted", 0, None, None],
        *[datetime(2026, 2, 1, 8, 0), datetime(2026, 3, 2, 9, 15), None, None],
    ]
    numbers = sheet[2][2], sheet[2][6], sheet[2][7]
    assert [(cell.data_type, type(cell.value)) for cell in numbers] == [("n", int)] * 3
    dates = sheet[2][9:13]
    assert [(cell.is_date, cell.number_format) for cell in dates] == [
        (True, DATETIME_FORMAT),
        (True, DATETIME_FORMAT),
        (True, DATETIME_FORMAT),
        (True, DATE_FORMAT),
    ]


@pytest.mark.usefixtures("catalog")
def test_assessments_xlsx_times_in_the_installation_time_zone(settings: Settings) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    groups_assessment()

    export = data_export(ExportOutput.ASSESSMENTS_XLSX, Assessment.objects.all(), stem="x")

    # Winter: UTC+1. The expiry is a date, the same everywhere.
    assert [cell.value for cell in read_xlsx(export.content)[2]][9:] == [
        datetime(2026, 1, 5, 13, 0),
        datetime(2026, 1, 6, 13, 0),
        datetime(2026, 1, 20, 17, 45),
        datetime(2029, 1, 20),
    ]


def test_headers_match_the_documented_columns() -> None:
    assert (answer_export_header(), assessment_export_header()) == (
        ANSWERS_HEADER,
        ASSESSMENTS_HEADER,
    )


# --- query counts --------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize("count", [1, 3])
def test_answer_export_rows_fixed_queries(
    count: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(count):
        for answer in known_assessment_copy().answers.all():
            AnswerMessage.objects.create(answer=answer, side=Side.ASSESSOR, body="Why?")

    # The answers with their verdicts, then the messages on them.
    with django_assert_num_queries(2):
        rows = answer_export_rows(Assessment.objects.all(), with_verdicts=True)

    assert len(rows) == 3 * count


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize("count", [1, 3])
def test_assessment_export_rows_fixed_queries(
    count: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(count):
        known_assessment_copy()

    # The assessments, their areas, their answers, the rules of the one catalog version.
    with django_assert_num_queries(4):
        rows = assessment_export_rows(Assessment.objects.all())

    assert len(rows) == count


def known_assessment_copy() -> Assessment:
    """Three answers under an organization of its own."""
    assessment = assessment_with_areas(["radiology"], organization=OrganizationFactory())
    add_answers(
        assessment,
        [("1.1", "radiology", "met", "a"), ("2.2", None, "met", "b"), ("3.1", None, "na", "")],
    )
    return assessment


# --- filters -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalog")
def test_assessment_export_filter_each_filter() -> None:
    known = known_assessment()
    groups = groups_assessment()

    def ids(**filters: Any) -> list[int]:
        return list(assessment_export_filter(**filters).values_list("pk", flat=True))

    assert ids() == [groups.pk, known.pk]
    assert ids(status="submitted") == [known.pk]
    assert ids(country="FR") == [groups.pk]
    assert ids(kind="hospital") == [known.pk]
    assert ids(stage=0) == [groups.pk, known.pk]
    assert ids(stage=3) == []
    assert ids(date_from=date(2026, 2, 1)) == [known.pk]
    assert ids(date_to=date(2026, 1, 31)) == [groups.pk]
    assert ids(date_field="submitted", date_from=date(2026, 3, 2), date_to=date(2026, 3, 2)) == [
        known.pk
    ]
