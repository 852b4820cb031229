"""Reading an uploaded questionnaire workbook and comparing it with the assessment: pure Python
(openpyxl, no database), so that every refusal is tested on real files without Django's ORM.

`workbook_read` checks the file (a real workbook of this assessment and catalog, locked cells
untouched, known statuses, no formulas, within the size limits) and returns its rows with an error
per offending cell; `workbook_diff` sorts the rows against the answers as they stand now: new,
changed, unchanged, in conflict (changed in the application since the download), or refused.
"""

import warnings
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from workbooks.layout import (
    COL_AREA,
    COL_CODE,
    COL_COMMENT,
    COL_FINGERPRINT,
    COL_SLOT,
    COL_STATUS,
    COL_VERSION,
    COLUMNS,
    FORMAT,
    HEADER_ROWS,
    META_SHEET,
    SlotRow,
    WorkbookLayout,
    fingerprint,
    normalize_comment,
)

MAX_COMMENT = 10_000  # as the section pages (assessments.survey_forms)
# Blank rows a spreadsheet program may leave below the questionnaire; anything further down is
# never read (it cannot be applied either), so a sheet of a million rows costs nothing.
EXTRA_ROWS = 200
EXTRA_COLUMNS = 10
META_ROWS = 200
MAX_ERRORS = 200
# A workbook is a ZIP: its size unpacked is bounded too (a small file can unpack to gigabytes).
UNPACKED_FACTOR = 20


@dataclass(frozen=True)
class CellError:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # "E (Status)"


@dataclass(frozen=True)
class FileRow:
    """One answer slot as the respondent left it in the file."""

    key: str
    sheet: str
    row: int
    status: str  # a status code, or "" for none
    comment: str
    version: int  # the answer's version at download (0: none)
    touched: bool  # the respondent changed the status or the comment

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "sheet": self.sheet,
            "row": self.row,
            "status": self.status,
            "comment": self.comment,
            "version": self.version,
            "touched": self.touched,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FileRow":
        return cls(**data)


