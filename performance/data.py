"""Data for `make bench` and `manage.py bench_data`, written to the benchmarks' own database
(performance.database), never the developer's.

`bench_assessments` makes a few assessments with the 15 service areas active, every criterion
answered with seeded mixed statuses; validated ones also carry findings and a verdict on each
answer (one in nine not accepted). `population_build` makes many assessments across
organizations with bulk inserts: from 1 to 15 areas each, in several countries, kinds and
sizes; in every state (MIXED, two per organization), or all validated (VALIDATED: the benchmarks
page and the programme dashboard, whose goals hold "with 10,000 validated assessments"): three
per organization, a year apart as organizations renew them, the latest always in force (the
one the benchmarks count), the older ones superseded or expired. The states are set directly,
as test data is; bulk inserts write no history rows but one per validation (its decision, which
the programme dashboard reads). Submitted and validated assessments carry the stored results a
real submission and validation leave (assessments.result_store's rows, from the pure
assessments.result_rows), their stages those the answers justify.
"""

import random
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from assessments import engine
from assessments.enums import AssessmentStatus, OrganizationKind, ResultKind, Role
from assessments.models import (
    Answer,
    AreaCriterionResult,
    Assessment,
    AssessmentArea,
    AssessmentResult,
    CriterionResult,
    GroupResult,
    Membership,
    Organization,
    Verdict,
)
from assessments.result_rows import ResultRows, result_rows
from assessments.scoring import accepted_status, rules_from_criteria
from criteria.enums import Scope
from criteria.models import CatalogVersion, Criterion, ServiceArea
from performance.engine import ENTERPRISE_STATUSES
from performance.engine import STATUSES as AREA_STATUSES

POPULATION_PREFIX = "bench-"
CHUNK = 500
COUNTRIES = ("DE", "FR", "NL", "IT", "ES", "AT", "CH", "BE")
# Images a year of an organization's first area (the n-th area has n times as many): with 1 to 15
# areas, organizations fall in each size band of benchmarks.peers.
AREA_VOLUMES = (300, 2_000, 9_000, 40_000)
PENDING = (AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW)
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
class Population:
    """What population_build makes: organizations' slugs start with `prefix` (so that two
    populations in one database never share one), `per_organization` assessments each, the
    n-th assessment in state `states[n % len(states)]`. Validations fall at random within
    their validity, or with `yearly` a year apart in each organization, its last one in force."""

    prefix: str
    per_organization: int
    states: tuple[str, ...]
    yearly: bool = False


MIXED = Population(POPULATION_PREFIX, 2, STATES)
VALIDATED = Population("validated-", 3, (AssessmentStatus.VALIDATED,), yearly=True)


