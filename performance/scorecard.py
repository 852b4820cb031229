"""Benchmark of the PDF scorecard against plain WeasyPrint on a plain document of the same text.

The plain document (`plain_html`) is the scorecard's own HTML stripped to plain HTML: one
`<section>` per scorecard sheet (a page break after each), its headings, paragraphs and list
items as they are, every table with the same rows and cells as a simple `<table>` (nested
tables stay nested), the heat map image replaced by a simple table of its rows (criterion code
and one symbol per service area) and its legend as a paragraph, and each sheet's page header and
footer (organization, catalog, generation time and document id, "Page N of M") as paragraphs at
its top and bottom. No class, no attribute, no stylesheet beyond the page size (A4, 2 cm margins),
one font family (the scorecard's DejaVu Sans) and the one font size that keeps it on as many
pages as the scorecard. Both are written with the same PDF options (PDF/UA-1, tagged). The ratio
is then the cost of what the scorecard adds to the same text and tables: its styles (borders,
backgrounds, fixed column widths), page-margin boxes with page counters, the heat map drawn as
SVG, and the work of building it from the database and templates.
"""

import html
import io
from collections.abc import Iterator
from html.parser import HTMLParser

from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML

from assessments.heatmap import Heatmap
from performance.data import bench_assessments
from performance.measure import Figure, at_most, paired_medians
from reports.pdf import PDF_VARIANT, margin_texts, scorecard_html, scorecard_pdf
from reports.scorecard import scorecard_load

PLAIN_CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: %(size)spt; }
section { break-after: page; }
section:last-child { break-after: auto; }
"""
# Largest first: the plain document takes the largest that keeps it on the scorecard's pages.
PLAIN_SIZES = (12, 11, 10, 9.5, 9, 8, 7, 6)

# Elements kept (without attributes); the text of every other element is kept, its tag is not.
KEPT = frozenset(
    [
        "section",
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "li",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
)
AS_PARAGRAPH = {"figcaption": "p"}


def pdf_pages_text(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def heatmap_table(heatmap: Heatmap) -> str:
    """The heat map's text as a simple table (a header row of the service areas, a row per
    criterion) and its legend as a paragraph."""
    head = "<tr><th></th>" + "".join(
        f"<th>{html.escape(column.short)}</th>" for column in heatmap.columns
    )
    rows = "".join(
        f"<tr><th>{html.escape(row.code)}</th>"
        + "".join(f"<td>{html.escape(cell.symbol)}</td>" for cell in row.cells)
        + "</tr>"
        for row in heatmap.rows
    )
    legend = " ".join(f"{item.symbol} {item.label}" for item in heatmap.legend)
    return f"<table>{head}</tr>{rows}</table><p>{html.escape(legend)}</p>"


class _PlainDocument(HTMLParser):
    def __init__(self, *, image: str, header: str, footer: str, pages: int) -> None:
        super().__init__(convert_charrefs=True)
        self.image, self.header, self.footer, self.pages = image, header, footer, pages
        self.parts: list[str] = []
        self.in_body = False
        self.section = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        elif not self.in_body:
            return
        elif tag == "section":
            self.section += 1
            self.parts.append(f"<section><p>{html.escape(self.header)}</p>")
        elif tag in KEPT:
            self.parts.append(f"<{tag}>")
        elif tag in AS_PARAGRAPH:
            self.parts.append(f"<{AS_PARAGRAPH[tag]}>")
        elif tag == "img":
            self.parts.append(self.image)
        elif tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "body":
            self.in_body = False
        elif not self.in_body:
            return
        elif tag == "section":
            page = _("Page %(page)s of %(pages)s") % {"page": self.section, "pages": self.pages}
            self.parts.append(f"<p>{html.escape(self.footer)} {html.escape(page)}</p></section>")
        elif tag in KEPT:
            self.parts.append(f"</{tag}>")
        elif tag in AS_PARAGRAPH:
            self.parts.append(f"</{AS_PARAGRAPH[tag]}>")

    def handle_data(self, data: str) -> None:
        if self.in_body:
            self.parts.append(html.escape(data))


def plain_html(
    scorecard_document: str, *, image: str = "", header: str = "", footer: str = ""
) -> str:
    """The scorecard's HTML as a plain document (see the module's docstring): `image` replaces
    the heat map image, `header` and `footer` open and close each sheet."""
    pages = scorecard_document.count("<section")
    parser = _PlainDocument(image=image, header=header, footer=footer, pages=pages)
    parser.feed(scorecard_document)
    parser.close()
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Plain</title>'
        f"</head><body>{''.join(parser.parts)}</body></html>"
    )


def plain_render(document: str, stylesheet: CSS) -> bytes:
    pdf = HTML(string=document).write_pdf(
        stylesheets=[stylesheet], pdf_variant=PDF_VARIANT, pdf_tags=True
    )
    assert pdf is not None
    return pdf


def scorecard_figures(*, repeat: int = 15) -> Iterator[Figure]:
    """The scorecard of a validated assessment with 15 active areas (every answer given, some
    not accepted) against a plain document of its text and tables, rendered in turns (15 pairs:
    with 7 the ratio moved by ±0.05 from run to run on this 2-core machine)."""
    assessment = bench_assessments(
        count=1, label="scorecard-bench", validated=True, seed=11
    ).assessments[0]
    now = timezone.now()
    pdf = scorecard_pdf(assessment, now=now)
    pages = pdf_pages_text(pdf)
    scorecard = scorecard_load(assessment, now=now)
    organization, catalog, footer = margin_texts(scorecard)
    document = plain_html(
        scorecard_html(scorecard),
        image="" if scorecard.heatmap.is_empty else heatmap_table(scorecard.heatmap),
        header=f"{organization} {catalog}",
        footer=footer,
    )
    for size in PLAIN_SIZES:
        stylesheet = CSS(string=PLAIN_CSS % {"size": size})
        plain_pdf = plain_render(document, stylesheet)
        plain_pages = pdf_pages_text(plain_pdf)
        if len(plain_pages) == len(pages):
            break
    seconds, base = paired_medians(
        lambda: scorecard_pdf(assessment, now=now),
        lambda: plain_render(document, stylesheet),
        repeat=repeat,
    )
    characters = sum(len(text) for text in pages)
    plain_characters = sum(len(text) for text in plain_pages)
    yield Figure(
        f"scorecard PDF (15 areas): {len(pages)} pages, {characters:,} characters",
        len(pdf) / 1024,
        "KiB",
    )
    yield Figure("scorecard PDF: median render time", seconds * 1000, "ms")
    yield Figure(
        f"scorecard PDF: plain WeasyPrint, same text and table rows as plain HTML "
        f"({plain_characters:,} characters), {len(plain_pages)} A4 pages ({size} pt)",
        base * 1000,
        "ms",
    )
    yield at_most("scorecard PDF: ratio scorecard / plain WeasyPrint", seconds / base, "x", 1.15)
