"""The simplest correct DIAM engine: the baseline of the stage engine's benchmark.

Written the obvious way, straight from the rules (see assessments/engine.py's docstring), with no
indexes and no care for speed. `make bench` checks that it gives the engine's stages, groups and
met criteria on every benchmark assessment before comparing their times.
"""

from dataclasses import dataclass

from assessments import engine


@dataclass(frozen=True)
class ReferenceResult:
    stage: int
    stages: dict[int, bool]
    groups: dict[str, bool]
    met: dict[str, bool]


def criterion_met(
    rule: engine.CriterionRule, areas: list[engine.Area], answers: list[engine.Answer]
) -> bool:
    if rule.scope == engine.ENTERPRISE:
        return any(
            a.criterion == rule.code and a.area is None and a.status == "met" for a in answers
        )
    statuses = {}
    for area in areas:
        statuses[area.code] = None
        for answer in answers:
            if answer.criterion == rule.code and answer.area == area.code:
                statuses[area.code] = answer.status
    counted = [code for code, status in statuses.items() if status != "na"]
    met = [code for code, status in statuses.items() if status == "met"]
    if rule.kind == engine.AT_LEAST_OR_VOLUME:
        volume = {area.code: area.annual_volume or 0 for area in areas}
        counted_volume = sum(volume[code] for code in counted)
        met_volume = sum(volume[code] for code in met)
        share = rule.volume_share_percent or 100
        if counted_volume > 0 and met_volume * 100 >= share * counted_volume:
            return True
    if not counted:
        return False
    if rule.kind == engine.MAJORITY:
        return len(met) > len(counted) / 2
    if rule.kind == engine.INFORMATIONAL:
        return len(met) >= 1
    return len(met) >= (rule.min_areas or 1)


def reference_score(
    catalog: engine.Catalog, areas: list[engine.Area], answers: list[engine.Answer]
) -> ReferenceResult:
    rules = [rule for rule in catalog.criteria if rule.scope != engine.BASELINE]
    met = {rule.code: criterion_met(rule, areas, answers) for rule in rules}

    def all_required_met(selected: list[engine.CriterionRule]) -> bool:
        return all(met[rule.code] for rule in selected if rule.required)

    stages = {}
    for number in (1, 2, 3, 4):
        stages[number] = all_required_met([r for r in rules if r.stage and r.stage <= number])
    groups = {}
    for group in catalog.groups:
        groups[group] = all_required_met([r for r in rules if r.group == group])
    stage = 0
    for number in (1, 2, 3, 4):
        if stages[number]:
            stage = number
    if stage == 4:
        stage = min(4 + sum(1 for held in groups.values() if held), 7)
    return ReferenceResult(stage=stage, stages=stages, groups=groups, met=met)
