"""The survey's sections: Stage 1 to Stage 4, then groups A, B and C, built from the catalog.

Every survey request needs them, and the catalog changes only when it is loaded or edited in the
admin: each process keeps them in memory, keyed by the catalog's revision, which those changes
renew (criteria.loader). The cached sections and their criteria are shared: never change them."""

from dataclasses import dataclass, field
from uuid import UUID

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from criteria.enums import Scope
from criteria.models import CatalogVersion, Criterion, Group, Stage
from criteria.translation import catalog_translations


@dataclass
class Section:
    slug: str
    title: str
    heading: str  # "Stage 2" or "Group A"
    criteria: list[Criterion] = field(default_factory=list)


# (catalog id, language of the headings) -> (the catalog's revision, its sections): one entry
# each, replaced when the catalog changes.
_cache: dict[tuple[int, str], tuple[UUID, list[Section]]] = {}


def catalog_sections(catalog_id: int, *, revision: UUID | None = None) -> list[Section]:
    """Sections in survey order with their answerable criteria: no query when the caller gives
    the catalog's current revision and the process has them; one to read the revision when it
    is not given; three more to read the sections after a change of the catalog."""
    if revision is None:
        revision = CatalogVersion.objects.values_list("revision", flat=True).get(pk=catalog_id)
    key = (catalog_id, get_language())
    cached = _cache.get(key)
    if cached is not None and cached[0] == revision:
        return cached[1]
    sections = _sections_from_database(catalog_id, revision)
    _cache[key] = (revision, sections)
    return sections


def _sections_from_database(catalog_id: int, revision: UUID) -> list[Section]:
    # Stage titles and group names in the active language; the criteria stay the English
    # models, which the pages translate (criteria.translation).
    label = catalog_translations(catalog_id, get_language(), revision=revision).label
    sections: dict[tuple[str, object], Section] = {}
    for stage in Stage.objects.filter(catalog_id=catalog_id, number__gte=1, number__lte=4):
        sections[("stage", stage.pk)] = Section(
            slug=f"stage-{stage.number}",
            title=str(label(stage, "title")),
            heading=_("Stage %(number)d") % {"number": stage.number},
        )
    for group in Group.objects.filter(catalog_id=catalog_id):
        sections[("group", group.pk)] = Section(
            slug=f"group-{group.code.lower()}",
            title=_("Group %(code)s: %(name)s")
            % {"code": group.code, "name": label(group, "name")},
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
