from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assignments.models import DueReminder, SectionAssignment


@admin.register(SectionAssignment)
class SectionAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["assessment", "section", "assignee", "due_date", "assigned_by"]
    list_filter = ["section", "due_date"]
    list_select_related = ["assessment__organization", "assignee", "assigned_by"]
    search_fields = ["assessment__title", "assessment__organization__name", "assignee__username"]
    autocomplete_fields = ["assignee", "assigned_by"]
    raw_id_fields = ["assessment"]


@admin.register(DueReminder)
class DueReminderAdmin(admin.ModelAdmin):
    list_display = ["assignment", "due_date", "sent_at"]
    list_select_related = ["assignment__assessment__organization", "assignment__assignee"]
    readonly_fields = ["assignment", "due_date", "sent_at"]
