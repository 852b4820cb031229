"""Canonical URLs and linkIds shared by our FHIR resources (pure: the base URL is passed in).

The structure of the Questionnaire, mirrored by every QuestionnaireResponse:

- `service-areas` (group, repeats): `service-areas.area` (coding) and
  `service-areas.annual-volume` (integer): the areas active in the assessment;
- one group per stage (`stage-1`) and per group of stages 5–7 (`group-a`), as the survey's
  sections, holding
- one group per criterion, linkId = the criterion code (`1.1`): `1.1.status` (coding) and
  `1.1.comment` (string); criteria answered per service area repeat and also hold `1.1.area`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

SERVICE_AREAS: Final = "service-areas"
SERVICE_AREAS_AREA: Final = "service-areas.area"
SERVICE_AREAS_VOLUME: Final = "service-areas.annual-volume"
# The contained Organization a QuestionnaireResponse's subject points to.
ORGANIZATION_ID: Final = "organization"

# CodeSystem ids (also the last part of their canonical URLs).
ANSWER_STATUS: Final = "answer-status"
SERVICE_AREA: Final = "service-area"
ORGANIZATION_KIND: Final = "organization-kind"
CODE_SYSTEMS: Final = (ANSWER_STATUS, SERVICE_AREA, ORGANIZATION_KIND)


def stage_link(number: int) -> str:
    return f"stage-{number}"


def group_link(code: str) -> str:
    return f"group-{code.lower()}"


def area_link(code: str) -> str:
    return f"{code}.area"


def status_link(code: str) -> str:
    return f"{code}.status"


def comment_link(code: str) -> str:
    return f"{code}.comment"


def questionnaire_id(catalog_slug: str) -> str:
    """The catalog version's slug ("diam") names its Questionnaire and is its version."""
    return catalog_slug


@dataclass(frozen=True)
class Canonical:
    base: str  # DIAM_FHIR_CANONICAL_BASE, without a trailing slash

    def code_system(self, id: str) -> str:
        return f"{self.base}/CodeSystem/{id}"

    @property
    def answer_status(self) -> str:
        return self.code_system(ANSWER_STATUS)

    @property
    def service_area(self) -> str:
        return self.code_system(SERVICE_AREA)

    @property
    def organization_kind(self) -> str:
        return self.code_system(ORGANIZATION_KIND)

    def questionnaire(self, catalog_slug: str) -> str:
        return f"{self.base}/Questionnaire/{questionnaire_id(catalog_slug)}"

    def questionnaire_versioned(self, catalog_slug: str) -> str:
        return f"{self.questionnaire(catalog_slug)}|{catalog_slug}"

    @property
    def title_extension(self) -> str:
        """Extension of a QuestionnaireResponse: the assessment's title (valueString)."""
        return f"{self.base}/StructureDefinition/assessment-title"

    @property
    def organization_identifier(self) -> str:
        """Identifier system of organizations: the value is the organization's slug."""
        return f"{self.base}/NamingSystem/organization"

    @property
    def assessment_identifier(self) -> str:
        """Identifier system of assessments: the value is the assessment's id."""
        return f"{self.base}/NamingSystem/assessment"


def canonical_from_settings() -> Canonical:
    from django.conf import settings

    return Canonical(base=str(settings.DIAM_FHIR_CANONICAL_BASE).rstrip("/"))
