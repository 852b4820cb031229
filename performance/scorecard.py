"""Benchmark of the PDF scorecard, printed by `make bench`."""

from __future__ import annotations

from collections.abc import Iterator

from performance.measure import Figure, median_seconds

BASELINE_HTML = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head>'
    "<body><h1>A heading</h1><p>A paragraph of text, rendered with the same stylesheet and "
    "options as the scorecard.</p></body></html>"
)


def scorecard_figures(*, repeat: int = 7) -> Iterator[Figure]:
    """Median time to render the scorecard of a validated assessment with 15 active areas (every
    answer given, some not accepted), after one warm-up, against a one-page PDF with a heading
    and a paragraph rendered in the same process with the same stylesheet and PDF options.
    The data is created in a transaction that is rolled back: nothing stays in the database."""
    from django.db import transaction
    from django.utils import timezone

    from performance.data import bench_assessments
    from reports.pdf import pdf_render, scorecard_pdf

    with transaction.atomic():
        assessment = bench_assessments(
            count=1, label="scorecard-bench", validated=True, seed=11
        ).assessments[0]
        now = timezone.now()
        pdf = scorecard_pdf(assessment, now=now)  # warm-up
        pdf_render(BASELINE_HTML)
        scorecard = median_seconds(lambda: scorecard_pdf(assessment, now=now), repeat=repeat)
        baseline = median_seconds(lambda: pdf_render(BASELINE_HTML), repeat=repeat)
        transaction.set_rollback(True)
    yield Figure("scorecard PDF (15 areas): size", len(pdf) / 1024, "KiB")
    yield Figure("scorecard PDF (15 areas): median render time", scorecard * 1000, "ms", "<= 1,000")
    yield Figure("scorecard PDF: one-page baseline, median", baseline * 1000, "ms")
    yield Figure("scorecard PDF: ratio scorecard / one page", scorecard / baseline, "x", "<= 4")
