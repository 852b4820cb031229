"""Helpers of the API tests: stored answers and snapshots of what a refused request must leave
unchanged."""

from dataclasses import dataclass
from typing import Any

from assessments.models import Answer, Assessment, AssessmentArea, Organization
from criteria.models import Criterion, ServiceArea
from tests.factories import AnswerFactory

ROLES = ["lead", "contributor", "outsider", "assessor", "admin", "anonymous"]
AREAS = ["radiology", "cardiology"]


@dataclass
class World:
    organization: Organization
    other_organization: Organization
    assessment: Assessment  # a draft of `organization`, its assessor assigned
    other_assessment: Assessment  # a draft of `other_organization`
    lead: Any
    contributor: Any
    outsider: Any  # a lead of `other_organization`
    assessor: Any
    admin: Any

    def user(self, role: str) -> Any:
        return None if role == "anonymous" else getattr(self, role)


def answer(assessment: Assessment, code: str, area: str | None = None, **kwargs: Any) -> Answer:
    """A stored answer (`status` met unless given)."""
    return AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(catalog=assessment.catalog, code=code),
        service_area=ServiceArea.objects.get(code=area) if area else None,
        **kwargs,
    )


def answers_snapshot(assessment: Assessment) -> list[tuple[Any, ...]]:
    return list(
        Answer.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("criterion__code", "service_area__code", "status", "comment", "version")
    )


def counts() -> dict[str, int]:
    return {
        "organizations": Organization.objects.count(),
        "assessments": Assessment.objects.count(),
        "areas": AssessmentArea.objects.count(),
        "answers": Answer.objects.count(),
    }
