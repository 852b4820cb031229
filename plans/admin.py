from django.contrib import admin

from plans.models import ImprovementPlan, PlanItem


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ["criterion", "service_area", "owner", "due_date", "status", "note"]
    readonly_fields = ["criterion", "service_area", "status"]
    autocomplete_fields = ["owner"]
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # items come from the way the lead chooses on the plan page


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(admin.ModelAdmin):
    list_display = ["organization", "target_stage", "target_date", "groups", "updated_at"]
    list_per_page = 50
    show_full_result_count = False
    search_fields = ["organization__name"]
    readonly_fields = ["organization", "baseline", "groups", "path_chosen_at", "updated_by"]
    inlines = [PlanItemInline]
