"""What a questionnaire workbook holds, as plain data: the sheets (one per survey section), their
rows (one per answer slot) and the hidden metadata. Built from the database by
`workbooks.selectors`, written by `workbooks.workbook`, read back by `workbooks.parse`; no Django
here, so that writing and reading can be tested without a database."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

FORMAT = "diam-workbook/1"
META_SHEET = "_diam"
# Columns of a section sheet, 1-based. Code, area and texts are locked; status and comment are
# the only cells a respondent fills; the last three are hidden and locked.
COL_CODE, COL_AREA, COL_TEXT, COL_GUIDANCE, COL_STATUS, COL_COMMENT = 1, 2, 3, 4, 5, 6
COL_VERSION, COL_SLOT, COL_FINGERPRINT = 7, 8, 9
COLUMNS = 9
HEADER_ROWS = 1


def slot_key(code: str, area_code: str | None) -> str:
    """ "1.1|radiology" for an area criterion, "2.2" for an enterprise one."""
    return f"{code}|{area_code}" if area_code else code


def normalize_comment(text: str) -> str:
    # Spreadsheets and browsers send CRLF; the application stores LF, without outer spaces.
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def fingerprint(status: str, comment: str) -> str:
    """A short digest of a slot's values at download: the upload tells the rows the respondent
    changed from the rows left as they were (which are never applied, so a colleague's change
    made in the application meanwhile is not a conflict)."""
    text = f"{status}\x00{normalize_comment(comment)}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SlotRow:
    key: str
    code: str
    area_code: str | None
    area_name: str
    text: str
    guidance: str
    allowed: tuple[str, ...]  # status codes allowed for the criterion
    status: str  # "" when there is no answer yet
    comment: str
    version: int  # 0 when there is no answer yet
    editable: bool  # open for changes (after a review: only the challenged answers)


@dataclass(frozen=True)
class SheetLayout:
    slug: str
    title: str  # the sheet's name: the section's heading ("Stage 1", "Group A")
    heading: str  # the section's full title
    rows: list[SlotRow]


@dataclass(frozen=True)
class WorkbookLayout:
    assessment_id: int
    assessment_title: str
    organization_name: str
    catalog_slug: str
    catalog_revision: str
    sheets: list[SheetLayout]
    status_labels: dict[str, str]  # status code -> label shown in the drop-down list
    headers: tuple[str, ...]  # the column headings, translated
    area_codes: tuple[str, ...] = ()  # the active service areas, in order
    # The statuses' labels in every language of the site, also accepted on upload (a workbook
    # downloaded in one language and uploaded in another).
    status_aliases: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    downloaded_at: datetime | None = None
    instructions_title: str = "Read me"
    instructions: list[str] = field(default_factory=list)  # the first line is the heading

    def slots(self) -> dict[str, SlotRow]:
        return {row.key: row for sheet in self.sheets for row in sheet.rows}
