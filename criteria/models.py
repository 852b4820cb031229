import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from criteria.enums import RuleKind, Scope


class CatalogVersion(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Renewed by every change of the catalog's content (load_catalog, the admin): what the survey
    # pages' cached sections are keyed by (assessments.sections).
    revision = models.UUIDField(_("revision"), default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("catalog version")
        verbose_name_plural = _("catalog versions")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    catalog = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["catalog", "number"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "number"], name="stage_unique_number"),
            models.CheckConstraint(condition=Q(number__lte=7), name="stage_number_0_to_7"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Group(models.Model):
    """One of the three non-hierarchical Stage 5–7 groups (A, B, C)."""

    catalog = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=4)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["catalog", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "code"], name="group_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ServiceArea(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    catalog = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=8)
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="criteria"
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="criteria"
    )
    text = models.TextField(_("text"), help_text=_("The DIAM sentence, verbatim."))
    title = models.CharField(_("short title"), max_length=200)
    guidance = models.TextField(_("guidance for respondents"), blank=True)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    rule_kind = models.CharField(_("rule"), max_length=24, choices=RuleKind.choices)
    rule_min_areas = models.PositiveSmallIntegerField(_("minimum areas met"), null=True, blank=True)
    rule_volume_share_percent = models.PositiveSmallIntegerField(
        _("minimum share of the image volume (%)"), null=True, blank=True
    )
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["catalog", "order"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "code"], name="criterion_unique_code"),
            models.CheckConstraint(
                condition=(
                    Q(stage__isnull=False, group__isnull=True)
                    | Q(stage__isnull=True, group__isnull=False)
                ),
                name="criterion_in_stage_xor_group",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=Scope.values), name="criterion_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(rule_kind__in=RuleKind.values), name="criterion_rule_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_answered(self) -> bool:
        return self.scope != Scope.BASELINE
