"""The DIAM stage engine: pure Python, no Django, no clock.

Input: the catalog's criteria rules, the service areas active in an assessment (with their
annual image volume) and the answers. Output: the score result described in DIAM.md.

The rules of the model, in short:
- Stages 1–4 are cumulative: stage N holds when every required criterion of stages 1..N is met.
- Groups A, B, C are met when all their required criteria are met. With stage 4 achieved,
  one group met gives stage 5, two give stage 6, three give stage 7. Groups met without
  stage 4 are reported but do not raise the stage.
- Only `met` counts toward a rule; `partial` is reported but counts as not met.
- For `area` criteria, an area answered `na` leaves the denominator of the majority and
  volume rules and never counts toward "at least N". An area criterion whose areas are all
  `na` is not met.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

MET: Final = "met"
PARTIAL: Final = "partial"
NOT_MET: Final = "not_met"
NA: Final = "na"
STATUSES: Final = (MET, PARTIAL, NOT_MET, NA)

ENTERPRISE: Final = "enterprise"
AREA: Final = "area"
BASELINE: Final = "baseline"

ANSWER: Final = "answer"
AT_LEAST: Final = "at_least"
MAJORITY: Final = "majority"
AT_LEAST_OR_VOLUME: Final = "at_least_or_volume"
INFORMATIONAL: Final = "informational"

CUMULATIVE_STAGES: Final = (1, 2, 3, 4)
HIGHEST_STAGE: Final = 7


@dataclass(frozen=True, slots=True)
class CriterionRule:
    code: str
    scope: str
    kind: str
    required: bool
    stage: int | None = None
    group: str | None = None
    min_areas: int | None = None
    volume_share_percent: int | None = None


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    annual_volume: int | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    criterion: str
    status: str
    area: str | None = None


@dataclass(frozen=True, slots=True)
class Catalog:
    """The rules of one catalog version, in catalog order, with the indexes scoring needs."""

    criteria: tuple[CriterionRule, ...]
    groups: tuple[str, ...]
    answerable: tuple[CriterionRule, ...]
    stage_required: dict[int, tuple[str, ...]]
    group_required: dict[str, tuple[str, ...]]

    @classmethod
    def build(cls, criteria: Iterable[CriterionRule]) -> Catalog:
        rules = tuple(criteria)
        answerable = tuple(r for r in rules if r.scope != BASELINE)
        groups = tuple(dict.fromkeys(r.group for r in rules if r.group is not None))
        return cls(
            criteria=rules,
            groups=groups,
            answerable=answerable,
            stage_required={
                n: tuple(r.code for r in answerable if r.stage == n and r.required)
                for n in CUMULATIVE_STAGES
            },
            group_required={
                g: tuple(r.code for r in answerable if r.group == g and r.required) for g in groups
            },
        )


@dataclass(slots=True)
class CriterionResult:
    code: str
    met: bool
    required: bool
    answered: int
    expected: int
    status: str | None = None  # enterprise criteria: the answer's status, or None
    areas_met: int | None = None
    areas_partial: int | None = None
    areas_not_met: int | None = None
    areas_na: int | None = None
    areas_counted: int | None = None
    volume_share: float | None = None  # share of the counted volume held by met areas, 0..1
    met_areas: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "met": self.met,
            "required": self.required,
            "answered": self.answered,
            "expected": self.expected,
        }
        if self.status is not None or self.areas_met is None:
            data["status"] = self.status
        if self.areas_met is not None:
            data["areas_met"] = self.areas_met
            data["areas_partial"] = self.areas_partial
            data["areas_not_met"] = self.areas_not_met
            data["areas_na"] = self.areas_na
            data["areas_counted"] = self.areas_counted
            data["met_areas"] = list(self.met_areas)
        if self.volume_share is not None:
            # Rounded down, so that 79.999 % never shows as 80 % beside "not met".
            data["volume_share"] = math.floor(self.volume_share * 10_000) / 10_000
        return data


@dataclass(slots=True)
class ScoreResult:
    stage: int
    stages: dict[int, bool]
    groups: dict[str, bool]
    criteria: dict[str, CriterionResult]
    next_stage: int | None
    missing: list[str]
    answered: int
    required: int

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of DIAM.md's score result."""
        return {
            "stage": self.stage,
            "stages": {str(number): held for number, held in self.stages.items()},
            "groups": dict(self.groups),
            "criteria": {code: result.as_dict() for code, result in self.criteria.items()},
            "next_stage": (
                None
                if self.next_stage is None
                else {"stage": self.next_stage, "missing": list(self.missing)}
            ),
            "completion": {"answered": self.answered, "required": self.required},
        }


