"""Writing the questionnaire workbook (XLSX) of an assessment from its `WorkbookLayout`.

Every section is a sheet, every answer slot a row. The status is a drop-down list of the statuses
the criterion allows; the sheets are protected with only the status and comment cells of open
answers unlocked; each row's version, slot and fingerprint sit in hidden columns and the
assessment, catalog and download time in a hidden sheet (`workbooks.parse` checks them all).
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from workbooks.layout import (
    COL_AREA,
    COL_CODE,
    COL_COMMENT,
    COL_FINGERPRINT,
    COL_GUIDANCE,
    COL_SLOT,
    COL_STATUS,
    COL_TEXT,
    COL_VERSION,
    FORMAT,
    META_SHEET,
    SheetLayout,
    SlotRow,
    WorkbookLayout,
    fingerprint,
)

WIDTHS = {
    COL_CODE: 7,
    COL_AREA: 20,
    COL_TEXT: 60,
    COL_GUIDANCE: 50,
    COL_STATUS: 18,
    COL_COMMENT: 50,
    COL_VERSION: 8,
    COL_SLOT: 20,
    COL_FINGERPRINT: 18,
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
OPEN_FILL = PatternFill("solid", fgColor="FFF8DC")  # the cells to fill in
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)


def workbook_bytes(layout: WorkbookLayout) -> bytes:
    book = Workbook()
    intro = book.active
    assert intro is not None
    _write_instructions(intro, layout)
    for sheet in layout.sheets:
        _write_section(book.create_sheet(sheet.title), sheet, layout)
    _write_meta(book.create_sheet(META_SHEET), layout)
    # The sheets' order and names are part of the format: the structure is locked too.
    book.security = WorkbookProtection(lockStructure=True)
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    # Respondents may still widen columns and rows to read long texts.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_instructions(sheet: Worksheet, layout: WorkbookLayout) -> None:
    sheet.title = layout.instructions_title[:31]
    sheet.column_dimensions["A"].width = 110
    for number, line in enumerate(layout.instructions, start=1):
        cell = sheet.cell(row=number, column=1, value=line)
        cell.alignment = WRAP
        if number == 1:
            cell.font = Font(bold=True, size=14)
    _protect(sheet)


def _write_section(sheet: Worksheet, section: SheetLayout, layout: WorkbookLayout) -> None:
    for column, heading in enumerate(layout.headers, start=1):
        cell = sheet.cell(row=1, column=column, value=heading)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    for column, width in WIDTHS.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in (COL_VERSION, COL_SLOT, COL_FINGERPRINT):
        sheet.column_dimensions[get_column_letter(column)].hidden = True
    sheet.freeze_panes = "C2"

    # The longest list first: the same order in every file.
    lists = {
        allowed: _status_list(allowed, layout.status_labels)
        for allowed in sorted({row.allowed for row in section.rows}, key=lambda a: (-len(a), a))
    }
    for validation in lists.values():
        sheet.add_data_validation(validation)
    for number, row in enumerate(section.rows, start=2):
        _write_row(sheet, number, row, layout)
        if row.editable:
            lists[row.allowed].add(sheet.cell(row=number, column=COL_STATUS))
    _protect(sheet)


def _status_list(allowed: tuple[str, ...], labels: dict[str, str]) -> DataValidation:
    # Labels hold no comma or quote (checked by the tests), so an inline list suffices.
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(labels[code] for code in allowed) + '"',
        allow_blank=True,
        showDropDown=False,  # openpyxl's name for "hide the in-cell arrow": keep the arrow
    )
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    return validation


def _write_row(sheet: Worksheet, number: int, row: SlotRow, layout: WorkbookLayout) -> None:
    values = {
        COL_CODE: row.code,
        COL_AREA: row.area_name,
        COL_TEXT: row.text,
        COL_GUIDANCE: row.guidance,
        COL_STATUS: layout.status_labels.get(row.status, "") if row.status else None,
        COL_COMMENT: row.comment or None,
        COL_VERSION: row.version,
        COL_SLOT: row.key,
        COL_FINGERPRINT: fingerprint(row.status, row.comment),
    }
    for column, value in values.items():
        cell = sheet.cell(row=number, column=column)
        # Texts are written as strings, never as formulas, whatever they start with.
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
        cell.alignment = WRAP
    if row.editable:
        for column in (COL_STATUS, COL_COMMENT):
            cell = sheet.cell(row=number, column=column)
            cell.protection = UNLOCKED
            cell.fill = OPEN_FILL


def _write_meta(sheet: Worksheet, layout: WorkbookLayout) -> None:
    rows: list[tuple[str, str]] = [
        ("format", FORMAT),
        ("assessment", str(layout.assessment_id)),
        ("catalog", layout.catalog_slug),
        ("catalog_revision", layout.catalog_revision),
        (
            "downloaded_at",
            layout.downloaded_at.isoformat(timespec="seconds") if layout.downloaded_at else "",
        ),
        ("language", layout.language),
        ("areas", ",".join(layout.area_codes)),
    ]
    rows += [(f"sheet:{section.slug}", section.title) for section in layout.sheets]
    for number, (key, value) in enumerate(rows, start=1):
        sheet.cell(row=number, column=1, value=key)
        sheet.cell(row=number, column=2, value=value).data_type = "s"
    sheet.sheet_state = "hidden"
    _protect(sheet)
