"""CSV and Excel (XLSX) files from rows: pure functions, no database.

Spreadsheet formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return could run as a formula when the file is opened in Excel or LibreOffice. In CSV such a cell
gets a leading apostrophe (`'=SUM(A1)`), which spreadsheets show as text. In XLSX the cell is
written as a plain string (never a formula) with the text unchanged and Excel's "quote prefix"
style, so that editing the cell does not turn it into a formula either.
"""

import csv
import io
import itertools
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Cell = str | int | None
Row = Sequence[Cell]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column widths in characters: wide enough for a code or a date, capped for long comments.
MIN_WIDTH = 8
MAX_WIDTH = 60
# The columns' widths of an XLSX file come from its first rows: a streamed sheet's widths are
# written before its rows, and holding every row to measure them would hold the whole export.
WIDTH_SAMPLE_ROWS = 1000


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"'{value}" if is_formula_like(value) else value


def iso(value: datetime | date | None) -> str:
    """ISO 8601 (seconds precision for date-times), or an empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def csv_write(target: BinaryIO, header: Sequence[str], rows: Iterable[Row]) -> None:
    """UTF-8 with a byte-order mark (so that Excel detects the encoding), RFC 4180 quoting;
    row by row, as `rows` yields them."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([csv_cell(title) for title in header])
        for row in rows:
            writer.writerow([csv_cell(value) for value in row])
        text.flush()
    finally:
        text.detach()  # the caller's file stays open


def csv_bytes(header: Sequence[str], rows: Iterable[Row]) -> bytes:
    buffer = io.BytesIO()
    csv_write(buffer, header, rows)
    return buffer.getvalue()


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Cell) -> XlsxCell | Cell:
    if isinstance(value, str) and is_formula_like(value):
        cell = WriteOnlyCell(sheet, value=value)
        # Setting a value that starts with "=" makes openpyxl write a formula: force a string.
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def xlsx_write(target: BinaryIO, header: Sequence[str], rows: Iterable[Row], *, title: str) -> None:
    """One sheet: a bold, frozen header row, then the rows; text never becomes a formula.

    openpyxl's write-only workbook keeps the rows in a temporary file and writes strings inline,
    so memory does not grow with the rows (beyond the first WIDTH_SAMPLE_ROWS)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    widths = [len(str(title)) for title in header]
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for row in sample:
        for index, value in enumerate(row):
            longest = max((len(line) for line in str(value or "").splitlines()), default=0)
            widths[index] = max(widths[index], longest)
    for index, width in enumerate(widths, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.data_type = "s"
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in itertools.chain(sample, rows):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(target)


def xlsx_bytes(header: Sequence[str], rows: Iterable[Row], *, title: str) -> bytes:
    buffer = io.BytesIO()
    xlsx_write(buffer, header, rows, title=title)
    return buffer.getvalue()
