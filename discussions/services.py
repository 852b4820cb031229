"""Writes of the conversations on answers: the only place a message is created."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.access import DISCUSSION_OPEN_STATUSES
from assessments.models import Answer
from discussions.models import MESSAGE_MAX_LENGTH, AnswerMessage
from discussions.notifications import answer_message_notify


def answer_message_post(
    *, answer: Answer, author: AbstractBaseUser, body: str, side: str
) -> AnswerMessage:
    """Add a message to the answer's thread and, after the commit, e-mail the other side.

    The body is stripped; an empty or too long one, or a thread closed by the assessment's
    status (validated, or not submitted yet), is refused with a ValidationError."""
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message before sending it."), code="empty")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("A message holds at most %(max)d characters; this one has %(length)d.")
            % {"max": MESSAGE_MAX_LENGTH, "length": len(body)},
            code="too_long",
        )
    if answer.assessment.status not in DISCUSSION_OPEN_STATUSES:
        raise ValidationError(
            _("This discussion is closed: the assessment is “%(status)s”.")
            % {"status": answer.assessment.get_status_display()},
            code="closed",
        )
    message = AnswerMessage(answer=answer, author=author, body=body, side=side)
    message.full_clean()
    message._history_user = author  # type: ignore[attr-defined]  # the audit trail's "who"
    with transaction.atomic():
        message.save()
        transaction.on_commit(lambda: answer_message_notify(message=message))
    return message