@dataclass
class ReadResult:
    rows: list[FileRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    downloaded_at: str = ""

    def add(self, error: CellError) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append(CellError(_("More errors were found; only the first are shown.")))


class Refused(Exception):
    """The file as a whole is refused (not a workbook, another assessment, ...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def workbook_read(
    data: bytes,
    layout: WorkbookLayout,
    *,
    max_bytes: int,
) -> ReadResult:
    """Check the workbook against the assessment's current layout and read its rows. `max_bytes`
    is the upload limit (the unpacked content may be `UNPACKED_FACTOR` times larger)."""
    result = ReadResult()
    try:
        book = _open(data, max_bytes=max_bytes)
        try:
            meta = _meta(book)
            result.downloaded_at = meta.get("downloaded_at", "")
            _check_meta(meta, layout)
            for sheet in layout.sheets:
                title = meta.get(f"sheet:{sheet.slug}", sheet.title)
                if title not in book.sheetnames:
                    result.add(
                        CellError(
                            _(
                                "The sheet “%(sheet)s” is missing: sheets must not be deleted "
                                "or renamed."
                            )
                            % {"sheet": title}
                        )
                    )
                    continue
                _read_sheet(book[title], title, sheet.rows, layout, result)
        finally:
            book.close()
    except Refused as refused:
        return ReadResult(errors=[CellError(refused.message)])
    return result


def _open(data: bytes, *, max_bytes: int) -> Any:
    not_a_workbook = _(
        "This file is not an Excel workbook (.xlsx). Upload the questionnaire workbook "
        "downloaded from this assessment, filled in and saved as .xlsx."
    )
    if len(data) > max_bytes:
        raise Refused(too_large_message(len(data), max_bytes))
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(not_a_workbook) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise Refused(not_a_workbook)
    if sum(info.file_size for info in infos) > max_bytes * UNPACKED_FACTOR:
        raise Refused(
            _(
                "This workbook holds far more data than a questionnaire (more than %(mb)d MB "
                "unpacked): rows must not be added."
            )
            % {"mb": max_bytes * UNPACKED_FACTOR // (1024 * 1024)}
        )
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (extensions, styles): not the user's concern.
            warnings.simplefilter("ignore")
            return load_workbook(BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on damaged files; all mean the same here
        raise Refused(
            _("This workbook cannot be read (it may be damaged). Save it again as .xlsx.")
        ) from None


def too_large_message(size: int, max_bytes: int) -> str:
    return _(
        "The file is too large (%(size)s MB; at most %(max)s MB). The questionnaire "
        "workbook is far smaller: rows must not be added."
    ) % {
        "size": number_format(size / (1024 * 1024), decimal_pos=1),
        "max": number_format(f"{max_bytes / (1024 * 1024):g}"),
    }


def _meta(book: Any) -> dict[str, str]:
    if META_SHEET not in book.sheetnames:
        raise Refused(
            _(
                "This workbook was not downloaded from this application (its hidden sheet is "
                "missing). Download the assessment's workbook and fill that in."
            )
        )
    meta: dict[str, str] = {}
    sheet = book[META_SHEET]
    for key, value in sheet.iter_rows(min_row=1, max_row=META_ROWS, max_col=2, values_only=True):
        if isinstance(key, str):
            meta[key] = "" if value is None else str(value)
    return meta


def _check_meta(meta: dict[str, str], layout: WorkbookLayout) -> None:
    area_codes = layout.area_codes
    if meta.get("format") != FORMAT:
        raise Refused(
            _(
                "This workbook was not downloaded from this application (unknown format "
                "“%(format)s”). Download the assessment's workbook and fill that in."
            )
            % {"format": meta.get("format", "")}
        )
    if meta.get("assessment") != str(layout.assessment_id):
        raise Refused(
            _(
                "This workbook belongs to another assessment (number %(other)s), not to "
                "“%(title)s”. Upload it on its own assessment, or download this one's workbook."
            )
            % {"other": meta.get("assessment", "?"), "title": layout.assessment_title}
        )
    if meta.get("catalog") != layout.catalog_slug:
        raise Refused(
            _(
                "This workbook was made for the catalog version “%(other)s”; this assessment "
                "uses “%(catalog)s”. Download the workbook again."
            )
            % {"other": meta.get("catalog", "?"), "catalog": layout.catalog_slug}
        )
    before = set(filter(None, meta.get("areas", "").split(",")))
    if before != set(area_codes):
        added = ", ".join(sorted(set(area_codes) - before)) or "—"
        removed = ", ".join(sorted(before - set(area_codes))) or "—"
        raise Refused(
            _(
                "The assessment's service areas changed since this workbook was downloaded "
                "(added: %(added)s; removed: %(removed)s). Download the workbook again."
            )
            % {"added": added, "removed": removed}
        )


def _column(number: int, layout: WorkbookLayout) -> str:
    heading = layout.headers[number - 1] if number <= len(layout.headers) else ""
    letter = get_column_letter(number)
    return f"{letter} ({heading})" if heading else letter


def _status_lookup(layout: WorkbookLayout) -> dict[str, str]:
    lookup = {label.casefold(): code for label, code in layout.status_aliases.items()}
    lookup.update({code.casefold(): code for code in layout.status_labels})
    lookup.update({label.casefold(): code for code, label in layout.status_labels.items()})
    return lookup


def _read_sheet(
    sheet: Any,
    title: str,
    expected: list[SlotRow],
    layout: WorkbookLayout,
    result: ReadResult,
) -> None:
    here = {row.key: row for row in expected}
    elsewhere = {
        row.key: other.title
        for other in layout.sheets
        if other.title != title
        for row in other.rows
    }
    lookup = _status_lookup(layout)
    seen: dict[str, int] = {}
    last_row = HEADER_ROWS + len(expected) + EXTRA_ROWS

    def error(message: str, row: int | None = None, column: int | None = None) -> None:
        result.add(
            CellError(
                message,
                sheet=title,
                row=row,
                column=_column(column, layout) if column else "",
            )
        )

    if sheet.max_row is not None and sheet.max_row > last_row:
        error(
            _(
                "The sheet has %(count)d rows; the questionnaire has %(expected)d: rows must "
                "not be added."
            )
            % {"count": sheet.max_row - HEADER_ROWS, "expected": len(expected)}
        )
        return
    cells = sheet.iter_rows(
        min_row=HEADER_ROWS + 1, max_row=last_row + 1, max_col=COLUMNS + EXTRA_COLUMNS
    )
    for number, row_cells in enumerate(cells, start=HEADER_ROWS + 1):
        values = [cell.value for cell in row_cells]
        if all(value is None or value == "" for value in values):
            continue
        if number > last_row:
            error(_("Rows were added below the questionnaire: rows must not be added."), number)
            return
        formulas = [
            column
            for column, cell in enumerate(row_cells, start=1)
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))
        ]
        for column in formulas:
            error(
                _("Formulas are not accepted: type the value itself (without “=”)."),
                number,
                column,
            )
        if formulas:
            # The row is refused for its formulas, not reported missing as well.
            seen.setdefault(_text(values[COL_SLOT - 1]).strip(), number)
            continue
        file_row = _read_row(
            values, number, title, here, elsewhere, lookup, layout.status_labels, seen, error
        )
        if file_row is not None:
            result.rows.append(file_row)
    for key, slot in here.items():
        if key not in seen:
            error(
                _("The row of %(answer)s is missing: rows must not be removed.")
                % {"answer": _slot_label(slot)}
            )


def _slot_label(slot: SlotRow) -> str:
    return f"{slot.code} · {slot.area_name}" if slot.area_code else slot.code


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _read_row(
    values: list[Any],
    number: int,
    title: str,
    here: dict[str, SlotRow],
    elsewhere: dict[str, str],
    lookup: dict[str, str],
    labels: dict[str, str],
    seen: dict[str, int],
    error: Any,
) -> FileRow | None:
    def value(column: int) -> Any:
        return values[column - 1] if column <= len(values) else None

    key = _text(value(COL_SLOT)).strip()
    slot = here.get(key)
    if slot is None:
        if key in elsewhere:
            error(
                _("This row belongs on the sheet “%(sheet)s”: rows must not be moved.")
                % {"sheet": elsewhere[key]},
                number,
                COL_SLOT,
            )
        else:
            error(
                _(
                    "This row is not part of the questionnaire: rows must not be added, and the "
                    "hidden columns must not be changed."
                ),
                number,
                COL_SLOT,
            )
        return None
    if key in seen:
        error(
            _("This row repeats row %(row)d (%(answer)s): rows must not be added or copied.")
            % {"row": seen[key], "answer": _slot_label(slot)},
            number,
            COL_CODE,
        )
        return None
    seen[key] = number
    problems = 0
    code = _text(value(COL_CODE)).strip()
    if code != slot.code:
        error(
            _(
                "The criterion code was changed from “%(expected)s” to “%(found)s”: codes are "
                "locked."
            )
            % {"expected": slot.code, "found": code},
            number,
            COL_CODE,
        )
        problems += 1
    area = _text(value(COL_AREA)).strip()
    if area != slot.area_name:
        error(
            _("The service area was changed from “%(expected)s” to “%(found)s”: areas are locked.")
            % {"expected": slot.area_name, "found": area},
            number,
            COL_AREA,
        )
        problems += 1
    version = value(COL_VERSION)
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        error(_("The hidden version was changed: it is locked."), number, COL_VERSION)
        problems += 1
        version = -1
    raw_status = _text(value(COL_STATUS)).strip()
    status = ""
    if raw_status:
        status = lookup.get(raw_status.casefold(), "")
        if not status:
            error(
                _("Unknown status “%(value)s”: choose one of %(choices)s.")
                % {"value": raw_status, "choices": ", ".join(_choices(slot, labels))},
                number,
                COL_STATUS,
            )
            problems += 1
        elif status not in slot.allowed:
            error(
                _("“%(value)s” is not allowed for %(code)s: choose one of %(choices)s.")
                % {
                    "value": raw_status,
                    "code": slot.code,
                    "choices": ", ".join(_choices(slot, labels)),
                },
                number,
                COL_STATUS,
            )
            problems += 1
    comment = normalize_comment(_text(value(COL_COMMENT)))
    if len(comment) > MAX_COMMENT:
        error(
            _("The comment is too long (%(length)d characters; at most %(max)d).")
            % {"length": len(comment), "max": MAX_COMMENT},
            number,
            COL_COMMENT,
        )
        problems += 1
    if problems:
        return None
    touched = fingerprint(status, comment) != _text(value(COL_FINGERPRINT)).strip()
    if touched and not status:
        if comment:
            error(_("A comment needs a status: choose one."), number, COL_STATUS)
        else:
            error(
                _("An answer cannot be removed in a workbook: choose a status."),
                number,
                COL_STATUS,
            )
        return None
    return FileRow(
        key=key,
        sheet=title,
        row=number,
        status=status,
        comment=comment,
        version=int(version),
        touched=touched,
    )


def _choices(slot: SlotRow, labels: dict[str, str]) -> list[str]:
    return [f"“{labels.get(code, code)}”" for code in slot.allowed]


# The comparison with the answers as they stand now -------------------------------------------


NEW, CHANGED, CONFLICT = "new", "changed", "conflict"


@dataclass(frozen=True)
class Change:
    kind: str  # NEW, CHANGED or CONFLICT
    key: str
    code: str
    area_name: str
    sheet: str
    row: int
    old_status: str  # the answer now ("" for none)
    old_comment: str
    new_status: str  # the file's
    new_comment: str
    version: int  # the version the file was based on

    @property
    def label(self) -> str:
        return f"{self.code} · {self.area_name}" if self.area_name else self.code


@dataclass
class Preview:
    new: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    unchanged: int = 0
    errors: list[CellError] = field(default_factory=list)

    @property
    def to_apply(self) -> list[Change]:
        return self.new + self.changed

    def plan(self) -> list[list[str]]:
        """What applying would do, to tell whether it is still what the user reviewed."""
        return [[change.kind, change.key] for change in self.new + self.changed + self.conflicts]


def workbook_diff(rows: list[FileRow], layout: WorkbookLayout) -> Preview:
    """Sort the file's rows against the answers in `layout` (as they stand now)."""
    slots = layout.slots()
    preview = Preview()
    for row in rows:
        slot = slots.get(row.key)
        if not row.touched:
            preview.unchanged += 1
            continue
        if slot is None:
            preview.errors.append(
                CellError(
                    _("This answer is no longer part of the assessment."),
                    sheet=row.sheet,
                    row=row.row,
                )
            )
            continue
        if not slot.editable:
            preview.errors.append(
                CellError(
                    _(
                        "This answer is not open for changes (after a review, only the answers "
                        "the assessor did not accept are): leave it as it is."
                    ),
                    sheet=row.sheet,
                    row=row.row,
                    column=_column(COL_STATUS, layout),
                )
            )
            continue
        if (row.status, row.comment) == (slot.status, normalize_comment(slot.comment)):
            preview.unchanged += 1
            continue
        if row.version != slot.version:
            kind = CONFLICT
        elif slot.version == 0:
            kind = NEW
        else:
            kind = CHANGED
        change = Change(
            kind=kind,
            key=row.key,
            code=slot.code,
            area_name=slot.area_name,
            sheet=row.sheet,
            row=row.row,
            old_status=slot.status,
            old_comment=slot.comment,
            new_status=row.status,
            new_comment=row.comment,
            version=row.version,
        )
        {NEW: preview.new, CHANGED: preview.changed, CONFLICT: preview.conflicts}[kind].append(
            change
        )
    return preview