def _validated_days_ago(population: Population, n: int, valid_days: int, rng: random.Random) -> int:
    """Days since the n-th assessment's validation: at random within the validity period, or
    (`yearly`) for an organization's first one a day of the period given by its number (some
    within the programme dashboard's 90 days of expiring), each next one a year earlier. The
    first is the latest, so that an organization still short of its assessments (the
    population grows size by size) has its validation in force."""
    if not population.yearly:
        return rng.randrange(valid_days - 1)
    per = population.per_organization
    latest = (n // per) * 7919 % (valid_days - 1)
    return latest + 365 * (n % per)


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


def population_assessments(population: Population = MIXED) -> int:
    return Assessment.objects.filter(organization__slug__startswith=population.prefix).count()


def population_build(
    *, assessments: int, seed: int = 2026, population: Population = MIXED
) -> float:
    """Add assessments until the population has `assessments` of them; returns the seconds taken.

    `population.per_organization` assessments per organization, each organization with a lead;
    from 1 to 15 active areas (every criterion answered for each), in the population's states;
    submitted ones with their stored self-assessed result, validated ones with verdicts, both
    results and a validation (each organization's latest one in force). Bulk inserts in chunks
    of 500 assessments, one transaction each."""
    start = time.perf_counter()
    catalog = CatalogVersion.objects.get(slug="diam")
    areas = list(ServiceArea.objects.order_by("order"))
    every_criterion = list(
        Criterion.objects.filter(catalog=catalog).select_related("stage", "group")
    )
    criteria = [c for c in every_criterion if c.scope != Scope.BASELINE]
    users = get_user_model().objects
    assessor, _created = users.get_or_create(username=f"{POPULATION_PREFIX}assessor")
    have = population_assessments(population)
    rng = random.Random(seed + have)
    now = timezone.now()
    kinds = list(OrganizationKind.values)
    scoring = _Scoring(
        rules=rules_from_criteria(every_criterion),
        criterion_ids={c.code: c.pk for c in every_criterion},
        group_ids={c.group.code: c.group_id for c in every_criterion if c.group is not None},
        area_ids={a.code: a.pk for a in areas},
    )
    for first in range(have, assessments, CHUNK):
        numbers = range(first, min(first + CHUNK, assessments))
        with transaction.atomic():
            _population_chunk(
                numbers,
                catalog,
                areas,
                criteria,
                assessor,
                rng=rng,
                now=now,
                kinds=kinds,
                scoring=scoring,
                population=population,
            )
    _analyze()
    return time.perf_counter() - start


def _analyze() -> None:
    """PostgreSQL's statistics of the tables just filled, as autovacuum would gather them
    before long: without them the planner takes the stored results for a few rows."""
    if connection.vendor != "postgresql":
        return
    models = (
        Organization,
        Assessment,
        AssessmentResult,
        GroupResult,
        CriterionResult,
        AreaCriterionResult,
        Assessment.history.model,
    )
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


@dataclass(frozen=True)
class _Scoring:
    rules: engine.Catalog
    criterion_ids: dict[str, int]
    group_ids: dict[str, int]
    area_ids: dict[str, int]


def _mature_answers(
    planned: list[tuple[Assessment, list[ServiceArea]]],
    criteria: list[Criterion],
    rng: random.Random,
    lead_ids: dict[int, int],
) -> list[Answer]:
    """Answers of organizations at various stages: every criterion of the stages up to a
    seeded target met (and, from stage 4, those of some groups), the others mixed."""
    answers = []
    for assessment, areas in planned:
        target = rng.randint(0, 7)
        groups = {"A", "B", "C"}
        met_groups = set(rng.sample(sorted(groups), max(target - 4, 0))) if target > 4 else set()
        for criterion in criteria:
            per_area = criterion.scope == Scope.AREA
            stage = criterion.stage.number if criterion.stage is not None else None
            group = criterion.group.code if criterion.group is not None else None
            met = (stage is not None and stage <= min(target, 4)) or group in met_groups
            answers.extend(
                Answer(
                    assessment_id=assessment.pk,
                    criterion_id=criterion.pk,
                    service_area_id=area.pk if area else None,
                    status=engine.MET
                    if met
                    else rng.choice(AREA_STATUSES if per_area else ENTERPRISE_STATUSES),
                    comment="Benchmark comment.",
                    updated_by_id=lead_ids[assessment.organization_id],
                )
                for area in (areas if per_area else [None])
            )
    return answers


def _result(
    assessment: Assessment, kind: str, rows: ResultRows, recorded_at: Any
) -> tuple[AssessmentResult, ResultRows]:
    stage = assessment.validated_stage if kind == ResultKind.VALIDATED else None
    if stage is None:
        stage = assessment.self_assessed_stage
    return (
        AssessmentResult(
            assessment=assessment,
            kind=kind,
            stage=rows.computed_stage if stage is None else stage,
            computed_stage=rows.computed_stage,
            annual_volume=rows.annual_volume,
            recorded_at=recorded_at,
        ),
        rows,
    )


def _store_results(results: list[tuple[AssessmentResult, ResultRows]], scoring: _Scoring) -> None:
    """The rows assessments.result_store writes, in bulk."""
    stored = AssessmentResult.objects.bulk_create([result for result, _rows in results])
    GroupResult.objects.bulk_create(
        (
            GroupResult(result_id=result.pk, group_id=scoring.group_ids[code], met=met)
            for result, (_r, rows) in zip(stored, results, strict=True)
            for code, met in rows.groups.items()
        ),
        batch_size=2000,
    )
    CriterionResult.objects.bulk_create(
        (
            CriterionResult(
                result_id=result.pk,
                criterion_id=scoring.criterion_ids[row.criterion],
                met=row.met,
                areas_met=row.areas_met,
                areas_counted=row.areas_counted,
            )
            for result, (_r, rows) in zip(stored, results, strict=True)
            for row in rows.criteria
        ),
        batch_size=2000,
    )
    AreaCriterionResult.objects.bulk_create(
        (
            AreaCriterionResult(
                result_id=result.pk,
                criterion_id=scoring.criterion_ids[row.criterion],
                service_area_id=scoring.area_ids[row.area],
                status=row.status,
                met=row.met,
            )
            for result, (_r, rows) in zip(stored, results, strict=True)
            for row in rows.areas
        ),
        batch_size=2000,
    )


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
    scoring: _Scoring,
    population: Population,
) -> None:
    per = population.per_organization
    prefix = population.prefix
    org_numbers = sorted({n // per for n in numbers})
    existing = {
        o.slug: o
        for o in Organization.objects.filter(slug__in=[f"{prefix}{n}" for n in org_numbers])
    }
    # Countries, kinds and sizes vary independently, so that every peer group has members.
    new = [
        Organization(
            name=f"Benchmark hospital {n}",
            slug=f"{prefix}{n}",
            country=COUNTRIES[n % len(COUNTRIES)],
            kind=kinds[(n // len(COUNTRIES)) % len(kinds)],
        )
        for n in org_numbers
        if f"{prefix}{n}" not in existing
    ]
    for organization in Organization.objects.bulk_create(new):
        existing[organization.slug] = organization
    User = get_user_model()
    leads = User.objects.bulk_create(
        User(username=f"lead-{organization.slug}", password="!") for organization in new
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
    valid_days = int(settings.DIAM_VALIDATION_VALID_DAYS)
    planned = []
    for n in numbers:
        status = population.states[n % len(population.states)]
        active = areas[: 1 + (n * 7) % len(areas)]
        fields = _review_fields(status, assessor, now, 0)
        if status == AssessmentStatus.VALIDATED:
            # Validated over the validity period, so that every validation is in force and some
            # expire within the programme dashboard's 90 days.
            days_ago = _validated_days_ago(population, n, valid_days, rng)
            validated_at = now - timedelta(days=days_ago, minutes=n % 600)
            fields.update(
                submitted_at=validated_at - timedelta(days=20),
                validated_at=validated_at,
                expires_at=timezone.localdate(validated_at) + timedelta(days=valid_days),
                validation_reason="",
            )
        assessment = Assessment(
            organization=existing[f"{prefix}{n // per}"],
            catalog=catalog,
            title=f"Assessment {n % per + 1}",
            **fields,
        )
        planned.append((assessment, active))
    Assessment.objects.bulk_create([assessment for assessment, _areas in planned])
    area_rows = [
        AssessmentArea(
            assessment=assessment,
            service_area=area,
            annual_volume=AREA_VOLUMES[assessment.organization_id % len(AREA_VOLUMES)] * (i + 1),
        )
        for assessment, active in planned
        for i, area in enumerate(active)
    ]
    AssessmentArea.objects.bulk_create(area_rows)
    answers = Answer.objects.bulk_create(
        _mature_answers(planned, criteria, rng, lead_ids), batch_size=2000
    )
    validated = {
        assessment.pk for assessment, _areas in planned if assessment.status == "validated"
    }
    verdicts = Verdict.objects.bulk_create(
        _verdicts([a for a in answers if a.assessment_id in validated], assessor),
        batch_size=2000,
    )
    _population_results(planned, area_rows, answers, verdicts, scoring)


def _population_results(
    planned: list[tuple[Assessment, list[ServiceArea]]],
    area_rows: list[AssessmentArea],
    answers: list[Answer],
    verdicts: list[Verdict],
    scoring: _Scoring,
) -> None:
    """The results a submission and a validation store, the stages they set, and the history
    row of each validation (the decision the programme dashboard's workload reads)."""
    codes = {pk: code for code, pk in scoring.criterion_ids.items()}
    area_codes = {pk: code for code, pk in scoring.area_ids.items()}
    accepted = {verdict.answer_id: verdict.accepted for verdict in verdicts}
    by_assessment: dict[int, list[Answer]] = {}
    for answer in answers:
        by_assessment.setdefault(answer.assessment_id, []).append(answer)
    volumes: dict[int, list[engine.Area]] = {}
    for row in area_rows:
        volumes.setdefault(row.assessment_id, []).append(
            engine.Area(code=area_codes[row.service_area_id], annual_volume=row.annual_volume)
        )
    results = []
    scored = []
    for assessment, _areas in planned:
        if assessment.status not in (*PENDING, AssessmentStatus.VALIDATED):
            continue
        own = by_assessment[assessment.pk]
        submitted = result_rows(
            catalog=scoring.rules,
            areas=volumes[assessment.pk],
            answers=[
                engine.Answer(
                    criterion=codes[a.criterion_id],
                    area=area_codes.get(a.service_area_id),  # type: ignore[arg-type]
                    status=a.status,
                )
                for a in own
            ],
        )
        assessment.self_assessed_stage = submitted.computed_stage
        results.append(
            _result(assessment, ResultKind.SELF_ASSESSED, submitted, assessment.submitted_at)
        )
        if assessment.status == AssessmentStatus.VALIDATED:
            validation = result_rows(
                catalog=scoring.rules,
                areas=volumes[assessment.pk],
                answers=[
                    engine.Answer(
                        criterion=codes[a.criterion_id],
                        area=area_codes.get(a.service_area_id),  # type: ignore[arg-type]
                        status=accepted_status(a.status, accepted.get(a.pk)),
                    )
                    for a in own
                ],
            )
            assessment.validated_stage = validation.computed_stage
            results.append(
                _result(assessment, ResultKind.VALIDATED, validation, assessment.validated_at)
            )
            assessment._history_date = assessment.validated_at  # type: ignore[attr-defined]
        scored.append(assessment)
    Assessment.objects.bulk_update(scored, ["self_assessed_stage", "validated_stage"])
    _store_results(results, scoring)
    Assessment.history.bulk_history_create(  # type: ignore[attr-defined]
        [a for a in scored if a.status == AssessmentStatus.VALIDATED]
    )
