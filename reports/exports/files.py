"""Data exports as files: rows from reports.selectors, written by reports.exports.tabular.

One assessment's answers are a download made in the request (`data_export`). The exports of many
assessments are background jobs (reports.tasks.data_export_render) that write their file row by
row (`data_export_write`), reading the rows a chunk at a time: memory holds a chunk, not the
export.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from assessments.models import Assessment
from reports.enums import ExportOutput
from reports.exports.tabular import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Cell,
    Row,
    csv_bytes,
    csv_write,
    xlsx_bytes,
    xlsx_write,
)
from reports.selectors import (
    CHUNK_SIZE,
    answer_export_count,
    answer_export_header,
    answer_export_iter,
    assessment_export_header,
    assessment_export_iter,
)

DATA_OUTPUTS = frozenset(
    {
        ExportOutput.ANSWERS_CSV,
        ExportOutput.ANSWERS_XLSX,
        ExportOutput.ASSESSMENTS_CSV,
        ExportOutput.ASSESSMENTS_XLSX,
    }
)
ANSWER_OUTPUTS = frozenset({ExportOutput.ANSWERS_CSV, ExportOutput.ANSWERS_XLSX})


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, content_type=self.content_type)
        response["Content-Disposition"] = content_disposition_header(True, self.filename)
        return response


def _check(output: str) -> None:
    if output not in DATA_OUTPUTS:
        raise ValueError(f"not a data export: {output!r}")


def _header_and_rows(
    output: str, assessments: QuerySet[Assessment], *, with_verdicts: bool, chunk_size: int
) -> tuple[list[str], Iterator[list[Cell]]]:
    if output in ANSWER_OUTPUTS:
        rows = answer_export_iter(assessments, with_verdicts=with_verdicts, chunk_size=chunk_size)
        return answer_export_header(), rows
    return assessment_export_header(), assessment_export_iter(assessments, chunk_size=chunk_size)


def _sheet_title(output: str) -> str:
    return _("Answers") if output in ANSWER_OUTPUTS else _("Assessments")


def data_export(
    output: str, assessments: QuerySet[Assessment], *, stem: str = "", with_verdicts: bool = True
) -> ExportFile:
    """The answers or the assessments as CSV or XLSX. `stem` names the file (default: the date)."""
    _check(output)
    stem = stem or timezone.localtime().strftime("%Y%m%d-%H%M")
    header, rows = _header_and_rows(
        output, assessments, with_verdicts=with_verdicts, chunk_size=CHUNK_SIZE
    )
    name = f"{'answers' if output in ANSWER_OUTPUTS else 'assessments'}-{stem}"
    if output.endswith("_csv"):
        return ExportFile(csv_bytes(header, rows), f"{name}.csv", CSV_CONTENT_TYPE)
    content = xlsx_bytes(
        header, rows, title=_sheet_title(output), time_zone=timezone.get_default_timezone()
    )
    return ExportFile(content, f"{name}.xlsx", XLSX_CONTENT_TYPE)


def data_export_count(output: str, assessments: QuerySet[Assessment]) -> int:
    """The rows the export of `assessments` has (as of now)."""
    _check(output)
    if output in ANSWER_OUTPUTS:
        return answer_export_count(assessments)
    return assessments.count()


def _counted(rows: Iterable[Row], progress: Callable[[int], None], every: int) -> Iterator[Row]:
    count = 0
    for row in rows:
        yield row
        count += 1
        if count % every == 0:
            progress(count)
    progress(count)


def data_export_write(
    output: str,
    assessments: QuerySet[Assessment],
    target: BinaryIO,
    *,
    progress: Callable[[int], None],
    chunk_size: int,
    progress_every: int,
    with_verdicts: bool = True,
) -> None:
    """Write the export to `target` row by row; `progress(rows)` is called every
    `progress_every` rows written and once at the end, with the rows written so far."""
    _check(output)
    header, rows = _header_and_rows(
        output, assessments, with_verdicts=with_verdicts, chunk_size=chunk_size
    )
    counted = _counted(rows, progress, progress_every)
    if output.endswith("_csv"):
        csv_write(target, header, counted)
    else:
        xlsx_write(
            target,
            header,
            counted,
            title=_sheet_title(output),
            time_zone=timezone.get_default_timezone(),
        )
