"""Demo data for the charts (benchmarks, history, dashboards): about 40 organizations in several
countries, kinds and sizes with up to three years of validated assessments, and the demo
hospital's own three validated years. Answers come from a seeded RNG, so every run makes the
same data; stages are scored by the engine and stored by the result store's pure function
(assessments.result_rows), in bulk. The history rows are those the life cycle leaves (created,
submitted by the lead, validated by the assessor), so the assessors' decision times show.

Idempotent: an organization that exists is left as it is; the demo hospital's past years are
made once.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

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
from assessments.result_rows import result_rows
from assessments.scoring import rules_from_criteria
from criteria.enums import Scope
from criteria.models import CatalogVersion, Criterion, ServiceArea

SEED = 2026
# (city, country): the peers of the demo hospital (Germany) and of organizations elsewhere.
PEER_CITIES = [
    *[
        (city, "DE")
        for city in [
            "Berlin",
            "Hamburg",
            "München",
            "Köln",
            "Leipzig",
            "Dresden",
            "Freiburg",
            "Essen",
        ]
    ],
    *[(city, "FR") for city in ["Lyon", "Lille", "Nantes", "Bordeaux", "Toulouse"]],
    *[(city, "GB") for city in ["Leeds", "Bristol", "Glasgow", "Cardiff"]],
    *[(city, "NL") for city in ["Utrecht", "Groningen", "Eindhoven"]],
    *[(city, "ES") for city in ["Valencia", "Sevilla", "Bilbao"]],
    *[(city, "IT") for city in ["Torino", "Bologna", "Firenze"]],
    *[(city, "US") for city in ["Boston", "Denver", "Austin", "Seattle"]],
    *[(city, "CA") for city in ["Calgary", "Ottawa"]],
    *[(city, "AE") for city in ["Dubai", "Abu Dhabi"]],
    *[(city, "SE") for city in ["Uppsala", "Malmö"]],
    *[(city, "AU") for city in ["Perth", "Adelaide"]],
    ("Singapore", "SG"),
]
KIND_NAMES = {
    OrganizationKind.HOSPITAL: "University Hospital",
    OrganizationKind.DIAGNOSTIC_CENTER: "Imaging Center",
    OrganizationKind.HEALTH_SYSTEM: "Health System",
}
AREA_CODES = ["radiology", "cardiology", "pathology", "endoscopy", "nuclear-medicine"]
# Annual image volume of the first area, by size; the others have less.
SIZES = [30_000, 120_000, 400_000, 1_500_000]
DEMO_HOSPITAL_AREAS = {"radiology": 95_000, "cardiology": 22_000, "nuclear-medicine": 6_000}


@dataclass(frozen=True)
class Plan:
    """One past assessment to make: when it was validated, and how mature its answers are."""

    organization: Organization
    validated_at: datetime
    target: int  # the stage its answers aim at
    areas: dict[str, int]
    status: str = AssessmentStatus.VALIDATED


def _ages(rng: random.Random, index: int) -> list[int]:
    """Days since each validation, oldest first: most organizations have three yearly ones;
    some stopped after one or two (a few of these expire within 90 days)."""
    pattern = index % 7
    if pattern == 5:
        return [rng.randint(1000, 1080)]  # its only validation expires soon
    if pattern == 6:
        return [rng.randint(760, 1000), rng.randint(400, 640)]
    return [rng.randint(760, 1000), rng.randint(400, 640), rng.randint(30, 300)]


def _answers(
    rng: random.Random, criteria: list[Criterion], areas: dict[str, int], target: int
) -> list[tuple[Criterion, str | None, str]]:
    """Each required slot answered so that the engine finds about `target`: the criteria of the
    stages up to it met, one criterion of the next stage short, `target - 4` groups met (from
    stage 5), the rest met by chance."""
    cumulative = min(target, 4)
    groups = sorted({c.group.code for c in criteria if c.group is not None})
    groups_met = set(rng.sample(groups, max(0, target - 4)))
    blocked: set[str] = set()  # one criterion short in the next stage and in each open group
    next_stage = [c.code for c in criteria if c.stage is not None and c.stage.number == target + 1]
    if next_stage:
        blocked.add(rng.choice(next_stage))
    for group in groups:
        if group not in groups_met:
            blocked.add(rng.choice([c.code for c in criteria if c.group and c.group.code == group]))
    answers = []
    for criterion in criteria:
        if criterion.code in blocked:
            must = False
        elif criterion.stage is not None:
            must = criterion.stage.number <= cumulative
        else:
            must = criterion.group is not None and criterion.group.code in groups_met
        for area in list(areas) if criterion.scope == Scope.AREA else [None]:
            if must or (criterion.code not in blocked and rng.random() < 0.4):
                status = "met"
            else:
                status = rng.choice(["partial", "not_met"])
            answers.append((criterion, area, status))
    return answers


def _history_row(
    assessment: Assessment, when: datetime, kind: str, user: object, **state: object
) -> object:
    model = Assessment.history.model
    fields = {
        field.attname: getattr(assessment, field.attname)
        for field in Assessment._meta.concrete_fields
        if field.attname != "updated_at"
    }
    return model(**{**fields, **state}, history_date=when, history_type=kind, history_user=user)


def _make(
    plans: list[Plan],
    catalog: CatalogVersion,
    rng: random.Random,
    lead_of: dict[int, AbstractUser],
    assessors: list[AbstractUser],
) -> None:
    criteria = list(
        Criterion.objects.filter(catalog=catalog, required=True)
        .exclude(scope=Scope.BASELINE)
        .select_related("stage", "group")
        .order_by("order")
    )
    all_criteria = list(Criterion.objects.filter(catalog=catalog).select_related("stage", "group"))
    rules = rules_from_criteria(all_criteria)
    criterion_ids = {c.code: c.pk for c in all_criteria}
    group_ids = {c.group.code: c.group_id for c in all_criteria if c.group is not None}
    areas = {a.code: a for a in ServiceArea.objects.filter(code__in=AREA_CODES)}
    valid_days = int(settings.DIAM_VALIDATION_VALID_DAYS)

    assessments, answer_sets = [], []
    for plan in plans:
        submitted_at = plan.validated_at - timedelta(days=rng.randint(5, 40))
        created_at = submitted_at - timedelta(days=rng.randint(20, 60))
        answers = _answers(rng, criteria, plan.areas, plan.target)
        score = engine.score(
            rules,
            [engine.Area(code, volume) for code, volume in plan.areas.items()],
            [
                engine.Answer(criterion=c.code, status=status, area=area)
                for c, area, status in answers
            ],
        )
        validated = plan.status == AssessmentStatus.VALIDATED
        assessor = assessors[len(assessments) % len(assessors)]
        assessments.append(
            Assessment(
                organization=plan.organization,
                catalog=catalog,
                title=f"DIAM review {plan.validated_at:%Y-%m}"
                if validated
                else f"DIAM self-assessment {plan.validated_at:%Y-%m}",
                status=plan.status,
                created_by=lead_of[plan.organization.pk],
                submitted_at=submitted_at,
                self_assessed_stage=score.stage,
                assessor=assessor,
                validated_stage=score.stage if validated else None,
                validated_by=assessor if validated else None,
                validated_at=plan.validated_at if validated else None,
                expires_at=(plan.validated_at + timedelta(days=valid_days)).date()
                if validated
                else None,
            )
        )
        answer_sets.append((created_at, answers))
    Assessment.objects.bulk_create(assessments)
    for assessment, (created_at, _unused) in zip(assessments, answer_sets, strict=True):
        assessment.created_at = created_at
    Assessment.objects.bulk_update(assessments, ["created_at"])

    history = []
    for assessment, plan in zip(assessments, plans, strict=True):
        lead = lead_of[plan.organization.pk]
        history.append(
            _history_row(
                assessment,
                assessment.created_at,
                "+",
                lead,
                status=AssessmentStatus.DRAFT,
                submitted_at=None,
                self_assessed_stage=None,
                validated_stage=None,
                validated_by_id=None,
                validated_at=None,
                expires_at=None,
                assessor_id=None,
            )
        )
        history.append(
            _history_row(
                assessment,
                assessment.submitted_at,
                "~",
                lead,
                status=AssessmentStatus.SUBMITTED,
                validated_stage=None,
                validated_by_id=None,
                validated_at=None,
                expires_at=None,
            )
        )
        if plan.status == AssessmentStatus.VALIDATED:
            history.append(
                _history_row(assessment, assessment.validated_at, "~", assessment.assessor)
            )
    Assessment.history.model.objects.bulk_create(history)

    area_rows = [
        AssessmentArea(assessment=a, service_area=areas[code], annual_volume=volume)
        for a, plan in zip(assessments, plans, strict=True)
        for code, volume in plan.areas.items()
    ]
    AssessmentArea.objects.bulk_create(area_rows)
    answer_rows = [
        Answer(
            assessment=assessment,
            criterion=criterion,
            service_area=areas[area] if area else None,
            status=status,
            updated_by=lead_of[assessment.organization_id],
        )
        for assessment, (_created, answers) in zip(assessments, answer_sets, strict=True)
        for criterion, area, status in answers
    ]
    for answer in answer_rows:
        # Answered the day before the submission, in the history and on the home page.
        answer._history_date = answer.assessment.submitted_at - timedelta(days=1)  # type: ignore[attr-defined]
    answer_rows = bulk_create_with_history(answer_rows, Answer)
    # The bulk inserts stamped every row with today (auto_now): each assessment was last
    # changed at its decision, its answers before its submission.
    for assessment in assessments:
        Answer.objects.filter(assessment=assessment).update(
            updated_at=assessment.submitted_at - timedelta(days=1)
        )
        Assessment.objects.filter(pk=assessment.pk).update(
            updated_at=assessment.validated_at or assessment.submitted_at
        )
    Verdict.objects.bulk_create(
        Verdict(answer=answer, accepted=True, assessor=answer.assessment.assessor)
        for answer in answer_rows
        if answer.assessment.status == AssessmentStatus.VALIDATED
    )

    results, rows_of = [], []
    for assessment, plan, (_created, answers) in zip(assessments, plans, answer_sets, strict=True):
        rows = result_rows(
            catalog=rules,
            areas=[engine.Area(code, volume) for code, volume in plan.areas.items()],
            answers=[
                engine.Answer(criterion=c.code, status=status, area=area)
                for c, area, status in answers
            ],
        )
        kinds = [(ResultKind.SELF_ASSESSED, assessment.submitted_at)]
        if plan.status == AssessmentStatus.VALIDATED:
            kinds.append((ResultKind.VALIDATED, assessment.validated_at))
        for kind, recorded_at in kinds:
            results.append(
                AssessmentResult(
                    assessment=assessment,
                    kind=kind,
                    stage=rows.computed_stage,
                    computed_stage=rows.computed_stage,
                    annual_volume=rows.annual_volume,
                    recorded_at=recorded_at,
                )
            )
            rows_of.append(rows)
    AssessmentResult.objects.bulk_create(results)
    GroupResult.objects.bulk_create(
        GroupResult(result=result, group_id=group_ids[code], met=met)
        for result, rows in zip(results, rows_of, strict=True)
        for code, met in rows.groups.items()
    )
    CriterionResult.objects.bulk_create(
        CriterionResult(
            result=result,
            criterion_id=criterion_ids[row.criterion],
            met=row.met,
            areas_met=row.areas_met,
            areas_counted=row.areas_counted,
        )
        for result, rows in zip(results, rows_of, strict=True)
        for row in rows.criteria
    )
    AreaCriterionResult.objects.bulk_create(
        AreaCriterionResult(
            result=result,
            criterion_id=criterion_ids[row.criterion],
            service_area_id=areas[row.area].pk,
            status=row.status,
            met=row.met,
        )
        for result, rows in zip(results, rows_of, strict=True)
        for row in rows.areas
    )


def _peer_organizations(rng: random.Random) -> tuple[list[Organization], list[int]]:
    """The peer organizations that do not exist yet, with their index in PEER_CITIES."""
    kinds = list(KIND_NAMES)
    wanted = []
    for index, (city, country) in enumerate(PEER_CITIES):
        kind = kinds[index % len(kinds)]
        name = f"{city} {KIND_NAMES[kind]}"
        wanted.append(
            (index, Organization(name=name, slug=slugify(name), country=country, kind=kind))
        )
    existing = set(
        Organization.objects.filter(name__in=[o.name for _i, o in wanted]).values_list(
            "name", flat=True
        )
    )
    new = [(index, o) for index, o in wanted if o.name not in existing]
    Organization.objects.bulk_create([o for _i, o in new])
    return [o for _i, o in new], [i for i, _o in new]


def _areas(rng: random.Random, index: int) -> dict[str, int]:
    """From 2 to 5 areas; the size turns apart from the count, so that every size band of the
    benchmarks (the total volume) has organizations, the demo hospital's too. The areas' shares
    of the volume, hence the stages, do not depend on the size."""
    size = SIZES[(index + index // 4) % len(SIZES)]
    count = 2 + index % 4
    return {
        code: max(2_000, size // (position + 1)) for position, code in enumerate(AREA_CODES[:count])
    }


def programme_demo_create(
    *,
    hospital: Organization,
    hospital_lead: AbstractUser,
    assessors: list[AbstractUser],
    now: datetime,
) -> None:
    rng = random.Random(SEED)
    catalog = CatalogVersion.objects.get(slug="diam")
    organizations, indexes = _peer_organizations(rng)
    user_model = get_user_model()
    leads = []
    for organization in organizations:
        lead = user_model(
            username=f"lead-{organization.slug}",
            email=f"lead@{organization.slug}.example",
            first_name="Lead",
            last_name=organization.name,
        )
        lead.set_unusable_password()
        leads.append(lead)
    user_model.objects.bulk_create(leads)
    Membership.objects.bulk_create(
        Membership(user=lead, organization=organization, role=Role.LEAD)
        for lead, organization in zip(leads, organizations, strict=True)
    )
    lead_of = {o.pk: lead for o, lead in zip(organizations, leads, strict=True)}
    plans = []
    for organization, index in zip(organizations, indexes, strict=True):
        base = rng.choices(range(6), weights=[1, 2, 3, 3, 2, 1])[0]
        pace = rng.uniform(0.2, 1.0)
        areas = _areas(rng, index)
        ages = _ages(rng, index)
        for year, age in enumerate(ages):
            target = min(7, base + round(year * pace))
            plans.append(Plan(organization, now - timedelta(days=age), target, areas))
        if index % 9 == 4:  # an assessment in review now
            plans.append(
                Plan(
                    organization,
                    now - timedelta(days=rng.randint(2, 10)),
                    min(7, base + round(len(ages) * pace)),
                    areas,
                    status=AssessmentStatus.IN_REVIEW,
                )
            )
    if not hospital.assessments.filter(status=AssessmentStatus.VALIDATED).exists():
        lead_of[hospital.pk] = hospital_lead
        # Stages 2, 3 and 4 over three years; its submitted assessment claims stage 5.
        for age, target in [(1010, 2), (650, 3), (290, 4)]:
            plans.append(Plan(hospital, now - timedelta(days=age), target, DEMO_HOSPITAL_AREAS))
    if plans:
        _make(plans, catalog, rng, lead_of, assessors)
