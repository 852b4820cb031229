"""E-mail notifications of the life-cycle transitions (assessments.lifecycle).

Called after the transition has committed: a failure to send is logged, never raised, so it
cannot undo or hide a transition that already happened. One message per recipient (each is
greeted by name and sees no other address); users without an e-mail address are skipped.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.language import user_language
from assessments.access import ASSESSORS_GROUP
from assessments.enums import AssessmentStatus, Role
from assessments.models import Assessment
from discussions.selectors import rework_items_for_assessment

logger = logging.getLogger(__name__)

# Used when settings.DIAM_BASE_URL is not set (development).

# action -> the templates under templates/emails/ ("<name>_subject.txt", "<name>_body.txt").
TEMPLATES = {
    "submit": "assessment_submitted",
    "request_changes": "changes_requested",
    "validate": "assessment_validated",
}


def absolute_url(path: str) -> str:
    return str(settings.DIAM_BASE_URL).rstrip("/") + path


def user_display_name(user: AbstractBaseUser | AnonymousUser | None) -> str:
    if user is None or not user.is_authenticated:
        return ""
    return str(user.get_full_name() or user.get_username())  # type: ignore[union-attr]


def _with_email(users: Iterable[AbstractBaseUser]) -> list[AbstractBaseUser]:
    """Users with a non-empty address, each address once, in a stable order."""
    seen: set[str] = set()
    result = []
    for user in users:
        email = (getattr(user, "email", "") or "").strip()
        if email and email.lower() not in seen:
            seen.add(email.lower())
            result.append(user)
    return result


def submission_recipients(assessment: Assessment) -> list[AbstractBaseUser]:
    """The assigned assessor; with none, every active assessor; with none of those either,
    the admins: somebody must learn that a submission waits."""
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    assessor = users.filter(pk=assessment.assessor_id).first() if assessment.assessor_id else None
    if assessor is not None:
        return _with_email([assessor])
    assessors = _with_email(users.filter(groups__name=ASSESSORS_GROUP))
    if assessors:
        return assessors
    return _with_email(users.filter(is_staff=True))


def lead_recipients(assessment: Assessment) -> list[AbstractBaseUser]:
    """The organization's active leads."""
    return _with_email(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organization_id=assessment.organization_id,
            memberships__role=Role.LEAD,
        )
        .order_by("pk")
    )


def is_resubmission(assessment: Assessment) -> bool:
    """A submission is a resubmission when changes were requested on the assessment before."""
    return assessment.history.filter(status=AssessmentStatus.CHANGES_REQUESTED).exists()


def _context(
    assessment: Assessment, action: str, actor: AbstractBaseUser | AnonymousUser, resubmission: bool
) -> dict[str, object]:
    context: dict[str, object] = {
        "assessment": assessment,
        "organization": assessment.organization,
        "actor_name": user_display_name(actor),
        "resubmission": resubmission,
    }
    if action == "submit":
        context["url"] = absolute_url(reverse("assessment_review", args=[assessment.pk]))
    elif action == "request_changes":
        context["url"] = absolute_url(reverse("assessment_detail", args=[assessment.pk]))
        # The rework list: each challenged answer with the assessor's comment and its link.
        rework = rework_items_for_assessment(assessment=assessment)
        context["challenged"] = len(rework)
        context["rework"] = [(item, absolute_url(item.url)) for item in rework]
    elif action == "validate":
        context["url"] = absolute_url(reverse("assessment_results", args=[assessment.pk]))
    return context


def _recipients(assessment: Assessment, action: str) -> list[AbstractBaseUser]:
    if action == "submit":
        return submission_recipients(assessment)
    return lead_recipients(assessment)


def transition_notify(
    *,
    assessment: Assessment,
    action: str,
    actor: AbstractBaseUser | AnonymousUser,
    resubmission: bool | None = None,
) -> int:
    """E-mail the people who act next after `action`; returns the number of messages sent.

    "submit": the assessor (see submission_recipients), "resubmitted" when changes were
    requested before (`resubmission`, read from the history when not given); "request_changes"
    and "validate": the organization's leads. Other actions send nothing.
    """
    name = TEMPLATES.get(action)
    if name is None:
        return 0
    try:
        if resubmission is None:
            resubmission = action == "submit" and is_resubmission(assessment)
        context = _context(assessment, action, actor, resubmission)
        recipients = _recipients(assessment, action)
    except Exception:
        logger.exception("assessment %s: no notification of %s", assessment.pk, action)
        return 0
    if not recipients:
        logger.warning(
            "assessment %s: nobody with an e-mail to notify of %s", assessment.pk, action
        )
        return 0
    sent = 0
    connection = get_connection()
    for user in recipients:
        try:
            message_context = {**context, "recipient_name": user_display_name(user)}
            with translation.override(user_language(user)):
                subject = render_to_string(f"emails/{name}_subject.txt", message_context)
                body = render_to_string(f"emails/{name}_body.txt", message_context)
            message = EmailMessage(
                subject=" ".join(subject.split()),
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[user.email],  # type: ignore[attr-defined]
                connection=connection,
            )
            sent += message.send()
        except Exception:
            logger.exception(
                "assessment %s: notification of %s to user %s failed",
                assessment.pk,
                action,
                user.pk,
            )
    return sent