def score(catalog: Catalog, areas: Sequence[Area], answers: Iterable[Answer]) -> ScoreResult:
    """Score one assessment. Answers for unknown criteria or inactive areas are ignored."""
    by_enterprise: dict[str, str] = {}
    by_area: dict[str, dict[str, str]] = {}
    for answer in answers:
        if answer.area is None:
            by_enterprise[answer.criterion] = answer.status
        else:
            by_area.setdefault(answer.criterion, {})[answer.area] = answer.status

    volumes = {area.code: area.annual_volume or 0 for area in areas}
    area_codes = list(volumes)
    results: dict[str, CriterionResult] = {}
    met_codes: set[str] = set()
    answered = 0
    required = 0
    no_answers: dict[str, str] = {}
    for rule in catalog.answerable:
        if rule.scope == AREA:
            result = _score_area(rule, area_codes, volumes, by_area.get(rule.code, no_answers))
        else:
            result = _score_enterprise(rule, by_enterprise.get(rule.code))
        results[rule.code] = result
        if result.met:
            met_codes.add(rule.code)
        if rule.required:
            answered += result.answered
            required += result.expected

    stages: dict[int, bool] = {}
    below_held = True
    for number, codes in catalog.stage_required.items():
        below_held = below_held and met_codes.issuperset(codes)
        stages[number] = below_held
    groups = {code: met_codes.issuperset(codes) for code, codes in catalog.group_required.items()}
    reached = 0
    for number in CUMULATIVE_STAGES:
        if not stages[number]:
            break
        reached = number
    stage = reached
    if reached == CUMULATIVE_STAGES[-1]:
        stage = reached + min(sum(groups.values()), HIGHEST_STAGE - reached)

    next_stage, missing = _next_stage(catalog, met_codes, stage, groups)
    return ScoreResult(
        stage=stage,
        stages=stages,
        groups=groups,
        criteria=results,
        next_stage=next_stage,
        missing=missing,
        answered=answered,
        required=required,
    )


def _score_enterprise(rule: CriterionRule, status: str | None) -> CriterionResult:
    # Positional arguments: this runs ~22 times per assessment, and keywords cost twice as much.
    return CriterionResult(
        rule.code, status == MET, rule.required, 0 if status is None else 1, 1, status
    )


def _score_area(
    rule: CriterionRule,
    area_codes: Sequence[str],
    volumes: Mapping[str, int],
    statuses: Mapping[str, str],
) -> CriterionResult:
    met_areas: list[str] = []
    partial = not_met = na = answered = 0
    counted_volume = 0
    for code in area_codes:
        status = statuses.get(code)
        if status is None:
            counted_volume += volumes[code]
            continue
        answered += 1
        if status == MET:
            met_areas.append(code)
        elif status == NA:
            na += 1
            continue
        elif status == PARTIAL:
            partial += 1
        else:
            not_met += 1
        counted_volume += volumes[code]
    areas_met = len(met_areas)
    counted = len(area_codes) - na

    volume_share: float | None = None
    volume_met = False
    if rule.kind == AT_LEAST_OR_VOLUME:
        met_volume = sum(volumes[code] for code in met_areas)
        volume_share = met_volume / counted_volume if counted_volume else 0.0
        # Integer arithmetic: exactly 80% of the volume meets an 80% threshold.
        percent = rule.volume_share_percent or 100
        volume_met = counted_volume > 0 and met_volume * 100 >= percent * counted_volume

    met = volume_met or _area_rule_met(rule, areas_met, counted)
    return CriterionResult(
        rule.code,
        met,
        rule.required,
        answered,
        len(area_codes),
        None,  # status: per area, not one
        areas_met,
        partial,
        not_met,
        na,
        counted,
        volume_share,
        tuple(met_areas),
    )


def _area_rule_met(rule: CriterionRule, areas_met: int, counted: int) -> bool:
    if counted == 0:
        return False
    if rule.kind == MAJORITY:
        return 2 * areas_met > counted
    if rule.kind == INFORMATIONAL:
        return areas_met >= 1
    return areas_met >= (rule.min_areas or 1)


def _next_stage(
    catalog: Catalog, met_codes: set[str], stage: int, groups: Mapping[str, bool]
) -> tuple[int | None, list[str]]:
    if stage >= HIGHEST_STAGE:
        return None, []
    if stage < CUMULATIVE_STAGES[-1]:
        codes = catalog.stage_required[stage + 1]
        return stage + 1, [code for code in codes if code not in met_codes]
    # Stage 4 or above: the unmet criteria of the open group closest to being met
    # (fewest criteria missing; catalog order breaks ties).
    candidates = [
        [code for code in catalog.group_required[group] if code not in met_codes]
        for group, held in groups.items()
        if not held
    ]
    return stage + 1, min(candidates, key=len) if candidates else []


