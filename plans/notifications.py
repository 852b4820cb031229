"""E-mail to a plan item's owner before its due date. Like assignments.notifications: a failure
is logged and never raised, owners without an e-mail address are skipped."""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.language import user_language
from assessments.notifications import absolute_url, user_display_name
from plans.models import PlanItem

logger = logging.getLogger(__name__)


def plan_item_due_notify(*, item: PlanItem, today: date) -> int:
    """Remind the owner that the item is due soon, and where the plan is."""
    user = item.owner
    email = (user.email or "").strip() if user is not None else ""
    if user is None or not user.is_active or not email:
        logger.warning("plan item %s: no e-mail address to send the reminder to", item.pk)
        return 0
    organization = item.plan.organization
    context = {
        "item": item,
        "organization": organization,
        "recipient_name": user_display_name(user),
        "days_left": (item.due_date - today).days if item.due_date else 0,
        "url": absolute_url(reverse("organization_plan", args=[organization.slug])),
    }
    try:
        with translation.override(user_language(user)):
            subject = render_to_string("emails/plan_item_due_subject.txt", context)
            body = render_to_string("emails/plan_item_due_body.txt", context)
        return EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        ).send()
    except Exception:
        logger.exception("plan item %s: reminder to user %s failed", item.pk, user.pk)
        return 0
