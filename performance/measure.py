"""Benchmarks printed by `make bench`: figures, medians and ratios measured in the same run."""

import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assessments import engine

STATUSES = ("met", "met", "met", "partial", "not_met", "na")
ENTERPRISE_STATUSES = ("met", "met", "met", "partial", "not_met")


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    goal: str = ""

    def line(self) -> str:
        goal = f"   (goal: {self.goal})" if self.goal else ""
        return f"{self.name:<52} {self.value:>12,.3f} {self.unit}{goal}"


def median_seconds(func: Callable[[], object], *, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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


def engine_figures(
    rules: engine.Catalog, area_codes: list[str], count: int = 2000
) -> Iterator[Figure]:
    areas = [engine.Area(code, 1000 * (i + 1)) for i, code in enumerate(area_codes)]
    batch = synthetic_assessments(rules, areas, count)

    def score_all() -> None:
        for answers in batch:
            engine.score(rules, areas, answers)

    def read_all() -> None:
        # Baseline: read every answer once, as any scoring must.
        seen = 0
        for answers in batch:
            for answer in answers:
                if answer.status == "met" and answer.area is not None and answer.criterion:
                    seen += 1

    score_all()  # warm-up
    scored = median_seconds(score_all, repeat=7)
    baseline = median_seconds(read_all, repeat=7)
    answers_each = len(batch[0])
    yield Figure(f"engine: answers per assessment ({len(areas)} areas)", answers_each, "answers")
    yield Figure("engine: assessments scored per second", count / scored, "/s", ">= 5,000")
    yield Figure("engine: median time per assessment", scored / count * 1e6, "µs")
    yield Figure(
        "engine: baseline (read the answers once) per assessment", baseline / count * 1e6, "µs"
    )
    yield Figure("engine: ratio score / baseline", scored / baseline, "x", "<= 5")


def section_page_figures(*, repeat: int = 30) -> Iterator[Figure]:
    """Server time of a section page with 15 active areas (every answer given), through the test
    client, against a plain view returning the same HTML from a string. Runs in a transaction
    that is rolled back: nothing stays in the database."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from performance import urls as bench_urls

    settings = {"ROOT_URLCONF": "performance.urls", "ALLOWED_HOSTS": ["testserver"]}
    with transaction.atomic(), override_settings(**settings):
        from django.urls import reverse

        from performance.data import bench_assessments

        data = bench_assessments(count=1, label="section-bench", validated=False, seed=7)
        user = data.lead
        url = reverse("assessment_section", args=[data.assessments[0].pk, "stage-1"])
        client = Client()
        client.force_login(user)
        response = client.get(url)  # warm-up, and the HTML the baseline returns
        assert response.status_code == 200, response.status_code
        bench_urls.BASELINE_HTML = response.content
        assert client.get(bench_urls.BASELINE_URL).content == response.content
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)
        page = median_seconds(lambda: client.get(url), repeat=repeat)
        baseline = median_seconds(lambda: client.get(bench_urls.BASELINE_URL), repeat=repeat)
        transaction.set_rollback(True)
    yield Figure("section page (15 areas): queries", query_count, "queries", "<= 15")
    yield Figure("section page (15 areas): median server time", page * 1000, "ms")
    yield Figure("section page: plain view, same HTML: median", baseline * 1000, "ms")
    yield Figure("section page: ratio page / plain view", page / baseline, "x", "<= 3")
