from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, QuerySet
from django.forms import Field
from django.http import HttpRequest

from assessments.models import Assessment
from assignments.models import DueReminder, SectionAssignment


# A plain ModelAdmin, not simple_history's: its history pages offer to revert a row to an old
# version, and the history tables stay read-only (the assessment's timeline reads them).
@admin.register(SectionAssignment)
class SectionAssignmentAdmin(admin.ModelAdmin):
    list_display = ["assessment", "section", "assignee", "due_date", "assigned_by"]
    list_filter = ["section", "due_date"]
    list_per_page = 50
    show_full_result_count = False
    search_fields = ["assessment__title", "assessment__organization__name", "assignee__username"]
    autocomplete_fields = ["assessment", "assignee", "assigned_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SectionAssignment]:
        # The change form's title names the assessment (with its organization) and the assignee.
        return (
            super()
            .get_queryset(request)
            .select_related("assessment__organization", "assignee", "assigned_by")
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Field | None:
        if db_field.name == "assessment":
            # The picker shows the chosen assessment with its organization's name.
            kwargs["queryset"] = Assessment.objects.select_related("organization")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(DueReminder)
class DueReminderAdmin(admin.ModelAdmin):
    """Read-only: reminders are sent by manage.py send_due_reminders."""

    list_display = ["assignment", "due_date", "sent_at"]
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = ["assignment", "due_date", "sent_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DueReminder]:
        return (
            super()
            .get_queryset(request)
            .select_related("assignment__assessment__organization", "assignment__assignee")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
