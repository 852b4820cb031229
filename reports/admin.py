from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are made by the export page and the assessment admin's actions."""

    list_display = ["__str__", "created_by", "created_at", "status", "done", "total", "page"]
    list_filter = ["status", "kind"]
    list_select_related = ["created_by"]
    list_per_page = 50
    # Jobs accumulate: no count of every job beside the filtered one.
    show_full_result_count = False
    fields = [
        "kind",
        "status",
        "created_by",
        "created_at",
        "started_at",
        "progressed_at",
        "finished_at",
        "worker",
        "attempts",
        "total",
        "done",
        "filters",
        "assessment_ids",
        "failures",
        "task_id",
        "page",
    ]
    readonly_fields = fields

    @admin.display(description=_("progress page"))
    def page(self, job: ExportJob) -> str:
        return format_html('<a href="{}">{}</a>', reverse("export_job", args=[job.pk]), _("Open"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExportJob]:
        # The change form's read-only "created by" comes with the job.
        return super().get_queryset(request).select_related("created_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
