"""The plan export (CSV/XLSX): one row per item, with the organization's target beside it.

Codes and values, not labels, as in the answers export: the file is read by programs as well.
The dates are `date`s: ISO in the CSV, date cells in the XLSX (reports.exports.tabular)."""

from collections.abc import Container

from plans.models import ImprovementPlan, PlanItem
from reports.exports.tabular import Row

PLAN_HEADER = (
    "organization",
    "target_stage",
    "target_date",
    "groups",
    "criterion",
    "criterion_title",
    "service_area",
    "owner",
    "due_date",
    "status",
    "note",
    "met_in_latest_assessment",
)


def plan_rows(
    *, plan: ImprovementPlan, items: list[PlanItem], met: Container[tuple[str, int | None]]
) -> list[Row]:
    return [
        (
            plan.organization.slug,
            plan.target_stage,
            plan.target_date,
            plan.groups,
            item.criterion.code,
            item.criterion.title,
            item.service_area.code if item.service_area else "",
            item.owner.get_username() if item.owner else "",
            item.due_date,
            item.status,
            item.note,
            "yes" if (item.criterion.code, item.service_area_id) in met else "no",
        )
        for item in items
    ]
