"""The evidence upload's limits for the browser, and its refusals placed beside their answer."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.contrib.messages.storage.base import Message

from assessments.evidence.forms import (
    evidence_message_answer_id,
    evidence_too_large_message,
    evidence_upload_label,
)
from assessments.evidence.services import ACCEPT_ATTRIBUTE, evidence_max_bytes
from assessments.models import Answer

register = template.Library()

# static/js/evidence.js puts the chosen file's name in place of this.
NAME_PLACEHOLDER = "{name}"


@register.simple_tag
def evidence_upload_limits() -> dict[str, object]:
    """The upload field's label and attributes; the browser refuses a too large file itself."""
    return {
        "label": evidence_upload_label(),
        "accept": ACCEPT_ATTRIBUTE,
        "max_bytes": evidence_max_bytes(),
        "too_large": evidence_too_large_message(NAME_PLACEHOLDER),
    }


@register.simple_tag(takes_context=True)
def evidence_refusals(context: template.Context, answer: Answer | None) -> list[str]:
    """The refusals of an upload to this answer (from the redirect's messages)."""
    if answer is None:
        return []
    return [
        str(message)
        for message in context.get("messages", [])
        if evidence_message_answer_id(message.extra_tags) == answer.pk
    ]


@register.simple_tag(takes_context=True)
def messages_off_slots(context: template.Context, items: Iterable[Any]) -> list[Message]:
    """The messages for the top of a section page: all but the refusals shown beside an
    answer of the page that can take evidence (`items`: the page's (criterion, slots) pairs)."""
    placed = {
        slot.answer.pk
        for _criterion, slots in items
        for slot in slots
        if slot.answer and slot.editable
    }
    return [
        message
        for message in context.get("messages", [])
        if evidence_message_answer_id(message.extra_tags) not in placed
    ]
