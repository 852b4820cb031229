import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from assessments.enums import AnswerStatus, AssessmentStatus, OrganizationKind, ResultKind, Role
from criteria.models import CatalogVersion, Criterion, Group, ServiceArea


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    # The language of the organization's PDF scorecards; empty: the site's default language.
    language = models.CharField(
        _("language"), max_length=16, choices=settings.LANGUAGES, blank=True, default=""
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.CONTRIBUTOR
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"


class Assessment(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="assessments"
    )
    catalog = models.ForeignKey(CatalogVersion, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    # Assigned only through assessments.lifecycle.assessment_transition.
    status = models.CharField(
        _("status"), max_length=24, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    self_assessed_stage = models.PositiveSmallIntegerField(
        _("self-assessed stage"), null=True, blank=True
    )
    # Review (assessors). Assigned by an admin, or claimed by an assessor when settings allow.
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments_to_review",
        verbose_name=_("assessor"),
    )
    strengths = models.TextField(_("strengths"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    # Validation: never confused with the self-assessed stage.
    validated_stage = models.PositiveSmallIntegerField(_("validated stage"), null=True, blank=True)
    validation_reason = models.TextField(
        _("reason for a stage below the accepted answers"), blank=True
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    expires_at = models.DateField(_("validation expires on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="assessment_status_valid"
            ),
            # Case-insensitive: "DIAM 2026" and "diam 2026" would be told apart by nobody.
            models.UniqueConstraint(
                "organization",
                Lower("title"),
                name="assessment_title_unique_per_organization",
                violation_error_message=_("This organization already has an assessment so titled."),
            ),
            models.CheckConstraint(
                condition=Q(self_assessed_stage__isnull=True) | Q(self_assessed_stage__lte=7),
                name="assessment_self_assessed_stage_0_to_7",
            ),
            models.CheckConstraint(
                condition=Q(validated_stage__isnull=True) | Q(validated_stage__lte=7),
                name="assessment_validated_stage_0_to_7",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.title}"


class AssessmentArea(models.Model):
    """A service area active in an assessment, with its annual image volume."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="areas")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    annual_volume = models.PositiveIntegerField(_("annual image volume"), null=True, blank=True)

    class Meta:
        verbose_name = _("active service area")
        verbose_name_plural = _("active service areas")
        ordering = ["assessment", "service_area__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "service_area"], name="assessment_area_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.service_area)


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=AnswerStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: every save increments it; a save based on an older version is a conflict.
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assessment", "criterion__order", "service_area__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion", "service_area"],
                condition=Q(service_area__isnull=False),
                name="answer_unique_per_area",
            ),
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                condition=Q(service_area__isnull=True),
                name="answer_unique_enterprise",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AnswerStatus.values), name="answer_status_valid"
            ),
        ]

    def __str__(self) -> str:
        where = f" / {self.service_area}" if self.service_area_id else ""
        return f"{self.criterion.code}{where}: {self.status}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # A random name: the original name is kept in the database only.
    return f"evidence/{instance.answer.assessment_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file attached to an answer. Stored under MEDIA_ROOT (outside static and public folders)
    and served only through a view that checks permissions."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Verdict(models.Model):
    """An assessor's verdict on one answer: accepted, or not accepted with a required comment.

    It persists across review rounds: the next review starts from the previous verdicts."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="verdict")
    accepted = models.BooleanField(_("accepted"))
    comment = models.TextField(_("comment"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking, as for answers: two assessors saving the same verdict see each other.
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted=True) | ~Q(comment=""),
                name="verdict_rejection_needs_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer}: {'accepted' if self.accepted else 'not accepted'}"


class AssessmentResult(models.Model):
    """The score of an assessment as it stood when it was submitted (self-assessed) or validated
    (from the accepted answers), with normalized rows below it that SQL aggregates: benchmarks
    read these, they never score again. Written only by assessments.result_store."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_("kind"), max_length=16, choices=ResultKind.choices)
    # The stage of record: the self-assessed stage, or the validated stage (which an assessor may
    # set below the stage the accepted answers justify, with a reason).
    stage = models.PositiveSmallIntegerField(_("stage"))
    computed_stage = models.PositiveSmallIntegerField(_("stage computed from the answers"))
    # The sum of the active areas' annual image volumes (none counts as 0): the size band.
    annual_volume = models.PositiveBigIntegerField(_("annual image volume"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["assessment", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kind"], name="result_unique_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=ResultKind.values), name="result_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(stage__lte=7, computed_stage__lte=7), name="result_stages_0_to_7"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.get_kind_display()} stage {self.stage}"


class GroupResult(models.Model):
    """Whether a stored result meets a group (A, B, C) of stages 5–7."""

    result = models.ForeignKey(AssessmentResult, on_delete=models.CASCADE, related_name="groups")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("met"))

    class Meta:
        verbose_name = _("group result")
        verbose_name_plural = _("group results")
        constraints = [
            models.UniqueConstraint(fields=["result", "group"], name="group_result_unique"),
        ]
        # Covering the benchmarks' aggregates (counts by group and met of the counted
        # results): read from the index alone.
        indexes = [
            models.Index(fields=["result", "group", "met"], name="group_result_tally"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id} {self.group_id}: {self.met}"


class CriterionResult(models.Model):
    """Whether a stored result meets a criterion (its rule applied over the areas, for `area`
    criteria)."""

    result = models.ForeignKey(AssessmentResult, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("met"))
    areas_met = models.PositiveSmallIntegerField(_("areas met"), null=True, blank=True)
    areas_counted = models.PositiveSmallIntegerField(_("areas counted"), null=True, blank=True)

    class Meta:
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        constraints = [
            models.UniqueConstraint(fields=["result", "criterion"], name="criterion_result_unique"),
        ]
        indexes = [
            models.Index(fields=["result", "criterion", "met"], name="criterion_result_tally"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id} {self.criterion_id}: {self.met}"


class AreaCriterionResult(models.Model):
    """One active service area's answer to an `area` criterion in a stored result (`status` is
    empty when it was not answered; for a validated result, the status the verdicts let count)."""

    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="area_criteria"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=AnswerStatus.choices, blank=True)
    met = models.BooleanField(_("met"))

    class Meta:
        verbose_name = _("area criterion result")
        verbose_name_plural = _("area criterion results")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "criterion", "service_area"], name="area_criterion_result_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["result", "service_area", "criterion", "status", "met"],
                name="area_criterion_result_tally",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result_id} {self.criterion_id} / {self.service_area_id}: {self.status}"


class ValidationExpiryNotice(models.Model):
    """An e-mail telling an organization's leads that a validation expires soon: one per
    assessment and threshold (90, then 30 days before), so a daily run sends each once."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="expiry_notices"
    )
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    expires_at = models.DateField(_("validation expires on"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("validation expiry notice")
        verbose_name_plural = _("validation expiry notices")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "days_before"], name="expiry_notice_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} ({self.days_before} days)"
