"""The DIAM catalog as a FHIR R5 Questionnaire (pure: the catalog is passed in as dataclasses).

Its structure (linkIds) is described in fhir_interop.canonical.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from assessments.exchange import AREA_SCOPE, ENTERPRISE_SCOPE, MAX_COMMENT
from fhir_interop.canonical import (
    SERVICE_AREAS,
    SERVICE_AREAS_AREA,
    SERVICE_AREAS_VOLUME,
    Canonical,
    area_link,
    comment_link,
    questionnaire_id,
    status_link,
)
from fhir_interop.codesystems import Concept, coding


@dataclass(frozen=True)
class QuestionnaireCriterion:
    code: str
    text: str  # the DIAM sentence, verbatim
    scope: str  # "enterprise" | "area" | "baseline"
    statuses: Sequence[Concept]  # the statuses allowed for this criterion


@dataclass(frozen=True)
class QuestionnaireSection:
    link_id: str
    title: str
    criteria: Sequence[QuestionnaireCriterion]


@dataclass(frozen=True)
class QuestionnaireCatalog:
    slug: str
    name: str
    description: str
    sections: Sequence[QuestionnaireSection]
    areas: Sequence[Concept]


def questionnaire(*, catalog: QuestionnaireCatalog, canonical: Canonical) -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": questionnaire_id(catalog.slug),
        "url": canonical.questionnaire(catalog.slug),
        "version": catalog.slug,
        "name": computable_name(catalog.slug),
        "title": catalog.name,
        "status": "active",
        "subjectType": ["Organization"],
        "description": catalog.description or catalog.name,
        "item": [
            _service_areas(catalog.areas, canonical),
            *(_section(section, catalog.areas, canonical) for section in catalog.sections),
        ],
    }


def computable_name(slug: str) -> str:
    """FHIR's `name` is an identifier: "diam" -> "DIAM", "diam-2027" -> "DIAM_2027"."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", slug.upper())
    return name if name[:1].isalpha() else f"Q{name}"


def _options(system: str, concepts: Sequence[Concept]) -> list[dict[str, Any]]:
    return [{"valueCoding": coding(system, concept)} for concept in concepts]


def _area_item(link_id: str, areas: Sequence[Concept], canonical: Canonical) -> dict[str, Any]:
    return {
        "linkId": link_id,
        "text": _("Service area"),
        "type": "coding",
        "required": True,
        "answerConstraint": "optionsOnly",
        "answerOption": _options(canonical.service_area, areas),
    }


def _service_areas(areas: Sequence[Concept], canonical: Canonical) -> dict[str, Any]:
    return {
        "linkId": SERVICE_AREAS,
        "text": _("Active service areas, with their annual image volume"),
        "type": "group",
        "repeats": True,
        "item": [
            _area_item(SERVICE_AREAS_AREA, areas, canonical),
            {
                "linkId": SERVICE_AREAS_VOLUME,
                "text": _("Annual image volume"),
                "type": "integer",
            },
        ],
    }


def _section(
    section: QuestionnaireSection, areas: Sequence[Concept], canonical: Canonical
) -> dict[str, Any]:
    return {
        "linkId": section.link_id,
        "text": section.title,
        "type": "group",
        "item": [_criterion(criterion, areas, canonical) for criterion in section.criteria],
    }


def _criterion(
    criterion: QuestionnaireCriterion, areas: Sequence[Concept], canonical: Canonical
) -> dict[str, Any]:
    if criterion.scope not in (AREA_SCOPE, ENTERPRISE_SCOPE):
        # The baseline (0.1) describes stage 0: shown, never answered.
        return {
            "linkId": criterion.code,
            "prefix": criterion.code,
            "text": criterion.text,
            "type": "display",
        }
    per_area = criterion.scope == AREA_SCOPE
    items = [
        {
            "linkId": status_link(criterion.code),
            "text": _("Status"),
            "type": "coding",
            "required": True,
            "answerConstraint": "optionsOnly",
            "answerOption": _options(canonical.answer_status, criterion.statuses),
        },
        {
            "linkId": comment_link(criterion.code),
            "text": _("Comment"),
            "type": "text",
            "maxLength": MAX_COMMENT,
        },
    ]
    if per_area:
        items.insert(0, _area_item(area_link(criterion.code), areas, canonical))
    return {
        "linkId": criterion.code,
        "prefix": criterion.code,
        "text": criterion.text,
        "type": "group",
        # Answered once per active service area: one instance of the group for each.
        "repeats": per_area,
        "item": items,
    }
