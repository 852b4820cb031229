"""The section page's answer slots, rendered in Python.

A section page repeats its slot for every answer (30 with 15 areas); in templates, the engine's
cost per node and variable was most of the page's time. The usual parts of a slot (its frame,
inputs, save state and evidence summary) are written here; the rare ones (a verdict, a rework
mark, a plan item, a conflict, a thread, evidence files) still come from their templates, each
included only when it has something to show. The HTML is the one the templates wrote.

Context, as for the templates: access, assessment, autosave_url, page_url, oob (an autosave's
out-of-band swap), messages (the evidence refusals), ws (the plan's and the threads' caches)."""

from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.template.defaultfilters import time as time_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from assessments.enums import AssessmentStatus
from assessments.survey_forms import Slot, esc
from assessments.templatetags.evidence import evidence_refusals
from discussions.templatetags.discussions import rework_item_for
from plans.templatetags.plans import plan_badge

register = template.Library()

OOB = ' hx-swap-oob="true"'
FRAMES = {
    "conflict": " border border-warning rounded p-2",
    "error": " border border-danger rounded p-2",
}
SAVED_STATES = {"saved", "unchanged"}
ERROR_STATES = {"conflict", "error", "unsaved", "closed"}
# The autosave of a slot: on a change, and after a pause in typing its comment; a key that
# changes nothing (a Tab through the box) sends nothing (htmx's `changed`).
AUTOSAVE_ATTRIBUTES = (
    ' hx-trigger="change, keyup changed delay:1200ms from:find textarea" hx-sync="this:queue last"'
)


def _include(context: template.Context, name: str, **values: Any) -> str:
    """A template rendered in this context with `values` added, as {% include ... with %}."""
    included = context.template.engine.get_template(name)  # type: ignore[union-attr]
    with context.push(**values):
        return str(included.render(context))


@register.simple_tag(takes_context=True)
def answer_slot(context: template.Context, slot: Slot) -> SafeString:
    """One answer slot (was includes/slot.html): its inputs when editable, else its answer."""
    access = context["access"]
    oob = bool(context.get("oob"))
    key = esc(slot.key)
    answer = slot.answer
    html = [
        f'<div class="answer-row{FRAMES.get(slot.state, "")}" id="{key}" data-slot="{key}"'
        f"{OOB if oob else ''}\n  "
    ]
    if slot.editable and slot.state != "closed":
        url = esc(context["autosave_url"])
        html.append(
            f'hx-post="{url}"{AUTOSAVE_ATTRIBUTES} hx-include="#{key}"'
            f' hx-vals=\'{{"slot": "{key}"}}\' hx-swap="none"'
        )
    html.append(">\n  ")
    if answer is not None and access.can_see_verdicts:
        verdict = getattr(answer, "verdict", None)
        if verdict is not None:
            html.append(_include(context, "assessments/includes/verdict.html", verdict=verdict))
        item = rework_item_for(context, answer)
        if item is not None:
            html.append(_include(context, "discussions/rework_mark.html", item=item))
    if plan_badge(context, slot) is not None:
        html.append(_include(context, "plans/includes/slot_plan.html", slot=slot))
    if slot.editable:
        errors = slot.errors
        if errors:
            text = "".join(f"{esc(e)} " for e in errors)
            html.append(
                f'\n  <div class="text-danger small" id="{key}-errors" role="alert">{text}</div>'
            )
        else:
            html.append(f'\n  <div id="{key}-errors"></div>')
        html.append(slot.inputs_html)
    else:
        name = esc(slot.area.name) if slot.area else gettext("Answer")
        shown = (
            esc(answer.get_status_display())
            if answer is not None
            else f"<em>{gettext('not answered')}</em>"
        )
        html.append(f'\n  <p class="mb-1"><strong>{name}:</strong>\n    {shown}</p>')
        if answer is not None and answer.comment:
            comment = linebreaksbr(answer.comment, autoescape=True)
            html.append(f'\n  <p class="mb-1 small">{comment}</p>')
    html.append("\n  ")
    html.append(slot_state(context, slot))
    conflict = (
        _include(context, "assessments/includes/conflict.html", slot=slot)
        if slot.conflict or slot.state == "conflict"
        else ""
    )
    html.append(f'\n  <div id="{key}-conflict">{conflict}</div>\n  ')
    html.append(slot_evidence(context, slot))
    html.append("\n</div>\n")
    # Outside the slot, whose autosave listens to every change inside it.
    if not oob and answer is not None and access.can_see_discussion:
        html.append(_include(context, "discussions/thread.html", answer=answer, in_slot=True))
    return mark_safe("".join(html))  # every value is escaped


