"""Data for `make bench` and `manage.py bench_data`, written to the benchmarks' own database
(performance.database), never the developer's.

`bench_assessments` makes a few assessments with the 15 service areas active, every criterion
answered with seeded mixed statuses; validated ones also carry findings and a verdict on each
answer (one in nine not accepted). `population_build` makes many assessments across
organizations with bulk inserts: from 1 to 15 areas each, in every state. The states are set
directly, as test data is, and bulk inserts write no history rows.
"""

import random
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from assessments.enums import AssessmentStatus, OrganizationKind, Role
from assessments.models import (
    Answer,
    Assessment,
    AssessmentArea,
    Membership,
    Organization,
    Verdict,
)
from criteria.enums import Scope
from criteria.models import CatalogVersion, Criterion, ServiceArea
from performance.engine import ENTERPRISE_STATUSES
from performance.engine import STATUSES as AREA_STATUSES

POPULATION_PREFIX = "bench-"
ASSESSMENTS_PER_ORGANIZATION = 2
CHUNK = 500
COUNTRIES = ("DE", "FR", "NL", "IT", "ES", "AT", "CH", "BE")
# Of ten assessments: four drafts, two submitted, one in review, three validated.
STATES = (
    AssessmentStatus.DRAFT,
    AssessmentStatus.DRAFT,
    AssessmentStatus.DRAFT,
    AssessmentStatus.DRAFT,
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.IN_REVIEW,
    AssessmentStatus.VALIDATED,
    AssessmentStatus.VALIDATED,
    AssessmentStatus.VALIDATED,
)


@dataclass(frozen=True)
class BenchData:
    assessments: list[Assessment]
    lead: AbstractBaseUser  # a lead of every organization of these assessments
    assessor: AbstractBaseUser


def _review_fields(
    status: str, assessor: AbstractBaseUser | None, now: Any, stage: int
) -> dict[str, Any]:
    if status == AssessmentStatus.DRAFT:
        return {}
    fields: dict[str, Any] = {
        "status": status,
        "submitted_at": now - timedelta(days=20),
        "self_assessed_stage": stage,
    }
    if status == AssessmentStatus.IN_REVIEW:
        fields["assessor"] = assessor
    if status == AssessmentStatus.VALIDATED:
        fields.update(
            {
                "validated_stage": max(stage - 1, 0),
                "validation_reason": "Group A needs a second look at patient access.",
                "validated_by": assessor,
                "validated_at": now,
                "expires_at": (now + timedelta(days=3 * 365)).date(),
                "assessor": assessor,
                "strengths": "A single enterprise archive.\nClear governance.",
                "recommendations": "Extend structured reporting to cardiology.",
            }
        )
    return fields


def _answers(
    assessments: list[tuple[Assessment, list[ServiceArea]]],
    criteria: list[Criterion],
    rng: random.Random,
    user: AbstractBaseUser | None,
    user_ids: dict[int, int] | None = None,
) -> list[Answer]:
    answers = []
    for assessment, areas in assessments:
        updated_by_id = user_ids[assessment.organization_id] if user_ids else user.pk  # type: ignore[union-attr]
        for criterion in criteria:
            per_area = criterion.scope == Scope.AREA
            answers.extend(
                Answer(
                    assessment_id=assessment.pk,
                    criterion_id=criterion.pk,
                    service_area_id=area.pk if area else None,
                    status=rng.choice(AREA_STATUSES if per_area else ENTERPRISE_STATUSES),
                    comment="Benchmark comment.",
                    updated_by_id=updated_by_id,
                )
                for area in (areas if per_area else [None])
            )
    return answers


def _verdicts(answers: list[Answer], assessor: AbstractBaseUser) -> list[Verdict]:
    return [
        Verdict(
            answer_id=answer.pk,
            accepted=index % 9 != 0,
            comment="" if index % 9 else "Evidence missing for this answer.",
            assessor_id=assessor.pk,
        )
        for index, answer in enumerate(answers)
    ]


