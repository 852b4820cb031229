"""Writes on section assignments (services), named `<entity>_<action>`."""

from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from assessments.access import EDITABLE_STATUSES
from assessments.models import Assessment, Membership
from assessments.sections import catalog_sections
from assignments.models import DueReminder, SectionAssignment
from assignments.notifications import assignment_notify, due_reminder_notify
from assignments.selectors import section_assignment_rows

# How many days before the due date the reminder goes out, unless told otherwise.
REMINDER_DAYS_DEFAULT = 3


def section_assignment_save(
    *,
    assessment: Assessment,
    section: str,
    assignee: AbstractBaseUser,
    due_date: date,
    assigned_by: AbstractBaseUser,
    today: date,
) -> SectionAssignment:
    """Assign a section of the assessment to a member by a due date (or change who, or by
    when). The assignee is e-mailed when the section is new to them. Raises ValidationError
    (nothing changes) for a section not in the survey, someone who is not an active member of
    the organization, or a due date in the past."""
    sections = {s.slug: s for s in catalog_sections(assessment.catalog_id)}
    errors: dict[str, str] = {}
    if section not in sections:
        errors["section"] = _("Choose one of the survey's sections.")
    is_member = Membership.objects.filter(
        user_id=assignee.pk, organization_id=assessment.organization_id
    ).exists()
    if not (is_member and assignee.is_active):
        errors["assignee"] = _("Choose an active member of the organization.")
    if due_date < today:
        errors["due_date"] = _("Choose a due date from today on.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assignment = (
            SectionAssignment.objects.select_for_update()
            .filter(assessment=assessment, section=section)
            .first()
        )
        if assignment is None:
            assignment = SectionAssignment(assessment=assessment, section=section)
        elif assignment.assignee_id == assignee.pk and assignment.due_date == due_date:
            return assignment  # nothing changed: no history row, no e-mail
        newly_assigned = assignment.assignee_id != assignee.pk
        assignment.assignee = assignee
        assignment.due_date = due_date
        assignment.assigned_by = assigned_by
        assignment.full_clean(validate_unique=False, validate_constraints=False)
        assignment.save()
        if newly_assigned:
            transaction.on_commit(
                lambda: assignment_notify(assignment=assignment, section=sections[section])
            )
    return assignment


def section_assignment_delete(*, assessment: Assessment, section: str) -> bool:
    """Unassign the section; False when it was not assigned."""
    deleted, _by_model = SectionAssignment.objects.filter(
        assessment=assessment, section=section
    ).delete()
    return deleted > 0


def due_reminders_send(*, today: date, days: int, now: datetime) -> int:
    """E-mail a reminder for every section due from today to `days` days ahead that still
    misses required answers, once per assignment and due date (recorded as a DueReminder, so
    running it again sends nothing new). Returns the number of reminders sent."""
    already_sent = DueReminder.objects.filter(
        assignment=OuterRef("pk"), due_date=OuterRef("due_date")
    )
    still_member = Membership.objects.filter(
        user=OuterRef("assignee"), organization=OuterRef("assessment__organization")
    )
    due = (
        SectionAssignment.objects.filter(
            due_date__gte=today,
            due_date__lte=today + timedelta(days=days),
            assessment__status__in=EDITABLE_STATUSES,
            assignee__is_active=True,
        )
        .filter(Exists(still_member), ~Exists(already_sent))
        .select_related("assessment__organization", "assignee")
        .order_by("due_date", "pk")
    )
    sent = 0
    for row in section_assignment_rows(due):
        if row.progress.complete:
            continue
        assignment = row.assignment
        try:
            # Recorded first: a second run at the same time cannot send it twice.
            with transaction.atomic():
                reminder = DueReminder.objects.create(
                    assignment=assignment, due_date=assignment.due_date, sent_at=now
                )
        except IntegrityError:
            continue
        if due_reminder_notify(
            assignment=assignment, section=row.section, progress=row.progress, today=today
        ):
            sent += 1
        else:
            reminder.delete()  # not sent: the next run tries again
    return sent
