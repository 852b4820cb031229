"""Benchmark of the PDF scorecard, printed by `make bench` (diam/management/commands/bench.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from diam.benchmarks import ENTERPRISE_STATUSES, STATUSES, Figure, median_seconds

if TYPE_CHECKING:
    from assessments.models import Assessment

BASELINE_HTML = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head>'
    "<body><h1>A heading</h1><p>A paragraph of text, rendered with the same stylesheet and "
    "options as the scorecard.</p></body></html>"
)


def scorecard_figures(*, repeat: int = 7) -> Iterator[Figure]:
    """Median time to render the scorecard of a validated assessment with 15 active areas (every
    answer given, some not accepted), after one warm-up, against a one-page PDF with a heading
    and a paragraph rendered in the same process with the same stylesheet and PDF options.
    The data is created in a transaction that is rolled back: nothing stays in the database."""
    from django.db import transaction
    from django.utils import timezone

    from reports.pdf import pdf_render, scorecard_pdf

    with transaction.atomic():
        assessment = _bench_assessment()
        now = timezone.now()
        pdf = scorecard_pdf(assessment, now=now)  # warm-up
        pdf_render(BASELINE_HTML)
        scorecard = median_seconds(lambda: scorecard_pdf(assessment, now=now), repeat=repeat)
        baseline = median_seconds(lambda: pdf_render(BASELINE_HTML), repeat=repeat)
        transaction.set_rollback(True)
    yield Figure("scorecard PDF (15 areas): size", len(pdf) / 1024, "KiB")
    yield Figure("scorecard PDF (15 areas): median render time", scorecard * 1000, "ms", "<= 1,000")
    yield Figure("scorecard PDF: one-page baseline, median", baseline * 1000, "ms")
    yield Figure("scorecard PDF: ratio scorecard / one page", scorecard / baseline, "x", "<= 4")


def _bench_assessment() -> Assessment:
    from django.contrib.auth import get_user_model
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

    catalog = CatalogVersion.objects.get(slug="diam")
    organization = Organization.objects.create(
        name="Scorecard Benchmark Hospital (rolled back)",
        slug="scorecard-benchmark-rolled-back",
        country="DE",
        kind="hospital",
    )
    user = get_user_model().objects.create_user("scorecard-bench-rolled-back", password=None)
    assessor = get_user_model().objects.create_user("scorecard-assessor-rolled-back")
    Membership.objects.create(user=user, organization=organization, role=Role.LEAD)
    now = timezone.now()
    # Benchmark data in a rolled-back transaction: the state is set directly, as test data is.
    assessment = Assessment.objects.create(
        organization=organization,
        catalog=catalog,
        title="Benchmark assessment",
        status=AssessmentStatus.VALIDATED,
        submitted_at=now - timedelta(days=20),
        self_assessed_stage=5,
        validated_stage=4,
        validation_reason="Group A needs a second look at patient access.",
        validated_by=assessor,
        validated_at=now,
        expires_at=(now + timedelta(days=3 * 365)).date(),
        assessor=assessor,
        strengths="A single enterprise archive.\nClear governance.",
        recommendations="Extend structured reporting to cardiology.",
    )
    areas = list(ServiceArea.objects.all())
    AssessmentArea.objects.bulk_create(
        AssessmentArea(assessment=assessment, service_area=a, annual_volume=1000 * (i + 1))
        for i, a in enumerate(areas)
    )
    rng = random.Random(11)
    answers = []
    for criterion in Criterion.objects.filter(catalog=catalog).exclude(scope=Scope.BASELINE):
        targets = areas if criterion.scope == Scope.AREA else [None]
        statuses = STATUSES if criterion.scope == Scope.AREA else ENTERPRISE_STATUSES
        answers.extend(
            Answer(
                assessment=assessment,
                criterion=criterion,
                service_area=area,
                status=rng.choice(statuses),
                comment="Benchmark comment.",
                updated_by=user,
            )
            for area in targets
        )
    answers = Answer.objects.bulk_create(answers)
    Verdict.objects.bulk_create(
        Verdict(
            answer=answer,
            accepted=index % 9 != 0,
            comment="" if index % 9 else "Evidence missing for this answer.",
            assessor=assessor,
        )
        for index, answer in enumerate(answers)
    )
    return assessment