@register.simple_tag(takes_context=True)
def slot_state(context: template.Context, slot: Slot) -> SafeString:
    """The slot's save state (was includes/slot_state.html): who changed it last, or the
    outcome of its last save."""
    key = esc(slot.key)
    oob = OOB if context.get("oob") else ""
    state = slot.state
    if not state:  # the page's usual case: nothing happened to the slot yet
        return mark_safe(
            f'<div id="{key}-state" class="save-state small" aria-live="polite"{oob}>'
            f"{slot.last_changed}</div>"
        )
    kind = " is-saved" if state in SAVED_STATES else " is-error" if state in ERROR_STATES else ""
    role = ' role="alert" data-state="closed"' if state == "closed" else ' aria-live="polite"'
    return mark_safe(  # every value is escaped
        f'<div id="{key}-state" class="save-state small{kind}"{role}{oob}>'
        f"{_state_text(context, slot)}</div>"
    )


def _state_text(context: template.Context, slot: Slot) -> str:
    state = slot.state
    if state in SAVED_STATES:
        if slot.answer is None:
            return ""
        when = time_filter(template_localtime(slot.answer.updated_at))
        return gettext("Saved at %(time)s") % {"time": esc(when)}
    if state == "conflict":
        return gettext("Not saved: a colleague changed this answer. Choose below.")
    if state == "error":
        return gettext("Not saved: see the message above.")
    if state == "unsaved":
        return gettext("Not saved: this section is saved only when all its answers can be.")
    if state == "closed":
        status = context["assessment"].status
        if status == AssessmentStatus.SUBMITTED:
            text = gettext("This assessment was submitted; your change was not saved.")
        elif status == AssessmentStatus.IN_REVIEW:
            text = gettext("This assessment is in review; your change was not saved.")
        elif status == AssessmentStatus.VALIDATED:
            text = gettext("This assessment was validated; your change was not saved.")
        else:
            text = gettext("This assessment is closed to changes; your change was not saved.")
        url = esc(context["page_url"])
        return f'{text} <a href="{url}">{gettext("Reload the page")}</a>'
    if state == "pending":
        return gettext("Choose a status to save this answer.")
    return str(slot.last_changed)


@register.simple_tag(takes_context=True)
def slot_evidence(context: template.Context, slot: Slot) -> SafeString:
    """The slot's evidence (was includes/slot_evidence.html): the files and the upload form when
    there are files or a refused upload; else a link to the panel, fetched when it opens."""
    key = esc(slot.key)
    oob = OOB if context.get("oob") else ""
    answer = slot.answer
    if answer is None and not slot.editable:
        return mark_safe(f'<div id="{key}-evidence"{oob}></div>')
    refusals = evidence_refusals(context, answer)
    opened = " open" if slot.evidence or refusals else ""
    if slot.evidence or refusals or not slot.editable:
        panel = _include(
            context,
            "assessments/includes/evidence.html",
            answer=answer,
            evidence_files=slot.evidence,
            can_edit=slot.editable,
            next_url=f"{context['page_url']}#{slot.key}",
            slot_id=slot.key,
        )
    elif answer is not None:
        # No file yet: the upload form is fetched when the panel opens; without JavaScript,
        # the link opens it as a page.
        url = esc(slot.evidence_panel_url)
        panel = (
            f'<div class="evidence small" id="evidence-{key}" hx-get="{url}"'
            ' hx-trigger="toggle once from:closest details" hx-target="this"'
            ' hx-swap="outerHTML" hx-params="none" hx-sync="this:drop">'
            f'<a href="{url}">{gettext("Attach evidence")}</a></div>'
        )
    else:
        panel = (
            f'<div class="evidence small" id="evidence-{key}"><p class="mb-0">'
            f"{gettext('Save an answer to attach evidence.')}</p></div>"
        )
    return mark_safe(  # every value is escaped
        f'<div id="{key}-evidence"{oob}>\n  \n  <details class="small"{opened}>\n'
        f"    <summary>{slot.evidence_summary}</summary>\n    {panel}\n  </details>\n</div>"
    )
