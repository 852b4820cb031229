"""E-mails to contributors: a section was assigned to them, a section is due soon.

Like assessments.notifications: sent after the change has committed, a failure is logged and
never raised, users without an e-mail address are skipped.
"""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.language import user_language
from assessments.notifications import absolute_url, user_display_name
from assessments.sections import Section
from assessments.workspace import Progress
from assignments.models import SectionAssignment

logger = logging.getLogger(__name__)


def _send(*, assignment: SectionAssignment, name: str, context: dict[str, object]) -> int:
    user = assignment.assignee
    email = (user.email or "").strip()
    if not user.is_active or not email:
        logger.warning("assignment %s: no e-mail address to send %s to", assignment.pk, name)
        return 0
    assessment = assignment.assessment
    context = {
        **context,
        "assignment": assignment,
        "assessment": assessment,
        "organization": assessment.organization,
        "recipient_name": user_display_name(user),
        "url": absolute_url(
            reverse("assessment_section", args=[assessment.pk, assignment.section])
        ),
    }
    try:
        with translation.override(user_language(user)):
            subject = render_to_string(f"emails/{name}_subject.txt", context)
            body = render_to_string(f"emails/{name}_body.txt", context)
        return EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        ).send()
    except Exception:
        logger.exception("assignment %s: %s to user %s failed", assignment.pk, name, user.pk)
        return 0


def assignment_notify(*, assignment: SectionAssignment, section: Section) -> int:
    """Tell the assignee which section is theirs, by when, and where to answer it."""
    return _send(
        assignment=assignment,
        name="section_assigned",
        context={
            "section": section,
            "assigned_by_name": user_display_name(assignment.assigned_by),
        },
    )


def due_reminder_notify(
    *, assignment: SectionAssignment, section: Section, progress: Progress, today: date
) -> int:
    """Remind the assignee that the section is due soon, with what is still missing."""
    return _send(
        assignment=assignment,
        name="section_due",
        context={
            "section": section,
            "progress": progress,
            "days_left": (assignment.due_date - today).days,
        },
    )
