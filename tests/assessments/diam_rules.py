"""The DIAM catalog of the domain specification as engine rules, and builders that keep tests short.

The table is hard-coded here on purpose: the engine tests must not need the database or the
catalog fixture, and a reader can check these rows against DIAM.md line by line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assessments.engine import Answer, Area, Catalog, CriterionRule

AREA_CODES: tuple[str, ...] = (
    "radiology",
    "nuclear-medicine",
    "cardiology",
    "pathology",
    "endoscopy",
    "ophthalmology",
    "dermatology",
    "radiation-oncology",
    "pocus",
    "obstetrics",
    "surgery",
    "wound-care",
    "dentistry",
    "ent",
    "physical-medicine",
)
GROUPS: tuple[str, ...] = ("A", "B", "C")
STATUSES: tuple[str, ...] = ("met", "partial", "not_met", "na")


def _enterprise(code: str, *, stage: int | None = None, group: str | None = None) -> CriterionRule:
    return CriterionRule(
        code=code, scope="enterprise", kind="answer", required=True, stage=stage, group=group
    )


def _at_least(code: str, *, stage: int | None = None, group: str | None = None) -> CriterionRule:
    return CriterionRule(
        code=code,
        scope="area",
        kind="at_least",
        required=True,
        stage=stage,
        group=group,
        min_areas=2,
    )


# Catalog order is the order of the DIAM.md table.
DIAM_RULES: tuple[CriterionRule, ...] = (
    CriterionRule(code="0.1", scope="baseline", kind="baseline", required=False, stage=0),
    _at_least("1.1", stage=1),
    CriterionRule(code="1.2", scope="area", kind="informational", required=False, stage=1),
    CriterionRule(
        code="2.1",
        scope="area",
        kind="at_least_or_volume",
        required=True,
        stage=2,
        min_areas=3,
        volume_share_percent=80,
    ),
    _enterprise("2.2", stage=2),
    _enterprise("3.1", stage=3),
    _enterprise("3.2", stage=3),
    _at_least("3.3", stage=3),
    _enterprise("3.4", stage=3),
    _enterprise("3.5", stage=3),
    _enterprise("4.1", stage=4),
    _enterprise("4.2", stage=4),
    _enterprise("4.3", stage=4),
    _enterprise("4.4", stage=4),
    _enterprise("4.5", stage=4),
    _enterprise("4.6", stage=4),
    CriterionRule(code="A.1", scope="area", kind="majority", required=True, group="A"),
    _enterprise("A.2", group="A"),
    _enterprise("A.3", group="A"),
    _enterprise("A.4", group="A"),
    _enterprise("B.1", group="B"),
    _enterprise("B.2", group="B"),
    _enterprise("B.3", group="B"),
    _at_least("B.4", group="B"),
    _enterprise("B.5", group="B"),
    _enterprise("C.1", group="C"),
    _enterprise("C.2", group="C"),
    _enterprise("C.3", group="C"),
    _enterprise("C.4", group="C"),
)
RULES_BY_CODE: dict[str, CriterionRule] = {rule.code: rule for rule in DIAM_RULES}
# Every criterion that takes answers (all but the baseline), in catalog order.
ANSWERABLE_CODES: tuple[str, ...] = tuple(r.code for r in DIAM_RULES if r.scope != "baseline")
REQUIRED_CODES: tuple[str, ...] = tuple(r.code for r in DIAM_RULES if r.required)


def diam_catalog(rules: Iterable[CriterionRule] = DIAM_RULES) -> Catalog:
    return Catalog.build(rules)


def rules_for(*codes: str) -> list[CriterionRule]:
    """The DIAM rules with these codes, in the order given (to build small catalogs)."""
    return [RULES_BY_CODE[code] for code in codes]


def stage_codes(up_to: int) -> list[str]:
    """The required criteria of stages 1..up_to, in catalog order."""
    return [
        r.code for r in DIAM_RULES if r.required and r.stage is not None and 1 <= r.stage <= up_to
    ]


def group_codes(group: str) -> list[str]:
    """The required criteria of one group, in catalog order."""
    return [r.code for r in DIAM_RULES if r.required and r.group == group]


def make_areas(*items: str | tuple[str, int | None]) -> list[Area]:
    """Areas from codes (no volume) or (code, annual_volume) pairs."""
    return [Area(item) if isinstance(item, str) else Area(*item) for item in items]


def first_areas(count: int) -> list[Area]:
    """The first `count` catalog areas, without volumes."""
    return make_areas(*AREA_CODES[:count])


def answers_for(codes: Iterable[str], areas: Sequence[Area], status: str = "met") -> list[Answer]:
    """One answer with `status` in every slot of these criteria: once per area for area ones."""
    answers: list[Answer] = []
    for code in codes:
        if RULES_BY_CODE[code].scope == "area":
            answers.extend(Answer(criterion=code, status=status, area=a.code) for a in areas)
        else:
            answers.append(Answer(criterion=code, status=status))
    return answers


def all_met_answers(areas: Sequence[Area], *, except_codes: Iterable[str] = ()) -> list[Answer]:
    """Every answerable criterion (optional 1.2 included) met in every slot, but `except_codes`."""
    skipped = set(except_codes)
    return answers_for([c for c in ANSWERABLE_CODES if c not in skipped], areas)


def area_answers(code: str, statuses: dict[str, str | None]) -> list[Answer]:
    """Answers of one area criterion, area by area; a None status leaves that area unanswered."""
    return [
        Answer(criterion=code, status=status, area=area)
        for area, status in statuses.items()
        if status is not None
    ]
