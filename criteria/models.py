import operator
import uuid
from functools import reduce

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from criteria.enums import (
    CANONICAL_LANGUAGE,
    TRANSLATED_FIELDS,
    RuleKind,
    Scope,
    TranslationKind,
)


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


class CatalogTranslation(models.Model):
    """One field of one catalog entry in one language other than English: a stage's title, a
    group's or a service area's name, a criterion's title, text or guidance, and so on
    (criteria.enums.TRANSLATED_FIELDS). The English rows above stay the canonical wording; a
    translation that is missing falls back to them, visibly (criteria.translation).

    Entries are named by their natural key (stage number, group, area or criterion code, catalog
    slug) as in the fixture, so that a page reads all of a catalog's translations in one
    language with one query. Service areas are shared by catalogs; their names are translated
    with the catalog whose fixture carries them."""

    catalog = models.ForeignKey(
        CatalogVersion, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=16)
    kind = models.CharField(_("kind of entry"), max_length=16, choices=TranslationKind.choices)
    code = models.CharField(_("code of the entry"), max_length=64)
    field = models.CharField(_("field"), max_length=16)
    value = models.TextField(_("translation"))

    class Meta:
        verbose_name = _("catalog translation")
        verbose_name_plural = _("catalog translations")
        ordering = ["catalog", "language", "kind", "code", "field"]
        constraints = [
            # Also the index of the one query a page makes: (catalog, language).
            models.UniqueConstraint(
                fields=["catalog", "language", "kind", "code", "field"],
                name="catalog_translation_unique_field",
            ),
            models.CheckConstraint(
                condition=reduce(
                    operator.or_,
                    (Q(kind=kind, field__in=fields) for kind, fields in TRANSLATED_FIELDS.items()),
                ),
                name="catalog_translation_field_of_kind",
            ),
            models.CheckConstraint(
                condition=~Q(language=CANONICAL_LANGUAGE),
                name="catalog_translation_not_canonical_language",
            ),
            models.CheckConstraint(
                condition=~Q(value=""), name="catalog_translation_value_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} {self.field} [{self.language}]"