def road_map(catalog: Catalog, result: ScoreResult, steps: int = 2) -> list[tuple[int, list[str]]]:
    """What blocks each of the next `steps` stages: (stage, required criteria still unmet).

    Stages up to 4 are cumulative: a stage needs every unmet required criterion of the stages
    up to it. Beyond 4, stage 4 + k also needs k groups: the groups already met count, and the
    rest are the open groups closest to being met (fewest criteria missing; catalog order
    breaks ties). So from stage 4 the next stage needs the closest open group and the one
    after needs the two closest. Codes come in catalog order; the highest stage has no road.
    """
    met_codes = {code for code, criterion in result.criteria.items() if criterion.met}
    missing_by_group = {
        group: [code for code in codes if code not in met_codes]
        for group, codes in catalog.group_required.items()
        if not result.groups.get(group, False)
    }
    # sorted() is stable: groups with as many criteria missing keep their catalog order.
    closest = sorted(missing_by_group, key=lambda group: len(missing_by_group[group]))
    groups_met = sum(1 for held in result.groups.values() if held)
    last_cumulative = CUMULATIVE_STAGES[-1]

    road: list[tuple[int, list[str]]] = []
    for target in range(result.stage + 1, min(result.stage + steps, HIGHEST_STAGE) + 1):
        needed: set[str] = set()
        for number in CUMULATIVE_STAGES:
            if number <= target:
                needed.update(c for c in catalog.stage_required[number] if c not in met_codes)
        groups_needed = max(0, target - last_cumulative - groups_met)
        for group in closest[:groups_needed]:
            needed.update(missing_by_group[group])
        road.append((target, [r.code for r in catalog.answerable if r.code in needed]))
    return road


@dataclass(frozen=True, slots=True)
class Route:
    """One way to reach the next stage: the criteria still to meet, and what meeting them gives.

    `group` is the group the route completes (stages 5–7), None for a cumulative stage (1–4).
    `reaches` can exceed `stage`: groups met without stage 4 count once stage 4 is held.
    """

    stage: int
    group: str | None
    missing: tuple[str, ...]
    reaches: int


def next_routes(catalog: Catalog, result: ScoreResult) -> list[Route]:
    """Every way to reach the next stage, the closest (fewest criteria missing) first.

    Below stage 4 there is one way: the unmet required criteria of the next stage (the stages
    below it are held). From stage 4, any one more group will do: one route per open group with
    its unmet required criteria; catalog order breaks ties. The highest stage has none.
    """
    if result.stage >= HIGHEST_STAGE:
        return []
    met_codes = {code for code, criterion in result.criteria.items() if criterion.met}
    target = result.stage + 1
    last_cumulative = CUMULATIVE_STAGES[-1]
    if target <= last_cumulative:
        missing = tuple(c for c in catalog.stage_required[target] if c not in met_codes)
        groups_met = sum(1 for held in result.groups.values() if held)
        reaches = target
        if target == last_cumulative:
            reaches = min(target + groups_met, HIGHEST_STAGE)
        return [Route(target, None, missing, reaches)]
    routes = [
        Route(
            target,
            group,
            tuple(c for c in catalog.group_required[group] if c not in met_codes),
            target,
        )
        for group in catalog.groups
        if not result.groups.get(group, False)
    ]
    # sorted() is stable: routes with as many criteria missing keep the catalog's group order.
    return sorted(routes, key=lambda route: len(route.missing))


@dataclass(frozen=True, slots=True)
class TargetPath:
    """One way to reach a target stage from a result: every required criterion still unmet on
    the way (catalog order), and for stages 5–7 the groups it completes (catalog order)."""

    target: int
    groups: tuple[str, ...]
    missing: tuple[str, ...]


def target_paths(catalog: Catalog, result: ScoreResult, target: int) -> list[TargetPath]:
    """Every way to reach `target` (1–7), the fewest criteria missing first; none when the
    result already holds it.

    Up to stage 4 there is one way: the unmet required criteria of stages 1..target. Stages 5–7
    also need stage 4, plus any `target - 4` groups: one path per combination of groups (5: any
    one, 6: any two, 7: all three), groups already met included (they add nothing missing).
    Catalog order of the combinations breaks ties.
    """
    if not CUMULATIVE_STAGES[0] <= target <= HIGHEST_STAGE:
        raise ValueError(f"target stage must be 1 to {HIGHEST_STAGE}, not {target}")
    if result.stage >= target:
        return []
    met_codes = {code for code, criterion in result.criteria.items() if criterion.met}
    last_cumulative = CUMULATIVE_STAGES[-1]
    needed = {
        code
        for number in CUMULATIVE_STAGES
        if number <= min(target, last_cumulative)
        for code in catalog.stage_required[number]
        if code not in met_codes
    }
    combinations: list[tuple[str, ...]] = [()]
    if target > last_cumulative:
        combinations = list(itertools.combinations(catalog.groups, target - last_cumulative))
    paths = []
    for groups in combinations:
        codes = needed | {
            code
            for group in groups
            for code in catalog.group_required[group]
            if code not in met_codes
        }
        missing = tuple(rule.code for rule in catalog.answerable if rule.code in codes)
        paths.append(TargetPath(target, groups, missing))
    # sorted() is stable: paths with as many criteria missing keep the catalog's group order.
    return sorted(paths, key=lambda path: len(path.missing))
