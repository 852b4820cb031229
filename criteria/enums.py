"""Vocabulary of the DIAM catalog. The engine (assessments.engine) mirrors these values."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise: answered once for the organization")
    AREA = "area", _("Service area: answered once per active service area")
    BASELINE = "baseline", _("Baseline: describes stage 0, not answered")


class RuleKind(models.TextChoices):
    # An enterprise criterion is met when its single answer is `met`.
    ANSWER = "answer", _("The answer is met")
    # area: at least `min_areas` areas met.
    AT_LEAST = "at_least", _("At least N service areas met")
    # area: more than half of the counted areas (not `na`) met.
    MAJORITY = "majority", _("More than half of the service areas met")
    # area: at least `min_areas` met, or met areas hold >= `volume_share_percent` of the volume.
    AT_LEAST_OR_VOLUME = (
        "at_least_or_volume",
        _("At least N service areas met, or met areas hold a share of the image volume"),
    )
    # area: reported for information (met when any area is met); never gates a stage.
    INFORMATIONAL = "informational", _("Informational")
    # baseline: not answered, not scored.
    BASELINE = "baseline", _("Baseline, not answered")


# The catalog's own wording (the fixture's seed sentences): what exports, FHIR and the verbatim
# tests use whatever the reader's language; every other language is a translation of it.
CANONICAL_LANGUAGE = "en"


class TranslationKind(models.TextChoices):
    CATALOG = "catalog", _("Catalog")
    STAGE = "stage", _("Stage")
    GROUP = "group", _("Group")
    SERVICE_AREA = "service_area", _("Service area")
    CRITERION = "criterion", _("Criterion")


# The translated fields of each kind of catalog entry: the model fields holding the English wording.
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    TranslationKind.CATALOG: ("name", "description"),
    TranslationKind.STAGE: ("title", "description"),
    TranslationKind.GROUP: ("name", "description"),
    TranslationKind.SERVICE_AREA: ("name", "description"),
    TranslationKind.CRITERION: ("title", "text", "guidance"),
}
