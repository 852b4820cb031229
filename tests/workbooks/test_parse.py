"""The workbook's writer and reader on real files, without the database: a layout made by hand,
written, changed with openpyxl, read back and compared."""

import zipfile
from io import BytesIO

import pytest
from openpyxl.worksheet.datavalidation import DataValidation

from tests.workbooks.workbook_data import fill, find_row, open_book, save_book, set_code
from workbooks.layout import (
    COL_AREA,
    COL_COMMENT,
    COL_STATUS,
    COL_VERSION,
    META_SHEET,
    SheetLayout,
    SlotRow,
    WorkbookLayout,
    fingerprint,
)
from workbooks.parse import (
    CHANGED,
    CONFLICT,
    NEW,
    CellError,
    workbook_diff,
    workbook_read,
)
from workbooks.workbook import workbook_bytes

MB = 1024 * 1024
LABELS = {"met": "Met", "partial": "Partially met", "not_met": "Not met", "na": "Not applicable"}
AREA = ("met", "partial", "not_met", "na")
ENTERPRISE = ("met", "partial", "not_met")


def _row(key: str, *, status: str = "", comment: str = "", version: int = 0, editable=True):  # type: ignore[no-untyped-def]
    code, _sep, area = key.partition("|")
    return SlotRow(
        key=key,
        code=code,
        area_code=area or None,
        area_name={"radiology": "Radiology", "cardiology": "Cardiology"}.get(area, ""),
        text=f"Text of {code}",
        guidance=f"Guidance of {code}",
        allowed=AREA if area else ENTERPRISE,
        status=status,
        comment=comment,
        version=version,
        editable=editable,
    )


def layout(**answers: dict) -> WorkbookLayout:  # type: ignore[type-arg]
    """Stage 1 (1.1 per area) and Stage 2 (2.2); `answers` by slot key with "_" for "|" and "."."""

    def row(key: str):  # type: ignore[no-untyped-def]
        return _row(key, **answers.get(key.replace("|", "_").replace(".", "_"), {}))

    return WorkbookLayout(
        assessment_id=7,
        assessment_title="DIAM 2026",
        organization_name="Klinikum",
        catalog_slug="diam",
        catalog_revision="r1",
        sheets=[
            SheetLayout(
                "stage-1", "Stage 1", "Stage 1: x", [row("1.1|radiology"), row("1.1|cardiology")]
            ),
            SheetLayout("stage-2", "Stage 2", "Stage 2: y", [row("2.2")]),
        ],
        status_labels=LABELS,
        headers=(
            "Code",
            "Area",
            "Criterion",
            "Guidance",
            "Status",
            "Comment",
            "Version",
            "Answer",
            "Check",
        ),
        area_codes=("radiology", "cardiology"),
        instructions=["Read me", "Fill the yellow cells"],
    )


def read(data: bytes, current: WorkbookLayout, max_bytes: int = 5 * MB):  # type: ignore[no-untyped-def]
    result = workbook_read(data, current, max_bytes=max_bytes)
    preview = workbook_diff(result.rows, current)
    preview.errors = result.errors + preview.errors
    return preview


def test_workbook_has_drop_downs_protection_and_hidden_columns() -> None:
    book = open_book(workbook_bytes(layout(**{"2_2": {"status": "met", "version": 3}})))

    assert book.sheetnames == ["Read me", "Stage 1", "Stage 2", META_SHEET]
    assert book[META_SHEET].sheet_state == "hidden"
    sheet = book["Stage 1"]
    assert sheet.protection.sheet is True
    lists = sorted(dv.formula1 for dv in sheet.data_validations.dataValidation)
    assert lists == ['"Met,Partially met,Not met,Not applicable"']
    assert [dv.formula1 for dv in book["Stage 2"].data_validations.dataValidation] == [
        '"Met,Partially met,Not met"'
    ]
    assert str(sheet.data_validations.dataValidation[0].sqref) == "E2 E3"
    assert sheet["A2"].protection.locked is True
    assert sheet["E2"].protection.locked is False
    assert sheet["F2"].protection.locked is False
    assert [sheet.column_dimensions[c].hidden for c in "GHI"] == [True, True, True]
    assert book["Stage 2"]["G2"].value == 3
    assert book["Stage 2"]["E2"].value == "Met"


def test_workbook_closed_answer_is_locked_without_drop_down() -> None:
    book = open_book(
        workbook_bytes(layout(**{"2_2": {"status": "met", "version": 1, "editable": False}}))
    )

    sheet = book["Stage 2"]
    assert sheet["E2"].protection.locked is True
    assert sheet.data_validations.dataValidation == [] or all(
        not dv.sqref for dv in sheet.data_validations.dataValidation
    )


