"""Notices before a validation expires: the organization's leads hear of it 90 and 30 days
ahead (`manage.py send_expiry_notices`, run daily). Each notice is recorded first
(ValidationExpiryNotice), so a run repeated the same day, or a crashed one, sends nothing
twice; a validation replaced by a newer one of its organization gets none."""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.language import user_language
from assessments.enums import AssessmentStatus
from assessments.models import Assessment, ValidationExpiryNotice
from assessments.notifications import absolute_url, lead_recipients, user_display_name

logger = logging.getLogger(__name__)

# Days before the expiry date; the nearest threshold reached is the one sent (a validation
# found 20 days before its expiry gets the 30-day notice only).
THRESHOLDS = (90, 30)


def expiry_threshold(*, days_left: int) -> int | None:
    """The notice due with `days_left` days to go, if any."""
    due = [threshold for threshold in THRESHOLDS if 0 <= days_left <= threshold]
    return min(due) if due else None


def expiring_assessment_list(*, today: date, days: int) -> list[Assessment]:
    """Validated assessments expiring from today to `days` days ahead, still the latest
    validation of their organization, the soonest first (also the programme dashboard's list)."""
    newer = Assessment.objects.filter(
        organization=OuterRef("organization"),
        status=AssessmentStatus.VALIDATED,
        validated_at__gt=OuterRef("validated_at"),
    )
    return list(
        Assessment.objects.filter(
            status=AssessmentStatus.VALIDATED,
            expires_at__gte=today,
            expires_at__lte=today + timedelta(days=days),
        )
        .filter(~Exists(newer))
        .select_related("organization")
        .order_by("expires_at", "organization__name", "pk")
    )


def expiry_notices_send(*, today: date, now: datetime) -> int:
    """Send the notices due today (see the module's docstring); returns the e-mails sent."""
    sent = 0
    already = set(
        ValidationExpiryNotice.objects.filter(
            assessment__status=AssessmentStatus.VALIDATED,
            assessment__expires_at__gte=today,
        ).values_list("assessment_id", "days_before")
    )
    connection = get_connection()
    for assessment in expiring_assessment_list(today=today, days=max(THRESHOLDS)):
        assert assessment.expires_at is not None
        days_left = (assessment.expires_at - today).days
        threshold = expiry_threshold(days_left=days_left)
        if threshold is None or (assessment.pk, threshold) in already:
            continue
        try:
            # Recorded first: a second run at the same time cannot send it twice.
            with transaction.atomic():
                ValidationExpiryNotice.objects.create(
                    assessment=assessment,
                    days_before=threshold,
                    expires_at=assessment.expires_at,
                    sent_at=now,
                )
        except IntegrityError:
            continue
        sent += expiry_notify(assessment=assessment, days_left=days_left, connection=connection)
    return sent


def expiry_notify(
    *, assessment: Assessment, days_left: int, connection: BaseEmailBackend | None = None
) -> int:
    """E-mail each lead of the organization; a failure is logged, never raised."""
    context = {
        "assessment": assessment,
        "organization": assessment.organization,
        "days_left": days_left,
        "url": absolute_url(reverse("assessment_create", args=[assessment.organization.slug])),
    }
    sent = 0
    for user in lead_recipients(assessment):
        try:
            message_context = {**context, "recipient_name": user_display_name(user)}
            with translation.override(user_language(user)):
                subject = render_to_string("emails/validation_expiry_subject.txt", message_context)
                body = render_to_string("emails/validation_expiry_body.txt", message_context)
            sent += EmailMessage(
                subject=" ".join(subject.split()),
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[user.email],  # type: ignore[attr-defined]
                connection=connection,
            ).send()
        except Exception:
            logger.exception(
                "assessment %s: expiry notice to user %s failed", assessment.pk, user.pk
            )
    if not sent:
        logger.warning("assessment %s: no lead with an e-mail heard of its expiry", assessment.pk)
    return sent
