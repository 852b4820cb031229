"""What changed between two assessments of an organization: plain data in, plain data out, no
Django.

The selectors read the stored results (criteria, service-area rows) and the answers of both
assessments; these functions say which criteria became met or stopped being met, what changed in
each service area and which answers changed. Criteria and areas are matched by code, so two
assessments on different catalog versions compare too (a criterion of one version only counts as
not met in the other).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CriterionState:
    code: str
    title: str
    met: bool


@dataclass(frozen=True)
class CriteriaChanges:
    newly_met: tuple[CriterionState, ...]  # as the later side has them
    no_longer_met: tuple[CriterionState, ...]  # as the earlier side had them

    @property
    def any(self) -> bool:
        return bool(self.newly_met or self.no_longer_met)


def criteria_changes(
    *, before: Sequence[CriterionState], after: Sequence[CriterionState]
) -> CriteriaChanges:
    """Criteria met after but not before, and met before but not after, in the order given
    (the catalog's)."""
    met_before = {c.code for c in before if c.met}
    met_after = {c.code for c in after if c.met}
    return CriteriaChanges(
        newly_met=tuple(c for c in after if c.met and c.code not in met_before),
        no_longer_met=tuple(c for c in before if c.met and c.code not in met_after),
    )


@dataclass(frozen=True)
class AreaCriterionState:
    """One area criterion in one service area of a stored result."""

    area_code: str
    area_name: str
    criterion_code: str
    criterion_title: str
    status: str  # an answer status, or "" when not answered
    met: bool
    order: tuple[int, int] = (0, 0)  # the area's and the criterion's place in the catalog


@dataclass(frozen=True)
class AreaCriterionChange:
    criterion_code: str
    criterion_title: str
    status_before: str | None  # None: the area or the criterion was not in that assessment
    status_after: str | None
    met_before: bool
    met_after: bool


@dataclass(frozen=True)
class AreaChanges:
    code: str
    name: str
    in_before: bool  # the area was active in the earlier assessment
    in_after: bool
    met_before: int  # area criteria met in this area
    met_after: int
    changes: tuple[AreaCriterionChange, ...]  # only the criteria whose answer or result changed


def area_changes(
    *, before: Sequence[AreaCriterionState], after: Sequence[AreaCriterionState]
) -> list[AreaChanges]:
    """Per service area of either side, in the catalog's order: how many area criteria it meets
    on each side, and each criterion whose status or result differs."""
    areas: dict[str, str] = {}
    criteria: dict[str, str] = {}
    for row in sorted((*after, *before), key=lambda r: r.order):
        areas.setdefault(row.area_code, row.area_name)
    for row in sorted((*after, *before), key=lambda r: r.order[1]):
        criteria.setdefault(row.criterion_code, row.criterion_title)
    old = {(r.area_code, r.criterion_code): r for r in before}
    new = {(r.area_code, r.criterion_code): r for r in after}
    result = []
    for area, name in areas.items():
        changes = []
        for code, title in criteria.items():
            was, now = old.get((area, code)), new.get((area, code))
            if was is None and now is None:
                continue
            status_before = was.status if was is not None else None
            status_after = now.status if now is not None else None
            met_before = was is not None and was.met
            met_after = now is not None and now.met
            if (status_before, met_before) != (status_after, met_after):
                changes.append(
                    AreaCriterionChange(
                        code, title, status_before, status_after, met_before, met_after
                    )
                )
        result.append(
            AreaChanges(
                code=area,
                name=name,
                in_before=any(r.area_code == area for r in before),
                in_after=any(r.area_code == area for r in after),
                met_before=sum(1 for r in before if r.area_code == area and r.met),
                met_after=sum(1 for r in after if r.area_code == area and r.met),
                changes=tuple(changes),
            )
        )
    return result


@dataclass(frozen=True)
class AnswerState:
    criterion_code: str
    criterion_title: str
    area_code: str | None  # None: an answer for the whole organization
    area_name: str
    status: str
    comment: str
    order: tuple[int, int] = (0, 0)  # the criterion's and the area's place in the catalog


@dataclass(frozen=True)
class AnswerChange:
    criterion_code: str
    criterion_title: str
    area_name: str
    before: AnswerState | None  # None: not answered in the earlier assessment
    after: AnswerState | None

    @property
    def status_changed(self) -> bool:
        return _status(self.before) != _status(self.after)

    @property
    def comment_changed(self) -> bool:
        return _comment(self.before) != _comment(self.after)


def _status(answer: AnswerState | None) -> str | None:
    return None if answer is None else answer.status


def _comment(answer: AnswerState | None) -> str:
    return "" if answer is None else answer.comment.strip()


def answer_changes(
    *, before: Sequence[AnswerState], after: Sequence[AnswerState]
) -> list[AnswerChange]:
    """Every answer whose status or comment differs (surrounding white space aside), or that only
    one side has, in the catalog's order (criteria, then areas)."""
    old = {(a.criterion_code, a.area_code): a for a in before}
    new = {(a.criterion_code, a.area_code): a for a in after}
    changes = []
    for either in sorted({**old, **new}.values(), key=lambda a: a.order):
        key = (either.criterion_code, either.area_code)
        was, now = old.get(key), new.get(key)
        change = AnswerChange(
            either.criterion_code, either.criterion_title, either.area_name, was, now
        )
        if change.status_changed or change.comment_changed:
            changes.append(change)
    return changes