def test_status_labels_hold_no_list_separator() -> None:
    # The drop-down is an inline list: a comma or quote in a label would break it.
    from assessments.enums import AnswerStatus

    assert all(
        "," not in str(label) and '"' not in str(label) for _c, label in AnswerStatus.choices
    )


def test_read_untouched_workbook_changes_nothing() -> None:
    current = layout(**{"2_2": {"status": "met", "comment": "yes", "version": 2}})

    preview = read(workbook_bytes(current), current)

    assert (preview.errors, preview.new, preview.changed, preview.conflicts) == ([], [], [], [])
    assert preview.unchanged == 3


def test_read_new_changed_and_unchanged() -> None:
    current = layout(**{"2_2": {"status": "met", "comment": "yes", "version": 2}})
    book = open_book(workbook_bytes(current))
    fill(book, "Stage 1", "1.1|radiology", "Partially met", "RIS only\r\n since 2019  ")
    fill(book, "Stage 2", "2.2", "not_met", "no")

    preview = read(save_book(book), current)

    assert preview.errors == []
    assert [(c.kind, c.key, c.new_status, c.new_comment) for c in preview.new] == [
        (NEW, "1.1|radiology", "partial", "RIS only\n since 2019")
    ]
    assert [(c.kind, c.key, c.old_status, c.new_status, c.version) for c in preview.changed] == [
        (CHANGED, "2.2", "met", "not_met", 2)
    ]
    assert preview.unchanged == 1


def test_read_conflict_when_the_answer_changed_since_download() -> None:
    downloaded = layout(**{"2_2": {"status": "met", "version": 2}})
    book = open_book(workbook_bytes(downloaded))
    fill(book, "Stage 2", "2.2", "Not met", None)
    fill(book, "Stage 1", "1.1|cardiology", "Met", None)
    # Meanwhile a colleague changed 2.2 and answered 1.1 cardiology in the application.
    now = layout(
        **{
            "2_2": {"status": "partial", "version": 3},
            "1_1_cardiology": {"status": "not_met", "version": 1},
        }
    )

    preview = read(save_book(book), now)

    assert [(c.kind, c.key, c.old_status, c.new_status) for c in preview.conflicts] == [
        (CONFLICT, "1.1|cardiology", "not_met", "met"),
        (CONFLICT, "2.2", "partial", "not_met"),
    ]
    assert preview.new == preview.changed == []


def test_read_row_left_alone_is_not_a_conflict_when_the_app_changed_it() -> None:
    downloaded = layout(**{"2_2": {"status": "met", "version": 2}})
    now = layout(**{"2_2": {"status": "partial", "version": 3}})

    preview = read(workbook_bytes(downloaded), now)

    assert (preview.conflicts, preview.unchanged) == ([], 3)


def test_read_same_value_as_the_app_is_unchanged_even_with_an_old_version() -> None:
    downloaded = layout(**{"2_2": {"status": "met", "version": 2}})
    book = open_book(workbook_bytes(downloaded))
    fill(book, "Stage 2", "2.2", "Partially met", None)
    now = layout(**{"2_2": {"status": "partial", "version": 3}})

    preview = read(save_book(book), now)

    assert (preview.conflicts, preview.changed, preview.unchanged) == ([], [], 3)


def _errors(data: bytes, current: WorkbookLayout | None = None, **kwargs) -> list[CellError]:  # type: ignore[no-untyped-def]
    return read(data, current or layout(), **kwargs).errors


def test_read_random_bytes_is_not_a_workbook() -> None:
    errors = _errors(b"\x00\x01 random bytes" * 100)

    assert [e.message for e in errors] == [
        "This file is not an Excel workbook (.xlsx). Upload the questionnaire workbook "
        "downloaded from this assessment, filled in and saved as .xlsx."
    ]


