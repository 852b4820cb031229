"""The survey's sections: Stage 1 to Stage 4, then groups A, B and C, built from the catalog."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from criteria.enums import Scope
from criteria.models import Criterion, Group, Stage


@dataclass
class Section:
    slug: str
    title: str
    heading: str  # "Stage 2" or "Group A"
    criteria: list[Criterion] = field(default_factory=list)


def catalog_sections(catalog_id: int) -> list[Section]:
    """Sections in survey order with their answerable criteria (three queries)."""
    sections: dict[tuple[str, object], Section] = {}
    for stage in Stage.objects.filter(catalog_id=catalog_id, number__gte=1, number__lte=4):
        sections[("stage", stage.pk)] = Section(
            slug=f"stage-{stage.number}",
            title=stage.title,
            heading=_("Stage %(number)d") % {"number": stage.number},
        )
    for group in Group.objects.filter(catalog_id=catalog_id):
        sections[("group", group.pk)] = Section(
            slug=f"group-{group.code.lower()}",
            title=_("Group %(code)s: %(name)s") % {"code": group.code, "name": group.name},
            heading=_("Group %(code)s") % {"code": group.code},
        )
    criteria = (
        Criterion.objects.filter(catalog_id=catalog_id)
        .exclude(scope=Scope.BASELINE)
        .select_related("stage", "group")
        .order_by("order")
    )
    for criterion in criteria:
        key = ("stage", criterion.stage_id) if criterion.stage_id else ("group", criterion.group_id)
        if key in sections:
            sections[key].criteria.append(criterion)
    return [section for section in sections.values() if section.criteria]


def section_for_criterion(sections: list[Section], code: str) -> Section | None:
    for section in sections:
        if any(criterion.code == code for criterion in section.criteria):
            return section
    return None
