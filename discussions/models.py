from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import Answer
from discussions.enums import Side

MESSAGE_MAX_LENGTH = 2000


class AnswerMessage(models.Model):
    """One message of the conversation on an answer, between its assessor and its organization.

    Messages are never edited or deleted by the application; the history table records who wrote
    them for the assessment's timeline."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message on an answer")
        verbose_name_plural = _("messages on answers")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="answer_message_body_not_empty"),
            models.CheckConstraint(
                condition=Q(side__in=Side.values), name="answer_message_side_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer}: {self.body[:40]}"
