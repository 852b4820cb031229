"""Data for `make bench`, created inside a transaction that the benchmark rolls back.

Every assessment has the 15 service areas active with volumes, every criterion answered with
seeded mixed statuses; validated ones also carry findings and a verdict on each answer (one in
nine not accepted). The state is set directly, as test data is: nothing of it survives the run.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from assessments.enums import AssessmentStatus, Role
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
from performance.measure import ENTERPRISE_STATUSES
from performance.measure import STATUSES as AREA_STATUSES


@dataclass(frozen=True)
class BenchData:
    assessments: list[Assessment]
    lead: AbstractBaseUser  # a lead of every benchmark organization
    assessor: AbstractBaseUser


def bench_assessments(*, count: int, label: str, validated: bool, seed: int) -> BenchData:
    catalog = CatalogVersion.objects.get(slug="diam")
    users = get_user_model().objects
    lead = users.create_user(f"{label}-lead-rolled-back", password=None)
    assessor = users.create_user(f"{label}-assessor-rolled-back", password=None)
    areas = list(ServiceArea.objects.all())
    criteria = list(Criterion.objects.filter(catalog=catalog).exclude(scope=Scope.BASELINE))
    now = timezone.now()
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"{label} hospital {n} (rolled back)",
            slug=f"{label}-{n}-rolled-back",
            country="DE",
            kind="hospital",
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=lead, organization=organization, role=Role.LEAD)
        for organization in organizations
    )
    review = (
        {
            "status": AssessmentStatus.VALIDATED,
            "submitted_at": now - timedelta(days=20),
            "self_assessed_stage": 5,
            "validated_stage": 4,
            "validation_reason": "Group A needs a second look at patient access.",
            "validated_by": assessor,
            "validated_at": now,
            "expires_at": (now + timedelta(days=3 * 365)).date(),
            "assessor": assessor,
            "strengths": "A single enterprise archive.\nClear governance.",
            "recommendations": "Extend structured reporting to cardiology.",
        }
        if validated
        else {}
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
    rng = random.Random(seed)
    answers = []
    for assessment in assessments:
        for criterion in criteria:
            per_area = criterion.scope == Scope.AREA
            answers.extend(
                Answer(
                    assessment=assessment,
                    criterion=criterion,
                    service_area=area,
                    status=rng.choice(AREA_STATUSES if per_area else ENTERPRISE_STATUSES),
                    comment="Benchmark comment.",
                    updated_by=lead,
                )
                for area in (areas if per_area else [None])
            )
    answers = Answer.objects.bulk_create(answers, batch_size=2000)
    if validated:
        Verdict.objects.bulk_create(
            (
                Verdict(
                    answer=answer,
                    accepted=index % 9 != 0,
                    comment="" if index % 9 else "Evidence missing for this answer.",
                    assessor=assessor,
                )
                for index, answer in enumerate(answers)
            ),
            batch_size=2000,
        )
    return BenchData(assessments=assessments, lead=lead, assessor=assessor)
