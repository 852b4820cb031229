from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count, ForeignKey, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.forms import Field
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Answer,
    Assessment,
    AssessmentArea,
    Evidence,
    Membership,
    Organization,
    Verdict,
)
from reports.admin_actions import ASSESSMENT_EXPORT_ACTIONS

# Pages of this size keep a list page fast however many rows the table holds.
LIST_PER_PAGE = 50


class LoadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete showing its row's current choice from the object loaded with the row.

    Django's looks the chosen object up again for every widget: one query per row of an inline.
    """

    loaded: Model | None = None

    def optgroups(
        self, name: str, value: list[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.loaded is None or chosen != [str(self.loaded.pk)]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(self.loaded)
        options.append(self.create_option(name, self.loaded.pk, label, True, len(options)))
        return [(None, options, 0)]


class MembershipInlineForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.user_id is not None:
            widget = self.fields["user"].widget
            getattr(widget, "widget", widget).loaded = self.instance.user


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipInlineForm
    extra = 0
    autocomplete_fields = ["user"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        # Each row shows its membership (user @ organization) and its user in the picker.
        return super().get_queryset(request).select_related("user", "organization")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Field | None:
        if db_field.name == "user":
            kwargs["widget"] = LoadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "kind", "created_at"]
    list_filter = ["kind", "country"]
    list_per_page = LIST_PER_PAGE
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]
    list_per_page = LIST_PER_PAGE
    show_full_result_count = False
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[AssessmentArea]:
        return super().get_queryset(request).select_related("service_area")


class AnswerColumns:
    """The verdict and the number of evidence files beside each answer, from one query."""

    @admin.display(description=_("verdict"))
    def verdict_shown(self, answer: Answer) -> str:
        try:
            verdict = answer.verdict
        except Verdict.DoesNotExist:
            return "-"
        return str(_("accepted") if verdict.accepted else _("not accepted"))

    @admin.display(description=_("evidence files"))
    def evidence_files(self, answer: Answer) -> int:
        return answer.evidence_files  # type: ignore[attr-defined]

    @staticmethod
    def with_columns(answers: QuerySet[Answer]) -> QuerySet[Answer]:
        # A subquery rather than Count("evidence"): the list page's count stays a plain count.
        files = (
            Evidence.objects.filter(answer=OuterRef("pk"))
            .order_by()
            .values("answer")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return answers.select_related(
            "assessment__organization", "criterion", "service_area", "updated_by", "verdict"
        ).annotate(evidence_files=Coalesce(Subquery(files), 0))


class AnswerInline(AnswerColumns, ReadOnlyInline):
    model = Answer
    fields = [
        "criterion",
        "service_area",
        "status",
        "comment",
        "updated_by",
        "updated_at",
        "verdict_shown",
        "evidence_files",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Answer]:
        return self.with_columns(super().get_queryset(request))


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Answers are read-only here: they change through the survey, where changes are tracked."""

    list_display = ["title", "organization", "status", "self_assessed_stage", "updated_at"]
    list_filter = ["status", "organization__country", "organization__kind"]
    list_select_related = ["organization"]
    list_per_page = LIST_PER_PAGE
    # Counting every assessment for "N total" costs more than the page itself on a large table.
    show_full_result_count = False
    search_fields = ["title", "organization__name"]
    autocomplete_fields = ["organization", "assessor", "validated_by"]
    readonly_fields = ["status", "self_assessed_stage", "submitted_at", "created_by"]
    inlines = [AssessmentAreaInline, AnswerInline]
    actions = ASSESSMENT_EXPORT_ACTIONS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assessment]:
        # The change form's title and read-only "created by" come with the assessment.
        return super().get_queryset(request).select_related("organization", "created_by")

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """Answers are read-only in the admin, yet go with their assessment when it is deleted."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(Answer._meta.verbose_name)
        return deleted, counts, perms_needed, protected


@admin.register(Answer)
class AnswerAdmin(AnswerColumns, admin.ModelAdmin):
    """Read-only: answers change through the survey, where every change is tracked."""

    list_display = [
        "assessment",
        "criterion",
        "service_area",
        "status",
        "updated_by",
        "updated_at",
        "verdict_shown",
        "evidence_files",
    ]
    list_filter = ["status"]
    list_per_page = LIST_PER_PAGE
    show_full_result_count = False
    search_fields = ["assessment__title", "assessment__organization__name", "criterion__code"]
    # Newest first through the primary key's index: the model's ordering would sort every answer.
    ordering = ["-pk"]
    fields = [
        "assessment",
        "criterion",
        "service_area",
        "status",
        "comment",
        "updated_by",
        "updated_at",
        "version",
        "verdict_shown",
        "evidence_files",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Answer]:
        return self.with_columns(super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
