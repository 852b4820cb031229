"""An assessment as a FHIR R5 QuestionnaireResponse (pure: the document and its context are
passed in; `fhir_interop.selectors` reads them from the database).

The life cycle maps to QuestionnaireResponse.status (`response_status`):

| assessment | QuestionnaireResponse |
|---|---|
| draft | in-progress |
| changes requested | in-progress (its answers are open again) |
| submitted, in review, validated | completed; amended if resubmitted after changes requested |
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from assessments.exchange import DocAnswer, Document
from fhir_interop.canonical import (
    ORGANIZATION_ID,
    SERVICE_AREAS,
    SERVICE_AREAS_AREA,
    SERVICE_AREAS_VOLUME,
    Canonical,
    area_link,
    comment_link,
    status_link,
)

IN_PROGRESS: Final = frozenset({"draft", "changes_requested"})
COMPLETED: Final = frozenset({"submitted", "in_review", "validated"})


def response_status(assessment_status: str, *, resubmitted: bool) -> str:
    """`resubmitted`: the assessment was submitted again after changes were requested, so the
    answers changed after it was first completed."""
    if assessment_status in IN_PROGRESS:
        return "in-progress"
    if assessment_status in COMPLETED:
        return "amended" if resubmitted else "completed"
    raise ValueError(f"unknown assessment status {assessment_status!r}")


@dataclass(frozen=True)
class ResponseContext:
    id: str  # the assessment's id
    status: str  # a QuestionnaireResponse status (response_status)
    authored: datetime | None  # the last change (timezone-aware)
    author: str | None  # the display name of the last editor (or a lead)
    organization_slug: str
    # criterion code -> the linkId of its section, and the sections in questionnaire order.
    sections: Mapping[str, str]
    section_order: Sequence[str]
    # code -> display, of the answer statuses, the service areas and the organization kinds.
    status_displays: Mapping[str, str]
    area_displays: Mapping[str, str]
    kind_displays: Mapping[str, str]


def questionnaire_response(
    *, document: Document, context: ResponseContext, canonical: Canonical
) -> dict[str, Any]:
    organization: dict[str, Any] = {
        "resourceType": "Organization",
        "id": ORGANIZATION_ID,
        "identifier": [
            {"system": canonical.organization_identifier, "value": context.organization_slug}
        ],
        "name": document.organization_name,
        "type": [
            {"coding": [_coding(canonical.organization_kind, document.kind, context.kind_displays)]}
        ],
        "contact": [{"address": {"country": document.country}}],
    }
    data: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "id": context.id}
    data["contained"] = [organization]
    if document.title:
        data["extension"] = [{"url": canonical.title_extension, "valueString": document.title}]
    data["identifier"] = [{"system": canonical.assessment_identifier, "value": context.id}]
    data["questionnaire"] = canonical.questionnaire_versioned(document.model)
    data["status"] = context.status
    data["subject"] = {
        "reference": f"#{ORGANIZATION_ID}",
        "type": "Organization",
        "identifier": organization["identifier"][0],
        "display": document.organization_name,
    }
    if context.authored is not None:
        data["authored"] = context.authored.isoformat()
    if context.author:
        data["author"] = {"display": context.author}
    items = [
        _area(area.code, area.annual_volume, context, canonical) for area in document.service_areas
    ]
    by_section: dict[str, list[dict[str, Any]]] = {}
    for answer in document.answers:
        by_section.setdefault(context.sections[answer.criterion], []).append(
            _answer(answer, context, canonical)
        )
    items.extend(
        {"linkId": link_id, "item": by_section[link_id]}
        for link_id in context.section_order
        if link_id in by_section
    )
    if items:
        data["item"] = items
    return data


def _coding(system: str, code: str, displays: Mapping[str, str]) -> dict[str, Any]:
    coding = {"system": system, "code": code}
    if code in displays:
        coding["display"] = displays[code]
    return coding


def _one(link_id: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"linkId": link_id, "answer": [value]}


def _area(
    code: str, volume: int | None, context: ResponseContext, canonical: Canonical
) -> dict[str, Any]:
    items = [
        _one(
            SERVICE_AREAS_AREA,
            {"valueCoding": _coding(canonical.service_area, code, context.area_displays)},
        )
    ]
    if volume is not None:
        items.append(_one(SERVICE_AREAS_VOLUME, {"valueInteger": volume}))
    return {"linkId": SERVICE_AREAS, "item": items}


def _answer(answer: DocAnswer, context: ResponseContext, canonical: Canonical) -> dict[str, Any]:
    code = answer.criterion
    items = []
    if answer.service_area is not None:
        items.append(
            _one(
                area_link(code),
                {
                    "valueCoding": _coding(
                        canonical.service_area, answer.service_area, context.area_displays
                    )
                },
            )
        )
    items.append(
        _one(
            status_link(code),
            {
                "valueCoding": _coding(
                    canonical.answer_status, answer.status, context.status_displays
                )
            },
        )
    )
    # FHIR strings are never empty: no comment, no item.
    if answer.comment:
        items.append(_one(comment_link(code), {"valueString": answer.comment}))
    return {"linkId": code, "item": items}
