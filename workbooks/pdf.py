"""The blank printable questionnaire of a catalog version for an organization's workshops: the
criteria with their guidance, tick boxes per status, and for the criteria answered per service
area a grid of the organization's active areas. Rendered like the scorecard (reports.pdf)."""

import functools
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.answers import allowed_statuses
from assessments.enums import AnswerStatus
from assessments.models import Organization
from assessments.sections import catalog_sections
from criteria.enums import Scope
from criteria.models import CatalogVersion, Criterion, ServiceArea
from reports.pdf import css_string, generated_label, pdf_render

STYLESHEET = "workbooks/questionnaire.css"
TEMPLATE = "workbooks/questionnaire.html"
# Area columns per grid table, so that the grid fits the width of an A4 page.
AREAS_PER_GRID = 5


@dataclass(frozen=True)
class Item:
    criterion: Criterion
    statuses: list[tuple[str, str]]  # (code, label) allowed


@dataclass(frozen=True)
class Grid:
    areas: list[ServiceArea]
    items: list[Item]


@dataclass(frozen=True)
class QuestionnaireSection:
    heading: str
    title: str
    items: list[Item]
    grids: list[Grid]


@functools.cache
def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    if not isinstance(path, str):
        raise FileNotFoundError(STYLESHEET)
    return Path(path).read_text(encoding="utf-8")


def questionnaire_sections(
    catalog: CatalogVersion, areas: list[ServiceArea]
) -> list[QuestionnaireSection]:
    labels = dict(AnswerStatus.choices)
    sections = []
    for section in catalog_sections(catalog.pk, revision=catalog.revision):
        items = [
            Item(c, [(code, str(labels[code])) for code in allowed_statuses(c)])
            for c in section.criteria
        ]
        per_area = [item for item in items if item.criterion.scope == Scope.AREA]
        grids = (
            [
                Grid(areas=areas[start : start + AREAS_PER_GRID], items=per_area)
                for start in range(0, len(areas), AREAS_PER_GRID)
            ]
            if per_area
            else []
        )
        sections.append(
            QuestionnaireSection(
                heading=section.heading, title=section.title, items=items, grids=grids
            )
        )
    return sections


def questionnaire_pdf(
    *,
    organization: Organization,
    catalog: CatalogVersion,
    areas: list[ServiceArea],
    now: datetime,
) -> bytes:
    html = render_to_string(
        TEMPLATE,
        {
            "organization": organization,
            "catalog": catalog,
            "areas": areas,
            "sections": questionnaire_sections(catalog, areas),
            "statuses": [(code, str(label)) for code, label in AnswerStatus.choices],
            "language": get_language() or "en",
            "title": _("DIAM questionnaire: %(organization)s")
            % {"organization": organization.name},
            "generated": generated_label(now),
        },
    )
    footer = _("Blank questionnaire · generated %(when)s") % {"when": generated_label(now)}
    margins = (
        "@page {"
        f" @top-left {{ content: {css_string(organization.name)}; }}"
        f" @top-right {{ content: {css_string(catalog.name)}; }}"
        f" @bottom-left {{ content: {css_string(footer)}; }}"
        ' @bottom-right { content: counter(page) " / " counter(pages); }'
        " }"
    )
    return pdf_render(html, extra_css=_stylesheet() + margins)


def questionnaire_filename(organization: Organization, catalog: CatalogVersion) -> str:
    return f"diam-questionnaire-{catalog.slug}-{organization.slug}.pdf"
