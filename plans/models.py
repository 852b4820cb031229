"""An organization's improvement plan: a target stage by a date, the way chosen to reach it, and
the items (a criterion, in a service area for area criteria) someone owns until they are done."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import Assessment, Organization
from criteria.models import Criterion, ServiceArea
from plans.enums import PlanItemStatus


class ImprovementPlan(models.Model):
    """One per organization: the target is the organization's, measured against its latest
    assessment (the baseline), whichever assessment comes next."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="improvement_plan"
    )
    target_stage = models.PositiveSmallIntegerField(
        _("target stage"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    target_date = models.DateField(_("target date"))
    # The assessment the way was derived from, and the groups of the way chosen ("AB"; empty for
    # stages 1-4). `path_chosen_at` is None until a way is chosen for the current target.
    baseline = models.ForeignKey(
        Assessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("baseline assessment"),
    )
    groups = models.CharField(_("groups of the chosen way"), max_length=8, blank=True)
    path_chosen_at = models.DateTimeField(_("way chosen at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")

    def __str__(self) -> str:
        return f"{self.organization}: stage {self.target_stage} by {self.target_date}"


class PlanItem(models.Model):
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    # Area criteria: the area that does not meet it yet; None for enterprise criteria.
    service_area = models.ForeignKey(
        ServiceArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanItemStatus.choices, default=PlanItemStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "criterion", "service_area"],
                condition=models.Q(service_area__isnull=False),
                name="plan_item_unique_area",
            ),
            models.UniqueConstraint(
                fields=["plan", "criterion"],
                condition=models.Q(service_area__isnull=True),
                name="plan_item_unique_enterprise",
            ),
        ]

    def __str__(self) -> str:
        area = f" / {self.service_area.code}" if self.service_area_id else ""
        return f"{self.criterion.code}{area}"


class PlanItemReminder(models.Model):
    """A reminder e-mailed to an item's owner before its due date: one per item and due date."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("plan item reminder")
        verbose_name_plural = _("plan item reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["item", "due_date"], name="plan_item_reminder_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.due_date})"
