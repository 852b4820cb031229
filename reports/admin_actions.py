"""Admin actions on assessments: export the selection as data files or as a ZIP of scorecards,
each in a background job (its page follows it and offers the file)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment
from reports.enums import ExportOutput
from reports.tasks import data_export_request, scorecards_export_request


def _selection(queryset: QuerySet[Assessment]) -> list[int]:
    return list(
        queryset.order_by("organization__name", "created_at", "pk").values_list("pk", flat=True)
    )


def _data_export(request: HttpRequest, queryset: QuerySet[Assessment], output: str) -> HttpResponse:
    job = data_export_request(
        user=request.user, output=output, assessment_ids=_selection(queryset), filters={}
    )
    return redirect("export_job", job.pk)


@admin.action(description=_("Export answers of the selected assessments as CSV"))
def export_answers_csv(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Assessment]
) -> HttpResponse:
    return _data_export(request, queryset, ExportOutput.ANSWERS_CSV)


@admin.action(description=_("Export answers of the selected assessments as Excel (XLSX)"))
def export_answers_xlsx(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Assessment]
) -> HttpResponse:
    return _data_export(request, queryset, ExportOutput.ANSWERS_XLSX)


@admin.action(description=_("Export the selected assessments as CSV"))
def export_assessments_csv(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Assessment]
) -> HttpResponse:
    return _data_export(request, queryset, ExportOutput.ASSESSMENTS_CSV)


@admin.action(description=_("Export the selected assessments as Excel (XLSX)"))
def export_assessments_xlsx(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Assessment]
) -> HttpResponse:
    return _data_export(request, queryset, ExportOutput.ASSESSMENTS_XLSX)


@admin.action(description=_("Export the scorecards of the selected assessments (ZIP, background)"))
def export_scorecards_zip(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Assessment]
) -> HttpResponse:
    job = scorecards_export_request(
        user=request.user, assessment_ids=_selection(queryset), filters={}
    )
    return redirect("export_job", job.pk)


ASSESSMENT_EXPORT_ACTIONS = [
    export_answers_csv,
    export_answers_xlsx,
    export_assessments_csv,
    export_assessments_xlsx,
    export_scorecards_zip,
]
