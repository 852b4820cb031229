"""Sections of an assessment assigned to members, with a due date, and the reminders sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import Assessment


class SectionAssignment(models.Model):
    """One member answers one section (Stage 1-4, Group A-C) of an assessment by a date."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="section_assignments"
    )
    # A section's slug (assessments.sections): "stage-1" ... "stage-4", "group-a" ... "group-c".
    section = models.SlugField(_("section"), max_length=32)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="section_assignments",
        verbose_name=_("assigned to"),
    )
    due_date = models.DateField(_("due date"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("section assignment")
        verbose_name_plural = _("section assignments")
        ordering = ["due_date", "assessment", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "section"], name="section_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} / {self.section}: {self.assignee}"


class DueReminder(models.Model):
    """A reminder e-mailed before an assignment's due date: one per assignment and due date
    (a new due date gets its own reminder)."""

    assignment = models.ForeignKey(
        SectionAssignment, on_delete=models.CASCADE, related_name="reminders"
    )
    due_date = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("due-date reminder")
        verbose_name_plural = _("due-date reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "due_date"], name="due_reminder_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.due_date})"
