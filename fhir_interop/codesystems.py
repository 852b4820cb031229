"""Our CodeSystems as FHIR R5 resources (pure: concepts and canonical URLs are passed in)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fhir_interop.canonical import Canonical


@dataclass(frozen=True)
class Concept:
    code: str
    display: str
    definition: str = ""


def code_system(
    *,
    id: str,
    canonical: Canonical,
    name: str,
    title: str,
    description: str,
    concepts: Sequence[Concept],
) -> dict[str, Any]:
    return {
        "resourceType": "CodeSystem",
        "id": id,
        "url": canonical.code_system(id),
        "name": name,
        "title": title,
        "status": "active",
        "description": description,
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": [_concept(concept) for concept in concepts],
    }


def _concept(concept: Concept) -> dict[str, Any]:
    data = {"code": concept.code, "display": concept.display}
    if concept.definition:
        data["definition"] = concept.definition
    return data


def coding(system: str, concept: Concept) -> dict[str, Any]:
    return {"system": system, "code": concept.code, "display": concept.display}
