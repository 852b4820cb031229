from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.models import MESSAGE_MAX_LENGTH


class AnswerMessageForm(forms.Form):
    """A message on one answer; prefixed with the answer ("m12-body"), so that the threads of a
    page, even inside one form (the review page's verdicts), never mix."""

    body = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={
            "required": _("Write a message before sending it."),
            "max_length": _(
                "A message holds at most %(limit_value)d characters; this one has %(show_value)d."
            ),
        },
    )


def message_form_prefix(answer_id: int) -> str:
    return f"m{answer_id}"
