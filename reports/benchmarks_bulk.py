"""Benchmark of the bulk export, printed by `make bench`: the ZIP of 100 scorecards.

The task runs in this process through django-tasks' immediate backend: the same code, one
assessment after the other, as the default worker (`manage.py db_worker`, one process) runs it,
without the worker's polling delay (one second at most). The data is created in a transaction
that is rolled back, and the ZIP is deleted: nothing stays behind.
"""

import random
import time
from collections.abc import Iterator
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from assessments.enums import AssessmentStatus
from assessments.models import Answer, Assessment, AssessmentArea, Organization, Verdict
from criteria.enums import Scope
from criteria.models import CatalogVersion, Criterion, ServiceArea
from diam.benchmarks import ENTERPRISE_STATUSES, STATUSES, Figure
from reports.enums import ExportJobStatus
from reports.tasks import scorecards_export_request

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def bulk_export_figures(count: int = 100) -> Iterator[Figure]:
    with transaction.atomic():
        ids = _bench_assessments(count)
        start = time.perf_counter()
        with override_settings(TASKS=IMMEDIATE):
            job = scorecards_export_request(user=None, assessment_ids=ids, filters={})
        seconds = time.perf_counter() - start
        size = job.file.size if job.file else 0
        file_name = job.file.name
        ok = job.status == ExportJobStatus.DONE and not job.failures
        transaction.set_rollback(True)
    if file_name:
        default_storage.delete(file_name)
    if not ok:
        raise RuntimeError(f"the bulk export failed: {job.status} {job.failures}")
    name = f"bulk export: {count} scorecards (15 areas) in a ZIP, immediate backend in-process"
    yield Figure(name, seconds, "s", "<= 120 s")
    yield Figure("bulk export: per scorecard", seconds / count * 1000, "ms")
    yield Figure("bulk export: ZIP size", size / 1024 / 1024, "MiB")


def _bench_assessments(count: int) -> list[int]:
    """`count` validated assessments with 15 active areas, every answer given, some not
    accepted (seeded), each under an organization of its own."""
    catalog = CatalogVersion.objects.get(slug="diam")
    users = get_user_model().objects
    author = users.create_user("bulk-bench-author-rolled-back", password=None)
    assessor = users.create_user("bulk-bench-assessor-rolled-back", password=None)
    areas = list(ServiceArea.objects.all())
    criteria = list(Criterion.objects.filter(catalog=catalog).exclude(scope=Scope.BASELINE))
    now = timezone.now()
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Bulk Benchmark Hospital {n} (rolled back)",
            slug=f"bulk-benchmark-{n}-rolled-back",
            country="DE",
            kind="hospital",
        )
        for n in range(count)
    )
    assessments = []
    # Benchmark data in a rolled-back transaction: the state is set directly, as test data is.
    for organization in organizations:
        assessments.append(
            Assessment.objects.create(
                organization=organization,
                catalog=catalog,
                title="Benchmark assessment",
                status=AssessmentStatus.VALIDATED,
                submitted_at=now - timedelta(days=20),
                self_assessed_stage=5,
                validated_stage=4,
                validated_by=assessor,
                validated_at=now,
                expires_at=(now + timedelta(days=3 * 365)).date(),
                assessor=assessor,
                strengths="A single enterprise archive.",
                recommendations="Extend structured reporting to cardiology.",
            )
        )
    AssessmentArea.objects.bulk_create(
        AssessmentArea(assessment=assessment, service_area=area, annual_volume=1000 * (i + 1))
        for assessment in assessments
        for i, area in enumerate(areas)
    )
    rng = random.Random(2026)
    answers = []
    for assessment in assessments:
        for criterion in criteria:
            scoped = criterion.scope == Scope.AREA
            answers.extend(
                Answer(
                    assessment=assessment,
                    criterion=criterion,
                    service_area=area,
                    status=rng.choice(STATUSES if scoped else ENTERPRISE_STATUSES),
                    comment="Benchmark comment.",
                    updated_by=author,
                )
                for area in (areas if scoped else [None])
            )
    answers = Answer.objects.bulk_create(answers, batch_size=2000)
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
    return [assessment.pk for assessment in assessments]
