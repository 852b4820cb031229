from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from criteria.loader import catalog_revise
from criteria.models import (
    CatalogTranslation,
    CatalogVersion,
    Criterion,
    Group,
    ServiceArea,
    Stage,
)


class RevisesCatalog(admin.ModelAdmin):
    """Saving or deleting a part of a catalog renews the catalog's revision, so that the survey
    pages show the change at once (they keep the catalog's sections in memory)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        catalog_revise(catalog_id=obj.catalog_id)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        catalog_revise(catalog_id=obj.catalog_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        catalogs = set(queryset.values_list("catalog_id", flat=True))
        super().delete_queryset(request, queryset)
        for catalog_id in catalogs:
            catalog_revise(catalog_id=catalog_id)


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

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # the stages and groups inline
        catalog_revise(catalog_id=form.instance.pk)


@admin.register(Stage)
class StageAdmin(RevisesCatalog):
    list_display = ["number", "title", "catalog"]
    list_filter = ["catalog"]


@admin.register(Group)
class GroupAdmin(RevisesCatalog):
    list_display = ["code", "name", "catalog"]
    list_filter = ["catalog"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


@admin.register(Criterion)
class CriterionAdmin(RevisesCatalog):
    list_display = ["code", "title", "stage", "group", "scope", "rule_kind", "required"]
    list_filter = ["catalog", "scope", "rule_kind", "required", "stage", "group"]
    list_select_related = ["stage", "group"]
    search_fields = ["code", "title", "text"]
    ordering = ["catalog", "order"]


@admin.register(CatalogTranslation)
class CatalogTranslationAdmin(RevisesCatalog):
    """Corrections between two releases; `load_catalog` puts the files' wording back."""

    list_display = ["kind", "code", "field", "language", "catalog"]
    list_filter = ["catalog", "language", "kind", "field"]
    search_fields = ["code", "value"]
