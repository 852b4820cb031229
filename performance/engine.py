"""Benchmark of the stage engine against the simplest correct engine (reference_engine.py)."""

import random
from collections.abc import Iterator

from assessments import engine
from performance.measure import Figure, paired_medians
from performance.reference_engine import reference_score

STATUSES = ("met", "met", "met", "partial", "not_met", "na")
ENTERPRISE_STATUSES = ("met", "met", "met", "partial", "not_met")


def synthetic_assessments(
    rules: engine.Catalog, areas: list[engine.Area], count: int, seed: int = 2026
) -> list[list[engine.Answer]]:
    """Every criterion answered for every area, with mixed statuses (seeded)."""
    rng = random.Random(seed)
    assessments = []
    for _ in range(count):
        answers = []
        for rule in rules.criteria:
            if rule.scope == engine.AREA:
                answers.extend(
                    engine.Answer(rule.code, rng.choice(STATUSES), area.code) for area in areas
                )
            elif rule.scope == engine.ENTERPRISE:
                answers.append(engine.Answer(rule.code, rng.choice(ENTERPRISE_STATUSES)))
        assessments.append(answers)
    return assessments


def reference_mismatches(
    rules: engine.Catalog, areas: list[engine.Area], batch: list[list[engine.Answer]]
) -> int:
    """How many assessments the engine and the reference engine score differently."""
    wrong = 0
    for answers in batch:
        result = engine.score(rules, areas, answers)
        expected = reference_score(rules, areas, answers)
        met = {code: criterion.met for code, criterion in result.criteria.items()}
        if (result.stage, result.stages, result.groups, met) != (
            expected.stage,
            expected.stages,
            expected.groups,
            expected.met,
        ):
            wrong += 1
    return wrong


def engine_figures(
    rules: engine.Catalog, area_codes: list[str], count: int = 300, repeat: int = 5
) -> Iterator[Figure]:
    areas = [engine.Area(code, 1000 * (i + 1)) for i, code in enumerate(area_codes)]
    batch = synthetic_assessments(rules, areas, count)
    stages = sorted({engine.score(rules, areas, answers).stage for answers in batch})
    wrong = reference_mismatches(rules, areas, batch)
    if wrong:
        raise RuntimeError(f"the engine and the reference engine disagree on {wrong} assessments")

    def score_all() -> None:
        for answers in batch:
            engine.score(rules, areas, answers)

    def reference_all() -> None:
        for answers in batch:
            reference_score(rules, areas, answers)

    scored, reference = paired_medians(score_all, reference_all, repeat=repeat)
    yield Figure(
        f"engine: {count} assessments, {len(areas)} areas, answers each",
        len(batch[0]),
        f"(stages {', '.join(map(str, stages))}; the reference engine agrees on all)",
    )
    yield Figure("engine: assessments scored per second", count / scored, "/s")
    yield Figure("engine: median time per assessment", scored / count * 1e6, "µs")
    yield Figure("engine: reference engine, per assessment", reference / count * 1e6, "µs")
    yield Figure("engine: ratio engine / reference engine", scored / reference, "x")
