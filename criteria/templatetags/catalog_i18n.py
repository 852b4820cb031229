"""The catalog in the page's language: criterion wordings and translated names for templates.

    {% load catalog_i18n %}
    {% use_catalog assessment.catalog %}            once per page (optional: saves a query and
                                                    names the catalog whose area names to use)
    {% criterion_wording criterion as wording %}    {{ wording.title }}, .text, .guidance
    {% catalog_label stage "title" %}               a stage's title, a group's, an area's name
    <span{{ wording|lang_attr }}>...</span>         lang="en" when the wording fell back
    {% catalog_name criterion %}                    a criterion's title (a stage's, a group's,
                                                    an area's name) as HTML: a fallback marked
                                                    visibly, as criterion_text.html marks a text

A page reads its catalog's translations once (criteria.translation.catalog_translations), at
the first tag, whatever the number of criteria; the active language (or `language=`) picks them.
"""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from criteria.models import CatalogVersion, Criterion, Group, ServiceArea, Stage
from criteria.translation import (
    CatalogEntry,
    CatalogTranslations,
    CriterionLike,
    Label,
    Wording,
    catalog_translations,
    supported_language,
)

register = template.Library()

# Where a render keeps what it read: in the render context's root, shared by the page, the
# templates it extends and those it includes, and gone when the render ends.
_READ = "criteria.catalog_i18n.read"
_PAGE_CATALOG = "criteria.catalog_i18n.catalog"


def _read(context: template.Context) -> dict[tuple[int, str], CatalogTranslations]:
    root: dict[Any, Any] = context.render_context.dicts[0]
    return root.setdefault(_READ, {})


def _translations(
    context: template.Context, catalog_id: int, language: str | None
) -> CatalogTranslations:
    language = supported_language(language or get_language())
    read = _read(context)
    if (catalog_id, language) not in read:
        read[(catalog_id, language)] = catalog_translations(catalog_id, language)
    return read[(catalog_id, language)]


@register.simple_tag(takes_context=True)
def use_catalog(context: template.Context, catalog: CatalogVersion, language: str = "") -> str:
    """Read the catalog's translations with its revision known (no query once the process has
    them) and make it the catalog of the page's service area names."""
    language = supported_language(language or get_language())
    _read(context)[(catalog.pk, language)] = catalog_translations(
        catalog.pk, language, revision=catalog.revision
    )
    context.render_context.dicts[0][_PAGE_CATALOG] = catalog.pk
    return ""


@register.simple_tag(takes_context=True)
def criterion_wording(
    context: template.Context, criterion: CriterionLike, language: str = ""
) -> Wording:
    catalog_id: int = getattr(criterion, "catalog_id", None) or _page_catalog(context)
    return _translations(context, catalog_id, language).criterion(criterion)


@register.simple_tag(takes_context=True)
def catalog_label(
    context: template.Context,
    entry: CatalogEntry,
    field: str,
    language: str = "",
    catalog: CatalogVersion | None = None,
) -> Label:
    """A translated field of a stage, group, service area, criterion or catalog. Service areas
    belong to no catalog: their names come from `catalog=`, or the page's (`use_catalog`)."""
    if catalog is not None:
        catalog_id = catalog.pk
    elif isinstance(entry, CatalogVersion):
        catalog_id = entry.pk
    elif isinstance(entry, ServiceArea):
        catalog_id = _page_catalog(context)
    else:
        catalog_id = entry.catalog_id
    return _translations(context, catalog_id, language).label(entry, field)


# The field that names each kind of entry; a criterion is named by its title, from its wording
# (translated as a whole, criteria.translation.Wording).
_NAME_FIELDS: dict[type, str] = {
    Stage: "title",
    Group: "name",
    ServiceArea: "name",
    CatalogVersion: "name",
}


@register.simple_tag(takes_context=True)
def catalog_name(
    context: template.Context,
    entry: CatalogEntry,
    language: str = "",
    catalog: CatalogVersion | None = None,
) -> SafeString:
    """An entry's name in the page's language, as HTML. A missing translation shows the English
    name in `lang="en"` and, visibly, the badge criterion_text.html shows beside a text."""
    shown: Wording | Label
    if isinstance(entry, Criterion):
        shown = criterion_wording(context, entry, language)
        text = shown.title
    else:
        shown = catalog_label(context, entry, _NAME_FIELDS[type(entry)], language, catalog)
        text = shown.value
    attribute = lang_attr(shown)
    name = (
        format_html("<span{}>{}</span>", attribute, text) if attribute else format_html("{}", text)
    )
    if not shown.is_fallback:
        return name
    return format_html(
        '{} <span class="badge text-bg-warning fw-normal">{}</span>',
        name,
        _("Translation missing — shown in English"),
    )


@register.filter
def lang_attr(shown: Wording | Label) -> SafeString:
    """` lang="en"` when the text is not in the page's language (a fallback), for screen readers
    and hyphenation; nothing otherwise."""
    if shown.language == supported_language(get_language()):
        return SafeString("")
    return format_html(' lang="{}"', shown.language)


def _page_catalog(context: template.Context) -> int:
    catalog_id = context.render_context.dicts[0].get(_PAGE_CATALOG)
    if catalog_id is None:
        raise template.TemplateSyntaxError(
            "a service area's name needs its catalog: {% use_catalog catalog %} first, "
            "or catalog= in the tag"
        )
    return int(catalog_id)
