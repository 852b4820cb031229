"""E-mail of a new message on an answer: to the other side of the conversation.

A message from the assessor goes to the organization's leads; one from the organization to the
assigned assessor. The author never gets their own message. Sent after the commit; a failure is
logged, never raised (the message is kept either way)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.language import user_language
from assessments.notifications import absolute_url, lead_recipients, user_display_name
from assessments.sections import catalog_sections, section_for_criterion
from assessments.survey_forms import slot_key
from discussions.enums import Side
from discussions.models import AnswerMessage

logger = logging.getLogger(__name__)


def answer_label(message: AnswerMessage) -> str:
    answer = message.answer
    if answer.service_area is None:
        return answer.criterion.code
    return f"{answer.criterion.code} · {answer.service_area.name}"


def message_recipients(message: AnswerMessage) -> list[AbstractBaseUser]:
    assessment = message.answer.assessment
    if message.side == Side.ASSESSOR:
        users = lead_recipients(assessment)
    elif assessment.assessor_id is None:
        users = []
    else:
        assessor = (
            get_user_model().objects.filter(pk=assessment.assessor_id, is_active=True).first()
        )
        users = [assessor] if assessor is not None and (assessor.email or "").strip() else []
    return [user for user in users if user.pk != message.author_id]


def message_url(message: AnswerMessage) -> str:
    """Where the recipient answers: the review page for the assessor, the answer's slot on its
    section page for the organization."""
    answer = message.answer
    assessment = answer.assessment
    if message.side == Side.ORGANIZATION:
        path = reverse("assessment_review", args=[assessment.pk])
        return absolute_url(f"{path}#thread-{answer.pk}")
    section = section_for_criterion(catalog_sections(assessment.catalog_id), answer.criterion.code)
    if section is None:
        return absolute_url(reverse("assessment_detail", args=[assessment.pk]))
    path = reverse("assessment_section", args=[assessment.pk, section.slug])
    return absolute_url(f"{path}#{slot_key(answer.criterion, answer.service_area)}")


def answer_message_notify(*, message: AnswerMessage) -> int:
    """E-mail the other side of the conversation; returns the number of messages sent."""
    try:
        recipients = message_recipients(message)
        assessment = message.answer.assessment
        context = {
            "assessment": assessment,
            "organization": assessment.organization,
            "author_name": user_display_name(message.author),
            "from_assessor": message.side == Side.ASSESSOR,
            "answer_label": answer_label(message),
            "criterion": message.answer.criterion,
            "body": message.body,
            "url": message_url(message),
        }
    except Exception:
        logger.exception("message %s: no notification", message.pk)
        return 0
    sent = 0
    connection = get_connection()
    for user in recipients:
        try:
            message_context = {**context, "recipient_name": user_display_name(user)}
            with translation.override(user_language(user)):
                subject = render_to_string("emails/answer_message_subject.txt", message_context)
                body = render_to_string("emails/answer_message_body.txt", message_context)
            sent += EmailMessage(
                subject=" ".join(subject.split()),
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[user.email],  # type: ignore[attr-defined]
                connection=connection,
            ).send()
        except Exception:
            logger.exception("message %s: notification to user %s failed", message.pk, user.pk)
    return sent
