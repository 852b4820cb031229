"""The plan's badge beside an answer: "In the plan: owner, due date", and "Mark done" for the
lead once the answer is met. The organization's items are read once per page (one query, none
without a plan) and kept on the page's workspace (`ws`)."""

from dataclasses import dataclass
from typing import Any

from django import template

from plans.enums import PlanItemStatus
from plans.models import PlanItem
from plans.selectors import plan_items_by_slot

register = template.Library()


@dataclass(frozen=True)
class PlanBadge:
    item: PlanItem
    offer_done: bool  # the answer is met and the item still open: the lead may close it


def _items(context: template.Context) -> dict[tuple[str, int | None], PlanItem]:
    workspace = context.get("ws")
    cached = getattr(workspace, "_plan_items", None)
    if cached is None:
        organization = context["assessment"].organization
        # The plan comes with the assessment (assessment_access): no query without one.
        has_plan = hasattr(organization, "improvement_plan")
        cached = plan_items_by_slot(organization_id=organization.pk) if has_plan else {}
        if workspace is not None:
            workspace._plan_items = cached
    return cached  # type: ignore[no-any-return]


@register.simple_tag(takes_context=True)
def plan_badge(context: template.Context, slot: Any) -> PlanBadge | None:
    """The plan item of a slot (its criterion, and its area for area criteria), or None."""
    area = slot.area
    item = _items(context).get((slot.criterion.code, area.pk if area is not None else None))
    if item is None:
        return None
    access = context.get("access")
    answer = slot.answer
    offer_done = (
        access is not None
        and access.can_edit_plan
        and item.status != PlanItemStatus.DONE
        and answer is not None
        and answer.status == "met"
    )
    return PlanBadge(item=item, offer_done=offer_done)
