"""Benchmark of the PDF scorecard against plain WeasyPrint: the scorecard's own text, page by
page, laid out in plain paragraphs on as many A4 pages, with the same PDF options (PDF/UA-1,
tagged), so the ratio is the cost of the scorecard's templates, layout, heat map and styles."""

import html
import io
from collections.abc import Iterator

from django.utils import timezone
from weasyprint import CSS, HTML

from performance.data import bench_assessments
from performance.measure import Figure, at_most, paired_medians
from reports.pdf import PDF_VARIANT, scorecard_pdf

PLAIN_CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: %(size)spt; line-height: 1.2; }
p { margin: 0 0 0.2em; }
section { break-after: page; }
section:last-child { break-after: auto; }
"""


def pdf_pages_text(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def plain_html(pages: list[str], *, lines_per_paragraph: int = 4) -> str:
    """Each page's text in paragraphs (its lines joined, four to a paragraph), a page each."""
    sections = []
    for text in pages:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        paragraphs = [
            " ".join(lines[i : i + lines_per_paragraph])
            for i in range(0, len(lines), lines_per_paragraph)
        ]
        sections.append("<section>" + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))
    body = "</section>".join(sections) + "</section>"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Plain</title>'
        f"</head><body>{body}</body></html>"
    )


def plain_render(document: str, stylesheet: CSS) -> bytes:
    pdf = HTML(string=document).write_pdf(
        stylesheets=[stylesheet], pdf_variant=PDF_VARIANT, pdf_tags=True
    )
    assert pdf is not None
    return pdf


def scorecard_figures(*, repeat: int = 7) -> Iterator[Figure]:
    """The scorecard of a validated assessment with 15 active areas (every answer given, some
    not accepted) against its text in plain paragraphs, rendered in turns."""
    assessment = bench_assessments(
        count=1, label="scorecard-bench", validated=True, seed=11
    ).assessments[0]
    now = timezone.now()
    pdf = scorecard_pdf(assessment, now=now)
    pages = pdf_pages_text(pdf)
    document = plain_html(pages)
    # The largest font size (of the scorecard's sizes) that keeps each page's text on one page.
    for size in (10, 9, 8, 7, 6):
        stylesheet = CSS(string=PLAIN_CSS % {"size": size})
        plain_pages = len(pdf_pages_text(plain_render(document, stylesheet)))
        if plain_pages == len(pages):
            break
    seconds, base = paired_medians(
        lambda: scorecard_pdf(assessment, now=now),
        lambda: plain_render(document, stylesheet),
        repeat=repeat,
    )
    characters = sum(len(text) for text in pages)
    yield Figure(
        f"scorecard PDF (15 areas): {len(pages)} pages, {characters:,} characters",
        len(pdf) / 1024,
        "KiB",
    )
    yield Figure("scorecard PDF: median render time", seconds * 1000, "ms")
    yield Figure(
        f"scorecard PDF: plain WeasyPrint, same text, {plain_pages} A4 pages ({size} pt)",
        base * 1000,
        "ms",
    )
    yield at_most("scorecard PDF: ratio scorecard / plain WeasyPrint", seconds / base, "x", 1.15)
