import math
from decimal import Decimal

from django import template
from django.utils.formats import number_format

from accounts.former_member import former_member_label, person_name
from assessments.enums import AnswerStatus
from criteria.models import Criterion
from criteria.rules import rule_text

register = template.Library()


@register.filter
def rule_description(criterion: Criterion) -> str:
    return rule_text(criterion)


@register.filter
def anchor(code: str) -> str:
    """The HTML id of a criterion's card."""
    return "criterion-" + str(code).replace(".", "_")


@register.filter
def get_item(mapping: dict, key: str) -> object:  # type: ignore[type-arg]
    return mapping.get(key)


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return ""
    # Rounded down, like the engine: 79.99 % never shows as 80 %.
    tenths = math.floor(value * 1000)
    # In the active language's number format: 79.9 in English, 79,9 in German and French.
    return number_format(Decimal(tenths).scaleb(-1), decimal_pos=1 if tenths % 10 else 0)


@register.filter
def stepped(value: int) -> int:
    """A percentage rounded to a multiple of 5, for the `pct-N` width classes (no inline styles)."""
    return max(0, min(100, 5 * round(int(value) / 5)))


@register.filter
def status_label(value: str | None) -> str:
    labels = dict(AnswerStatus.choices)
    return str(labels.get(value or "", "—"))


@register.filter
def user_label(user: object) -> str:
    """A person's name for "changed by …" lines; "former member" when the user was deleted."""
    if user is None:
        return former_member_label()
    if not hasattr(user, "get_username"):
        # A lookup that found nothing (the template engine passes "" on): no name to show.
        return "—"
    return person_name(user) or "—"
