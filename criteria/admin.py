from django.contrib import admin

from criteria.models import CatalogVersion, Criterion, Group, ServiceArea, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["number", "title"]


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0
    fields = ["code", "name", "order"]


@admin.register(CatalogVersion)
class CatalogVersionAdmin(admin.ModelAdmin):
    list_display = ["slug", "name"]
    inlines = [StageInline, GroupInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "catalog"]
    list_filter = ["catalog"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "catalog"]
    list_filter = ["catalog"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "stage", "group", "scope", "rule_kind", "required"]
    list_filter = ["catalog", "scope", "rule_kind", "required", "stage", "group"]
    list_select_related = ["stage", "group"]
    search_fields = ["code", "title", "text"]
    ordering = ["catalog", "order"]
