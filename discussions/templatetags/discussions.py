"""Template helpers of the conversations and of the rework list.

What they read is loaded once per page and kept on the page's workspace (`ws`): every thread,
the rework list and the section navigation's counts share two queries."""

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse

from assessments.enums import AssessmentStatus
from assessments.models import Answer
from discussions import selectors
from discussions.forms import AnswerMessageForm, message_form_prefix
from discussions.models import AnswerMessage

register = template.Library()


@dataclass(frozen=True)
class Thread:
    answer: Answer
    messages: list[AnswerMessage]
    can_post: bool
    form: AnswerMessageForm
    in_slot: bool
    # Inside another form (the review page's verdicts): htmx only, no <form> of its own.
    nested: bool
    url: str
    next_url: str
    to_organization: bool
    error: str | None = None
    sent: bool = False

    @property
    def open(self) -> bool:
        """The writing box starts open where the organization is asked to answer, when the
        thread already has messages, or after a refused message."""
        return bool(self.in_slot or self.messages or self.error)


def _page_messages(context: template.Context) -> dict[int, list[AnswerMessage]]:
    given = context.get("thread_messages")
    if given is not None:
        return given  # type: ignore[no-any-return]
    workspace = context.get("ws")
    cached = getattr(workspace, "_discussion_messages", None)
    if cached is None:
        cached = selectors.answer_messages_by_answer(assessment=context["assessment"])
        if workspace is not None:
            workspace._discussion_messages = cached
    return cached


def _challenged(answer: Answer) -> bool:
    verdict = getattr(answer, "verdict", None)
    return verdict is not None and not verdict.accepted


@register.simple_tag(takes_context=True)
def answer_thread(context: template.Context, answer: Answer | None) -> Thread | None:
    """The thread of an answer as the reader sees it, or None when there is nothing to show:
    no answer, a reader who may not see the threads, or an empty thread the reader would not
    start here (members start them on challenged answers; the assessor on the review page)."""
    access = context.get("access")
    if answer is None or access is None or not access.can_see_discussion:
        return None
    messages = _page_messages(context).get(answer.pk, [])
    in_slot = bool(context.get("in_slot"))
    can_post = access.can_post_message
    starts_here = _challenged(answer) if in_slot else not access.speaks_for_organization
    # The thread just posted to (the view's response) is always shown, with its outcome.
    posted = context.get("thread_sent") or context.get("thread_error")
    if not messages and not (can_post and starts_here) and not posted:
        return None
    prefix = message_form_prefix(answer.pk)
    form = context.get("thread_form") or AnswerMessageForm(prefix=prefix)
    request = context.get("request")
    page = request.path if request is not None else ""
    return Thread(
        answer=answer,
        messages=messages,
        can_post=can_post,
        form=form,
        in_slot=in_slot,
        nested=not in_slot and access.can_record_verdicts,
        url=reverse("answer_message_create", args=[answer.assessment_id, answer.pk]),
        next_url=f"{page}#thread-{answer.pk}",
        to_organization=not access.speaks_for_organization,
        error=context.get("thread_error"),
        sent=bool(context.get("thread_sent")),
    )


@register.simple_tag(takes_context=True)
def rework_items(context: template.Context) -> list[selectors.ReworkItem]:
    """The page's rework list: the challenged answers while changes are requested, for readers
    who see the verdicts; empty otherwise (and then without a query)."""
    access = context.get("access")
    workspace = context.get("ws")
    if (
        access is None
        or workspace is None
        or access.assessment.status != AssessmentStatus.CHANGES_REQUESTED
        or not access.can_see_verdicts
    ):
        return []
    cached = getattr(workspace, "_rework_items", None)
    if cached is None:
        cached = selectors.rework_items_for_assessment(
            assessment=access.assessment,
            sections=workspace.sections,
            messages=_page_messages(context),
        )
        workspace._rework_items = cached
    return cached  # type: ignore[no-any-return]


@register.simple_tag(takes_context=True)
def rework_counts(context: template.Context) -> dict[str, int]:
    """Section slug -> its challenged answers still to do (for the section navigation)."""
    return selectors.rework_counts(rework_items(context))


@register.simple_tag(takes_context=True)
def rework_item_for(context: template.Context, answer: Answer | None) -> Any:
    """The rework item of a slot's answer, or None."""
    if answer is None:
        return None
    return next((item for item in rework_items(context) if item.answer.pk == answer.pk), None)


@register.filter
def open_count(items: list[selectors.ReworkItem]) -> int:
    """How many of the rework items are still to do."""
    return sum(1 for item in items if not item.done)