def test_read_pdf_renamed_xlsx_is_not_a_workbook() -> None:
    errors = _errors(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

    assert errors[0].message.startswith("This file is not an Excel workbook (.xlsx).")


def test_read_zip_that_is_not_a_workbook_is_refused() -> None:
    output = BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")

    errors = _errors(output.getvalue())

    assert errors[0].message.startswith("This file is not an Excel workbook (.xlsx).")


def test_read_damaged_workbook_is_refused() -> None:
    output = BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-a-workbook")

    errors = _errors(output.getvalue())

    assert [e.message for e in errors] == [
        "This workbook cannot be read (it may be damaged). Save it again as .xlsx."
    ]


def test_read_workbook_without_hidden_sheet_is_refused() -> None:
    book = open_book(workbook_bytes(layout()))
    del book[META_SHEET]

    errors = _errors(save_book(book))

    assert errors[0].message.startswith("This workbook was not downloaded from this application")


def test_read_workbook_of_another_assessment_is_refused() -> None:
    book = open_book(workbook_bytes(layout()))
    book[META_SHEET]["B2"] = "8"

    errors = _errors(save_book(book))

    assert [e.message for e in errors] == [
        "This workbook belongs to another assessment (number 8), not to “DIAM 2026”. Upload it "
        "on its own assessment, or download this one's workbook."
    ]


def test_read_workbook_of_another_catalog_version_is_refused() -> None:
    book = open_book(workbook_bytes(layout()))
    book[META_SHEET]["B3"] = "diam-2019"

    errors = _errors(save_book(book))

    assert [e.message for e in errors] == [
        "This workbook was made for the catalog version “diam-2019”; this assessment uses "
        "“diam”. Download the workbook again."
    ]


def test_read_workbook_after_the_areas_changed_is_refused() -> None:
    current = layout()
    data = workbook_bytes(current)
    now = WorkbookLayout(**{**current.__dict__, "area_codes": ("radiology", "pathology")})

    errors = _errors(data, now)

    assert [e.message for e in errors] == [
        "The assessment's service areas changed since this workbook was downloaded (added: "
        "pathology; removed: cardiology). Download the workbook again."
    ]


def test_read_changed_code_and_area_are_refused_with_their_cells() -> None:
    book = open_book(workbook_bytes(layout()))
    set_code(book, "Stage 1", "1.1|radiology", "1.2")
    book["Stage 1"].cell(
        row=find_row(book, "Stage 1", "1.1|cardiology"), column=COL_AREA
    ).value = "Pathology"

    errors = _errors(save_book(book))

    assert errors == [
        CellError(
            "The criterion code was changed from “1.1” to “1.2”: codes are locked.",
            sheet="Stage 1",
            row=2,
            column="A (Code)",
        ),
        CellError(
            "The service area was changed from “Cardiology” to “Pathology”: areas are locked.",
            sheet="Stage 1",
            row=3,
            column="B (Area)",
        ),
    ]


def test_read_added_row_is_refused() -> None:
    book = open_book(workbook_bytes(layout()))
    sheet = book["Stage 1"]
    for column in range(1, 10):
        sheet.cell(row=4, column=column).value = sheet.cell(row=2, column=column).value

    errors = _errors(save_book(book))

    assert errors == [
        CellError(
            "This row repeats row 2 (1.1 · Radiology): rows must not be added or copied.",
            sheet="Stage 1",
            row=4,
            column="A (Code)",
        )
    ]


def test_read_removed_row_is_refused() -> None:
    book = open_book(workbook_bytes(layout()))
    book["Stage 1"].delete_rows(3)

    errors = _errors(save_book(book))

    assert errors == [
        CellError(
            "The row of 1.1 · Cardiology is missing: rows must not be removed.", sheet="Stage 1"
        )
    ]


def test_read_row_moved_to_another_sheet_is_refused() -> None:
    book = open_book(workbook_bytes(layout()))
    for column in range(1, 10):
        book["Stage 2"].cell(row=3, column=column).value = (
            book["Stage 1"].cell(row=3, column=column).value
        )
    book["Stage 1"].delete_rows(3)

    errors = _errors(save_book(book))

    assert [(e.sheet, e.row, e.message) for e in errors] == [
        ("Stage 1", None, "The row of 1.1 · Cardiology is missing: rows must not be removed."),
        ("Stage 2", 3, "This row belongs on the sheet “Stage 1”: rows must not be moved."),
    ]


def test_read_deleted_sheet_is_refused() -> None:
    book = open_book(workbook_bytes(layout()))
    del book["Stage 2"]

    errors = _errors(save_book(book))

    assert [e.message for e in errors] == [
        "The sheet “Stage 2” is missing: sheets must not be deleted or renamed."
    ]


def test_read_unknown_status_is_refused() -> None:
    book = open_book(workbook_bytes(layout()))
    fill(book, "Stage 1", "1.1|radiology", "Maybe", None)
    fill(book, "Stage 2", "2.2", "Not applicable", None)

    errors = _errors(save_book(book))

    assert errors == [
        CellError(
            "Unknown status “Maybe”: choose one of “Met”, “Partially met”, “Not met”, "
            "“Not applicable”.",
            sheet="Stage 1",
            row=2,
            column="E (Status)",
        ),
        CellError(
            "“Not applicable” is not allowed for 2.2: choose one of “Met”, “Partially met”, "
            "“Not met”.",
            sheet="Stage 2",
            row=2,
            column="E (Status)",
        ),
    ]


@pytest.mark.parametrize("column", [COL_STATUS, COL_COMMENT])
def test_read_formula_is_refused(column: int) -> None:
    book = open_book(workbook_bytes(layout()))
    book["Stage 1"].cell(row=2, column=column).value = '=IF(1=1,"Met","Not met")'

    errors = _errors(save_book(book))

    assert [(e.row, e.column[:1], e.message) for e in errors] == [
        (
            2,
            "EF"[column - COL_STATUS],
            "Formulas are not accepted: type the value itself (without “=”).",
        )
    ]


def test_read_comment_without_status_and_removed_answer_are_refused() -> None:
    current = layout(**{"2_2": {"status": "met", "version": 1}})
    book = open_book(workbook_bytes(current))
    fill(book, "Stage 1", "1.1|radiology", None, "a comment")
    fill(book, "Stage 2", "2.2", None, None)

    errors = _errors(save_book(book), current)

    assert [(e.sheet, e.row, e.message) for e in errors] == [
        ("Stage 1", 2, "A comment needs a status: choose one."),
        ("Stage 2", 2, "An answer cannot be removed in a workbook: choose a status."),
    ]


def test_read_changed_hidden_version_is_refused() -> None:
    book = open_book(workbook_bytes(layout()))
    book["Stage 2"].cell(row=2, column=COL_VERSION).value = "x"

    errors = _errors(save_book(book))

    assert [(e.column, e.message) for e in errors] == [
        ("G (Version)", "The hidden version was changed: it is locked.")
    ]


def test_read_closed_answer_changed_is_refused() -> None:
    current = layout(**{"2_2": {"status": "met", "version": 1, "editable": False}})
    book = open_book(workbook_bytes(current))
    fill(book, "Stage 2", "2.2", "Not met", None)

    errors = _errors(save_book(book), current)

    assert [(e.sheet, e.row, e.column) for e in errors] == [("Stage 2", 2, "E (Status)")]
    assert errors[0].message.startswith("This answer is not open for changes")


def test_read_file_over_the_limit_is_refused_before_parsing() -> None:
    errors = _errors(b"PK" + b"\x00" * (2 * MB), max_bytes=1 * MB)

    assert [e.message for e in errors] == [
        "The file is too large (2.0 MB; at most 1 MB). The questionnaire workbook is far "
        "smaller: rows must not be added."
    ]


def test_read_many_rows_are_refused_without_reading_them() -> None:
    book = open_book(workbook_bytes(layout()))
    sheet = book["Stage 1"]
    for number in range(4, 100_004):
        sheet.cell(row=number, column=3).value = f"padding row {number} " + "x" * 100
    data = save_book(book)

    errors = _errors(data)

    # 10 MB of rows, compressed below the upload limit: refused by the row count.
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert sum(info.file_size for info in archive.infolist()) > 10 * MB
    assert len(data) < 5 * MB
    assert [(e.sheet, e.message) for e in errors] == [
        (
            "Stage 1",
            "The sheet has 100002 rows; the questionnaire has 2: rows must not be added.",
        )
    ]


def test_read_unpacked_size_is_bounded() -> None:
    output = BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<w/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<r/>" * (30 * MB // 4))

    errors = _errors(output.getvalue(), max_bytes=1 * MB)

    assert [e.message for e in errors] == [
        "This workbook holds far more data than a questionnaire (more than 20 MB unpacked): "
        "rows must not be added."
    ]


def test_read_status_label_of_another_language_is_accepted() -> None:
    current = WorkbookLayout(**{**layout().__dict__, "status_aliases": {"Erfüllt": "met"}})
    book = open_book(workbook_bytes(current))
    fill(book, "Stage 2", "2.2", "erfüllt", None)

    preview = read(save_book(book), current)

    assert [(c.key, c.new_status) for c in preview.new] == [("2.2", "met")]


def test_fingerprint_ignores_line_ending_and_outer_spaces() -> None:
    assert fingerprint("met", " a\r\nb ") == fingerprint("met", "a\nb")
    assert DataValidation  # imported for the drop-down checks above
