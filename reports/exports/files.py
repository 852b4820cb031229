"""Data exports as downloadable files: rows from reports.selectors, written by
reports.exports.tabular."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from assessments.models import Assessment
from reports.enums import ExportOutput
from reports.exports.tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from reports.selectors import (
    answer_export_header,
    answer_export_rows,
    assessment_export_header,
    assessment_export_rows,
)

DATA_OUTPUTS = frozenset(
    {
        ExportOutput.ANSWERS_CSV,
        ExportOutput.ANSWERS_XLSX,
        ExportOutput.ASSESSMENTS_CSV,
        ExportOutput.ASSESSMENTS_XLSX,
    }
)


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, content_type=self.content_type)
        response["Content-Disposition"] = content_disposition_header(True, self.filename)
        return response


def data_export(
    output: str, assessments: QuerySet[Assessment], *, stem: str = "", with_verdicts: bool = True
) -> ExportFile:
    """The answers or the assessments as CSV or XLSX. `stem` names the file (default: the date)."""
    stem = stem or timezone.localtime().strftime("%Y%m%d-%H%M")
    if output in {ExportOutput.ANSWERS_CSV, ExportOutput.ANSWERS_XLSX}:
        header = answer_export_header()
        rows = answer_export_rows(assessments, with_verdicts=with_verdicts)
        name, title = f"answers-{stem}", _("Answers")
    elif output in {ExportOutput.ASSESSMENTS_CSV, ExportOutput.ASSESSMENTS_XLSX}:
        header = assessment_export_header()
        rows = assessment_export_rows(assessments)
        name, title = f"assessments-{stem}", _("Assessments")
    else:
        raise ValueError(f"not a data export: {output!r}")
    if output.endswith("_csv"):
        return ExportFile(csv_bytes(header, rows), f"{name}.csv", CSV_CONTENT_TYPE)
    return ExportFile(xlsx_bytes(header, rows, title=title), f"{name}.xlsx", XLSX_CONTENT_TYPE)