def bench_assessments(*, count: int, label: str, validated: bool, seed: int) -> BenchData:
    """`count` assessments, one per new organization, with the 15 areas and every answer."""
    catalog = CatalogVersion.objects.get(slug="diam")
    users = get_user_model().objects
    lead = users.create_user(f"{label}-lead", password=None)
    assessor = users.create_user(f"{label}-assessor", password=None)
    areas = list(ServiceArea.objects.order_by("order"))
    criteria = list(Criterion.objects.filter(catalog=catalog).exclude(scope=Scope.BASELINE))
    now = timezone.now()
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"{label} hospital {n}", slug=f"{label}-{n}", country="DE", kind="hospital"
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=lead, organization=organization, role=Role.LEAD)
        for organization in organizations
    )
    review = _review_fields(
        AssessmentStatus.VALIDATED if validated else AssessmentStatus.DRAFT, assessor, now, 5
    )
    assessments = [
        Assessment.objects.create(
            organization=organization, catalog=catalog, title="Benchmark assessment", **review
        )
        for organization in organizations
    ]
    AssessmentArea.objects.bulk_create(
        AssessmentArea(assessment=assessment, service_area=area, annual_volume=1000 * (i + 1))
        for assessment in assessments
        for i, area in enumerate(areas)
    )
    answers = _answers(
        [(assessment, areas) for assessment in assessments], criteria, random.Random(seed), lead
    )
    answers = Answer.objects.bulk_create(answers, batch_size=2000)
    if validated:
        Verdict.objects.bulk_create(_verdicts(answers, assessor), batch_size=2000)
    return BenchData(assessments=assessments, lead=lead, assessor=assessor)


def population_assessments() -> int:
    return Assessment.objects.filter(organization__slug__startswith=POPULATION_PREFIX).count()


def population_build(*, assessments: int, seed: int = 2026) -> float:
    """Add assessments until the population has `assessments` of them; returns the seconds taken.

    Two assessments per organization, each organization with a lead; from 1 to 15 active areas
    (every criterion answered for each), in every state; validated ones with verdicts. Bulk
    inserts in chunks of 500 assessments, one transaction each."""
    start = time.perf_counter()
    catalog = CatalogVersion.objects.get(slug="diam")
    areas = list(ServiceArea.objects.order_by("order"))
    criteria = list(Criterion.objects.filter(catalog=catalog).exclude(scope=Scope.BASELINE))
    users = get_user_model().objects
    assessor, _created = users.get_or_create(username=f"{POPULATION_PREFIX}assessor")
    have = population_assessments()
    rng = random.Random(seed + have)
    now = timezone.now()
    kinds = list(OrganizationKind.values)
    for first in range(have, assessments, CHUNK):
        numbers = range(first, min(first + CHUNK, assessments))
        with transaction.atomic():
            _population_chunk(
                numbers, catalog, areas, criteria, assessor, rng=rng, now=now, kinds=kinds
            )
    return time.perf_counter() - start


def _population_chunk(
    numbers: range,
    catalog: CatalogVersion,
    areas: list[ServiceArea],
    criteria: list[Criterion],
    assessor: AbstractBaseUser,
    *,
    rng: random.Random,
    now: Any,
    kinds: list[str],
) -> None:
    per = ASSESSMENTS_PER_ORGANIZATION
    org_numbers = sorted({n // per for n in numbers})
    existing = {
        o.slug: o
        for o in Organization.objects.filter(
            slug__in=[f"{POPULATION_PREFIX}{n}" for n in org_numbers]
        )
    }
    new = [
        Organization(
            name=f"Benchmark hospital {n}",
            slug=f"{POPULATION_PREFIX}{n}",
            country=COUNTRIES[n % len(COUNTRIES)],
            kind=kinds[n % len(kinds)],
        )
        for n in org_numbers
        if f"{POPULATION_PREFIX}{n}" not in existing
    ]
    for organization in Organization.objects.bulk_create(new):
        existing[organization.slug] = organization
    User = get_user_model()
    leads = User.objects.bulk_create(
        User(username=f"{POPULATION_PREFIX}lead-{organization.slug}", password="!")
        for organization in new
    )
    Membership.objects.bulk_create(
        Membership(user=lead, organization=organization, role=Role.LEAD)
        for lead, organization in zip(leads, new, strict=True)
    )
    lead_ids = dict(
        Membership.objects.filter(
            organization__in=list(existing.values()), role=Role.LEAD
        ).values_list("organization_id", "user_id")
    )
    planned = []
    for n in numbers:
        status = STATES[n % len(STATES)]
        active = areas[: 1 + (n * 7) % len(areas)]
        assessment = Assessment(
            organization=existing[f"{POPULATION_PREFIX}{n // per}"],
            catalog=catalog,
            title=f"Assessment {n % per + 1}",
            **_review_fields(status, assessor, now, rng.randint(0, 7)),
        )
        planned.append((assessment, active))
    Assessment.objects.bulk_create([assessment for assessment, _areas in planned])
    AssessmentArea.objects.bulk_create(
        AssessmentArea(assessment=assessment, service_area=area, annual_volume=1000 * (i + 1))
        for assessment, active in planned
        for i, area in enumerate(active)
    )
    answers = Answer.objects.bulk_create(
        _answers(planned, criteria, rng, None, lead_ids), batch_size=2000
    )
    validated = {
        assessment.pk for assessment, _areas in planned if assessment.status == "validated"
    }
    Verdict.objects.bulk_create(
        _verdicts([a for a in answers if a.assessment_id in validated], assessor),
        batch_size=2000,
    )
