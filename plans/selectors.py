"""Reads on improvement plans (selectors), named `<entity>_<action>`."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from assessments import engine
from assessments.enums import AnswerStatus
from assessments.models import Answer, Assessment, AssessmentArea, Organization
from assessments.scoring import rules_from_criteria
from criteria.enums import Scope
from criteria.models import Criterion, Group, ServiceArea
from plans.models import ImprovementPlan, PlanItem


@dataclass(frozen=True)
class Baseline:
    """The latest assessment of an organization as the plan reads it: its score, its criteria
    and groups (the English models, which the page names in its language: catalog_i18n) and,
    per criterion, the active areas that do not meet it (not `met`, not `na`)."""

    assessment: Assessment
    rules: engine.Catalog
    score: engine.ScoreResult
    criteria: dict[str, Criterion]
    groups: dict[str, Group]
    areas_not_meeting: dict[str, list[ServiceArea]]
    # (criterion code, service area id or None) of the answers that are met.
    met: frozenset[tuple[str, int | None]]


@dataclass(frozen=True)
class PathLine:
    criterion: Criterion
    areas: list[ServiceArea]  # area criteria: the areas that do not meet it yet


@dataclass(frozen=True)
class PathOption:
    """One way to the target (engine.target_paths) with its criteria, ready to show."""

    key: str  # the groups ("AB"), or "stages" for stages 1-4
    groups: list[Group]
    lines: list[PathLine]

    @property
    def item_count(self) -> int:
        return sum(max(1, len(line.areas)) for line in self.lines)


STAGES_KEY = "stages"


def path_key(groups: tuple[str, ...]) -> str:
    return "".join(groups) or STAGES_KEY


def plan_baseline_assessment(*, organization: Organization) -> Assessment | None:
    """The organization's latest assessment: the plan's baseline."""
    return (
        Assessment.objects.filter(organization=organization)
        .select_related("catalog")
        .order_by("-created_at", "-pk")
        .first()
    )


def plan_baseline_load(*, assessment: Assessment) -> Baseline:
    """Score the assessment from its answers as they stand (four queries)."""
    criteria = list(
        Criterion.objects.filter(catalog_id=assessment.catalog_id)
        .select_related("stage", "group")
        .order_by("order")
    )
    active = list(
        AssessmentArea.objects.filter(assessment=assessment)
        .select_related("service_area")
        .order_by("service_area__order")
    )
    by_id = {c.pk: c for c in criteria}
    area_by_id = {a.service_area_id: a.service_area for a in active}
    statuses: dict[tuple[str, int | None], str] = {}
    for criterion_id, area_id, status in Answer.objects.filter(assessment=assessment).values_list(
        "criterion_id", "service_area_id", "status"
    ):
        if criterion_id in by_id and (area_id is None or area_id in area_by_id):
            statuses[(by_id[criterion_id].code, area_id)] = status
    rules = rules_from_criteria(criteria)
    score = engine.score(
        rules,
        [engine.Area(a.service_area.code, a.annual_volume) for a in active],
        [
            engine.Answer(code, status, area_by_id[area_id].code if area_id else None)
            for (code, area_id), status in statuses.items()
        ],
    )
    not_meeting = {
        c.code: [
            area
            for area in area_by_id.values()
            if statuses.get((c.code, area.pk)) not in {AnswerStatus.MET, AnswerStatus.NA}
        ]
        for c in criteria
        if c.scope == Scope.AREA
    }
    groups = {g.code: g for g in Group.objects.filter(catalog_id=assessment.catalog_id)}
    return Baseline(
        assessment=assessment,
        rules=rules,
        score=score,
        criteria={c.code: c for c in criteria},
        groups=groups,
        areas_not_meeting=not_meeting,
        met=frozenset(key for key, status in statuses.items() if status == AnswerStatus.MET),
    )


def plan_path_options(*, baseline: Baseline, target: int) -> list[PathOption]:
    """Every way to the target stage, the fewest criteria missing first."""
    return [
        PathOption(
            key=path_key(path.groups),
            groups=[baseline.groups[code] for code in path.groups],
            lines=[
                PathLine(
                    criterion=baseline.criteria[code],
                    areas=baseline.areas_not_meeting.get(code, []),
                )
                for code in path.missing
            ],
        )
        for path in engine.target_paths(baseline.rules, baseline.score, target)
    ]


def plan_for_organization(*, organization: Organization) -> ImprovementPlan | None:
    return ImprovementPlan.objects.filter(organization=organization).first()


def plan_item_list(*, plan: ImprovementPlan) -> list[PlanItem]:
    return list(
        PlanItem.objects.filter(plan=plan)
        .select_related("criterion", "service_area", "owner")
        .order_by("order", "pk")
    )


def plan_items_by_slot(*, organization_id: int) -> dict[tuple[str, int | None], PlanItem]:
    """(criterion code, service area id or None) -> the organization's plan item there, in one
    query (for the badges beside the answers)."""
    return {
        (item.criterion.code, item.service_area_id): item
        for item in PlanItem.objects.filter(plan__organization_id=organization_id).select_related(
            "criterion", "owner", "plan__organization"
        )
    }


def plan_owner_choices(*, organization: Organization) -> QuerySet[AbstractBaseUser]:
    """Who may own an item: the organization's active members."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__organization=organization)
        .order_by("first_name", "last_name", "username")
    )
