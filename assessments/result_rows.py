"""The rows stored for an assessment's result: plain data in, plain rows out, no Django.

The life cycle (assessments.result_store) and the backfill migration both call `result_rows`,
so a result stored at submission and one computed later from the same answers are the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessments import engine


@dataclass(frozen=True, slots=True)
class CriterionRow:
    criterion: str
    met: bool
    areas_met: int | None  # area criteria only
    areas_counted: int | None


@dataclass(frozen=True, slots=True)
class AreaRow:
    criterion: str
    area: str
    status: str  # "" when the area was not answered
    met: bool


@dataclass(frozen=True, slots=True)
class ResultRows:
    computed_stage: int
    annual_volume: int
    groups: dict[str, bool]
    criteria: tuple[CriterionRow, ...]
    areas: tuple[AreaRow, ...]


def result_rows(
    *, catalog: engine.Catalog, areas: Sequence[engine.Area], answers: Sequence[engine.Answer]
) -> ResultRows:
    """Score the answers with the engine and lay the score out as rows: one per group, one per
    answerable criterion, one per area criterion and active area."""
    score = engine.score(catalog, areas, answers)
    statuses = {(a.criterion, a.area): a.status for a in answers if a.area is not None}
    criteria = tuple(
        CriterionRow(code, result.met, result.areas_met, result.areas_counted)
        for code, result in score.criteria.items()
    )
    area_rows = []
    for rule in catalog.answerable:
        if rule.scope != engine.AREA:
            continue
        for area in areas:
            status = statuses.get((rule.code, area.code), "")
            area_rows.append(AreaRow(rule.code, area.code, status, status == engine.MET))
    return ResultRows(
        computed_stage=score.stage,
        annual_volume=sum(area.annual_volume or 0 for area in areas),
        groups=dict(score.groups),
        criteria=criteria,
        areas=tuple(area_rows),
    )
