"""States and vocabularies of assessments. The engine (assessments.engine) uses the same values."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    DIAGNOSTIC_CENTER = "diagnostic-center", _("Diagnostic center")
    HEALTH_SYSTEM = "health-system", _("Health system")


class Role(models.TextChoices):
    CONTRIBUTOR = "contributor", _("Contributor")
    LEAD = "lead", _("Lead")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    VALIDATED = "validated", _("Validated")


class AnswerStatus(models.TextChoices):
    MET = "met", _("Met")
    PARTIAL = "partial", _("Partially met")
    NOT_MET = "not_met", _("Not met")
    NA = "na", _("Not applicable")


class ResultKind(models.TextChoices):
    """Which score a stored result holds (assessments.result_store)."""

    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    VALIDATED = "validated", _("Validated")
