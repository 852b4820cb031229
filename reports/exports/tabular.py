"""CSV and Excel (XLSX) files from rows: pure functions, no database.

Spreadsheet formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return could run as a formula when the file is opened in Excel or LibreOffice. In CSV such a cell
gets a leading apostrophe (`'=SUM(A1)`), which spreadsheets show as text. In XLSX the cell is
written as a plain string (never a formula) with the text unchanged and Excel's "quote prefix"
style, so that editing the cell does not turn it into a formula either.

Rows hold values, not texts: numbers (ids, stages, counts) and dates stay numbers and dates.
A CSV file is read by programs, so it writes them machine-readable: ISO 8601 dates, date-times
with their UTC offset (`iso`). An XLSX file is read by people: numbers are numeric cells, dates
and date-times real date cells with Excel's built-in short date (and date-time) format, which
Excel and LibreOffice show in the reader's own regional format (31.12.2026 in German, 12/31/2026
in American English). Excel has no time zones: a date-time is written as the wall-clock time in
the time zone the caller gives (the data exports give the installation's, settings.TIME_ZONE),
without its offset.
"""

import csv
import io
import itertools
from collections.abc import Iterable, Sequence
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Font
from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Cell = str | int | float | Decimal | date | datetime | None
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
# Excel's built-in formats 14 and 22 ("mm-dd-yy", "m/d/yy h:mm" in the file) are the ones Excel
# and LibreOffice show in the reader's regional short date format, whatever they are named.
DATE_FORMAT = BUILTIN_FORMATS[14]
DATETIME_FORMAT = BUILTIN_FORMATS[22]
# The widest a date ("31.12.2026") and a date-time ("31.12.2026 23:59") show.
DATE_WIDTH = 10
DATETIME_WIDTH = 16


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return iso(value)
    if not isinstance(value, str):
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


def excel_datetime(value: datetime, time_zone: tzinfo) -> datetime:
    """The wall-clock time of `value` in `time_zone`, without time zone (Excel has none); a
    naive date-time is taken as it is."""
    if value.tzinfo is None:
        return value
    return value.astimezone(time_zone).replace(tzinfo=None)


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Cell, time_zone: tzinfo) -> XlsxCell | Cell:
    if isinstance(value, str) and is_formula_like(value):
        cell = WriteOnlyCell(sheet, value=value)
        # Setting a value that starts with "=" makes openpyxl write a formula: force a string.
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=excel_datetime(value, time_zone))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _shown_width(value: Cell) -> int:
    if isinstance(value, datetime):
        return DATETIME_WIDTH
    if isinstance(value, date):
        return DATE_WIDTH
    return max((len(line) for line in str(value or "").splitlines()), default=0)


def xlsx_write(
    target: BinaryIO,
    header: Sequence[str],
    rows: Iterable[Row],
    *,
    title: str,
    time_zone: tzinfo,
) -> None:
    """One sheet: a bold, frozen header row, then the rows; text never becomes a formula, dates
    and date-times become date cells (those with a time zone shown in `time_zone`).

    openpyxl's write-only workbook keeps the rows in a temporary file and writes strings inline,
    so memory does not grow with the rows (beyond the first WIDTH_SAMPLE_ROWS)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    widths = [len(str(title)) for title in header]
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for row in sample:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _shown_width(value))
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
        sheet.append([_xlsx_cell(sheet, value, time_zone) for value in row])
    workbook.save(target)


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Row], *, title: str, time_zone: tzinfo
) -> bytes:
    buffer = io.BytesIO()
    xlsx_write(buffer, header, rows, title=title, time_zone=time_zone)
    return buffer.getvalue()
