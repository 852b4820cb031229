"""A validated assessment with known results for the scorecard tests.

Three areas; the answers reach stage 4 and group A, but the assessor did not accept A.4, so group A
is not met from the accepted answers: self-assessed stage 5, validated stage 4.
"""

import io
from datetime import UTC, date, datetime
from typing import Any

import pypdf
from django.contrib.auth.models import Group as AuthGroup

from assessments.access import ASSESSORS_GROUP
from assessments.enums import AssessmentStatus, ResultKind, Role
from assessments.models import Answer, Assessment, Membership, Verdict
from criteria.models import Criterion, ServiceArea
from tests.factories import AnswerFactory, OrganizationFactory, UserFactory, assessment_with_areas
from tests.history.factories import at, history_assessment, result_add

NOW = datetime(2026, 4, 2, 14, 5, tzinfo=UTC)
ORGANIZATION = "Klinikum Nord & Söhne"
TITLE = "DIAM 2026 — “first” round"
STRENGTHS = "A single enterprise archive since 2019.\nGovernance board meets monthly."
RECOMMENDATIONS = "Extend structured reporting to cardiology; publish the patient portal."
REJECTION = "No patient upload yet: the portal only shows reports, 100% <b>not</b> images."
REASON = "Group A waits for the patient portal."
AREAS = {"radiology": 100_000, "cardiology": 30_000, "pathology": 10_000}

M, P, N, NA = "met", "partial", "not_met", "na"
ANSWERS: list[tuple[str, str | None, str]] = [
    ("1.1", "radiology", M),
    ("1.1", "cardiology", M),
    ("1.1", "pathology", N),
    ("1.2", "radiology", M),
    ("2.1", "radiology", M),
    ("2.1", "cardiology", M),
    ("2.1", "pathology", NA),
    ("2.2", None, M),
    ("3.1", None, M),
    ("3.2", None, M),
    ("3.3", "radiology", M),
    ("3.3", "cardiology", M),
    ("3.3", "pathology", P),
    ("3.4", None, M),
    ("3.5", None, M),
    *((f"4.{n}", None, M) for n in range(1, 7)),
    ("A.1", "radiology", M),
    ("A.1", "cardiology", M),
    ("A.1", "pathology", N),
    ("A.2", None, M),
    ("A.3", None, M),
    ("A.4", None, M),
    ("B.1", None, M),
    ("B.2", None, P),
    ("B.3", None, N),
    ("B.4", "radiology", M),
    ("C.1", None, M),
]
# Each criterion's result as the scorecard shows it (from the accepted answers: A.4 not met).
RESULTS = {
    "1.1": "Met",
    "1.2": "Met",
    "2.1": "Met",
    "2.2": "Met",
    "3.1": "Met",
    "3.2": "Met",
    "3.3": "Met",
    "3.4": "Met",
    "3.5": "Met",
    "4.1": "Met",
    "4.2": "Met",
    "4.3": "Met",
    "4.4": "Met",
    "4.5": "Met",
    "4.6": "Met",
    "A.1": "Met",
    "A.2": "Met",
    "A.3": "Met",
    "A.4": "Not met",
    "B.1": "Met",
    "B.2": "Partially met",
    "B.3": "Not met",
    "B.4": "Not met",
    "B.5": "Not answered",
    "C.1": "Met",
    "C.2": "Not answered",
    "C.3": "Not answered",
    "C.4": "Not answered",
}


def add_answers(
    assessment: Assessment, answers: list[tuple[str, str | None, str]]
) -> dict[tuple[str, str | None], Answer]:
    criteria = {c.code: c for c in Criterion.objects.filter(catalog=assessment.catalog)}
    areas = {a.code: a for a in ServiceArea.objects.all()}
    return {
        (code, area): AnswerFactory(
            assessment=assessment,
            criterion=criteria[code],
            service_area=areas[area] if area else None,
            status=status,
        )
        for code, area, status in answers
    }


def validated_assessment() -> Assessment:
    organization = OrganizationFactory(name=ORGANIZATION, slug="klinikum-nord")
    assessor = UserFactory(username="vera", first_name="Vera", last_name="Prüfer")
    assessor.groups.add(AuthGroup.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    assessment = assessment_with_areas(list(AREAS), AREAS, organization=organization, title=TITLE)
    made = add_answers(assessment, ANSWERS)
    for key, answer in made.items():
        accepted = key != ("A.4", None)
        Verdict.objects.create(
            answer=answer, accepted=accepted, comment="" if accepted else REJECTION
        )
    # Test data: the state is set directly (the life cycle has its own tests).
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=datetime(2026, 1, 15, 9, 0, tzinfo=UTC),
        submitted_at=datetime(2026, 2, 20, 16, 30, tzinfo=UTC),
        status=AssessmentStatus.VALIDATED,
        self_assessed_stage=5,
        assessor=assessor,
        strengths=STRENGTHS,
        recommendations=RECOMMENDATIONS,
        validated_stage=4,
        validation_reason=REASON,
        validated_by=assessor,
        validated_at=datetime(2026, 3, 31, 11, 0, tzinfo=UTC),
        expires_at=date(2029, 3, 31),
    )
    assessment.refresh_from_db()
    return assessment


def member_of(assessment: Assessment, role: str = Role.CONTRIBUTOR) -> Any:
    user = UserFactory()
    Membership.objects.create(user=user, organization=assessment.organization, role=role)
    return user


def changes_requested(assessment: Assessment) -> Assessment:
    """The same assessment sent back to the organization: verdicts and findings written, not
    validated (test data: the state is set directly)."""
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.CHANGES_REQUESTED,
        validated_stage=None,
        validation_reason="",
        validated_by=None,
        validated_at=None,
        expires_at=None,
    )
    assessment.refresh_from_db()
    return assessment


def pdf_text(pdf: bytes) -> str:
    """The text of every page, whitespace collapsed (lines wrap where the layout needs)."""
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def shows_findings(text: str) -> tuple[bool, bool]:
    """Are the strengths and the recommendations in the text?"""
    return " ".join(STRENGTHS.split()) in text, RECOMMENDATIONS in text


PREVIOUS_TITLE = "DIAM 2024"


def previous_assessments(assessment: Assessment) -> Assessment:
    """The organization's earlier assessment (validated at stage 3, with A.1 and A.2 not met yet
    and B.3 met), plus results the comparison must skip: a later assessment of the same
    organization and another organization's earlier one."""
    met = {code: result == "Met" for code, result in RESULTS.items()}
    previous = history_assessment(
        assessment.organization,
        title=PREVIOUS_TITLE,
        submitted_at=at(2024, 2, 1),
        stage=4,
        validated_at=at(2024, 4, 9),
        validated_stage=3,
        criteria={**met, "A.1": False, "A.2": False, "B.3": True},
    )
    later = history_assessment(
        assessment.organization, title="DIAM 2027", submitted_at=at(2026, 3, 1), stage=7
    )
    result_add(later, kind=ResultKind.VALIDATED, stage=7, recorded_at=at(2026, 3, 2))
    history_assessment(
        OrganizationFactory(), title="Elsewhere", submitted_at=at(2025, 6, 1), stage=1
    )
    return previous
