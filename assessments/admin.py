from django.contrib import admin
from django.http import HttpRequest

from assessments.models import Answer, Assessment, AssessmentArea, Membership, Organization
from reports.admin_actions import ASSESSMENT_EXPORT_ACTIONS


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "kind", "created_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__username", "user__email", "organization__name"]
    autocomplete_fields = ["user", "organization"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class AssessmentAreaInline(ReadOnlyInline):
    model = AssessmentArea
    fields = ["service_area", "annual_volume"]
    readonly_fields = fields


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["criterion", "service_area", "status", "comment", "updated_by", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return (
            super().get_queryset(request).select_related("criterion", "service_area", "updated_by")
        )


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Answers are read-only here: they change through the survey, where changes are tracked."""

    list_display = ["title", "organization", "status", "self_assessed_stage", "updated_at"]
    list_filter = ["status", "organization__country", "organization__kind"]
    list_select_related = ["organization"]
    search_fields = ["title", "organization__name"]
    readonly_fields = ["status", "self_assessed_stage", "submitted_at", "created_by"]
    inlines = [AssessmentAreaInline, AnswerInline]
    actions = ASSESSMENT_EXPORT_ACTIONS
