"""A small known assessment for the export tests, with awkward comments on purpose."""

from datetime import UTC, date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from assessments.enums import AssessmentStatus, OrganizationKind
from assessments.models import Answer, Assessment, Verdict
from criteria.models import Criterion, ServiceArea
from tests.factories import (
    AnswerFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

UPDATED_AT = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
CREATED_AT = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
SUBMITTED_AT = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
# Commas, quotes, a newline and non-ASCII characters in one comment; a formula in another.
AWKWARD = 'Import via "CD", USB,\nand the portal — Größe ✓, 東京'
FORMULA = '=HYPERLINK("http://evil.example","click")'
REJECTION = 'No "portal" yet, see: the audit'


def add_answers(
    assessment: Assessment,
    answers: list[tuple[str, str | None, str, str]],
    user: AbstractBaseUser | None = None,
) -> dict[tuple[str, str | None], Answer]:
    criteria = {c.code: c for c in Criterion.objects.filter(catalog=assessment.catalog)}
    areas = {a.code: a for a in ServiceArea.objects.all()}
    made = {}
    for code, area, status, comment in answers:
        made[(code, area)] = AnswerFactory(
            assessment=assessment,
            criterion=criteria[code],
            service_area=areas[area] if area else None,
            status=status,
            comment=comment,
            updated_by=user,
        )
    Answer.objects.filter(assessment=assessment).update(updated_at=UPDATED_AT)
    return made


def known_assessment() -> Assessment:
    """Klinikum Süd (DE, hospital), submitted: three answers, one of them not accepted."""
    organization = OrganizationFactory(
        name="Klinikum Süd", slug="klinikum-sud", country="DE", kind=OrganizationKind.HOSPITAL
    )
    assessment = assessment_with_areas(
        ["radiology", "cardiology"], organization=organization, title="Baseline 2026"
    )
    author = UserFactory(username="anna")
    made = add_answers(
        assessment,
        [
            ("1.1", "radiology", "met", FORMULA),
            ("1.1", "cardiology", "partial", ""),
            ("2.2", None, "met", AWKWARD),
        ],
        user=author,
    )
    Verdict.objects.create(answer=made[("2.2", None)], accepted=False, comment=REJECTION)
    Verdict.objects.create(answer=made[("1.1", "radiology")], accepted=True, comment="")
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=CREATED_AT,
        submitted_at=SUBMITTED_AT,
        status=AssessmentStatus.SUBMITTED,
        self_assessed_stage=0,
    )
    assessment.refresh_from_db()
    return assessment


def groups_assessment() -> Assessment:
    """Meets groups A and C (and nothing below): validated at stage 0, expiring in 2029."""
    organization = OrganizationFactory(
        name="Centre Lumière",
        slug="centre-lumiere",
        country="FR",
        kind=OrganizationKind.DIAGNOSTIC_CENTER,
    )
    assessment = assessment_with_areas(["radiology"], organization=organization, title="2026")
    add_answers(
        assessment,
        [("A.1", "radiology", "met", "")]
        + [(code, None, "met", "") for code in ("A.2", "A.3", "A.4", "C.1", "C.2", "C.3", "C.4")],
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=datetime(2026, 1, 5, 12, 0, tzinfo=UTC),
        status=AssessmentStatus.VALIDATED,
        self_assessed_stage=0,
        submitted_at=datetime(2026, 1, 6, 12, 0, tzinfo=UTC),
        validated_stage=0,
        validated_at=datetime(2026, 1, 20, 16, 45, tzinfo=UTC),
        expires_at=date(2029, 1, 20),
    )
    assessment.refresh_from_db()
    return assessment


def client_for(user: AbstractBaseUser) -> Client:
    client = Client()
    client.force_login(user)
    return client
