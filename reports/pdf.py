"""The PDF scorecard, rendered by WeasyPrint from templates/reports/scorecard.html.

`scorecard_pdf(assessment, now=...)` is the one entry point (the download view, the
`render_scorecard` command and the bulk export call it). The PDF is A4, tagged for accessibility
(PDF/UA-1: structure tags, title, language; WeasyPrint embeds the DejaVu font subsets it uses),
with its title, author, subject and language as metadata and, on every page, a header and a
footer: organization, catalog version, generation time, document id and "page N of M".
"""

from __future__ import annotations

import base64
import functools
import re
import threading
from datetime import datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from assessments.models import Assessment, Organization
from reports.pdf_tags import header_scopes
from reports.scorecard import Scorecard, scorecard_load

STYLESHEET = "reports/scorecard.css"
TEMPLATE = "reports/scorecard.html"
PDF_VARIANT = "pdf/ua-1"


_local = threading.local()


def _font_config() -> FontConfiguration:
    """One font configuration per thread, reused by every scorecard it renders: building it
    (fontconfig's font list) is a good part of a scorecard's time, and a bulk export renders many.
    Per thread, not per process, because fontconfig objects are not safe to share across threads
    (runserver serves requests in threads)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


@functools.cache
def _stylesheet_path() -> str:
    path = finders.find(STYLESHEET)
    if not isinstance(path, str):
        raise FileNotFoundError(STYLESHEET)
    return path


def _stylesheet() -> CSS:
    """The print stylesheet, parsed once per thread (with that thread's font configuration)."""
    sheet = getattr(_local, "stylesheet", None)
    if sheet is None:
        sheet = _local.stylesheet = CSS(filename=_stylesheet_path(), font_config=_font_config())
    return sheet


def _no_fetcher() -> URLFetcher:
    # The scorecard needs no external resource (the heat map is a data: URL); refusing every other
    # URL keeps text typed by users from ever making the renderer fetch anything.
    return URLFetcher(allowed_protocols=("data",))


def heatmap_src(scorecard: Scorecard) -> str:
    """The heat map drawn by the web page's SVG template, as a data: URL."""
    svg = render_to_string("charts/heatmap.svg", {"heatmap": scorecard.heatmap, "for_pdf": True})
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def css_string(text: str) -> str:
    """A CSS string literal for any text: every character but ASCII letters and digits is
    escaped, so that no quote, backslash or newline can end the string. (The space after each
    escape ends it and is not part of the text.)"""
    escaped = "".join(
        char if char.isascii() and char.isalnum() else f"\\{ord(char):06x} " for char in text
    )
    return f'"{escaped}"'


def _page_counter_css() -> str:
    """The translated "Page N of M" as CSS content: strings around the two page counters."""
    pattern = _("Page %(page)s of %(pages)s")
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", pattern):
        if piece == "%(page)s":
            parts.append("counter(page)")
        elif piece == "%(pages)s":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def generated_label(now: datetime) -> str:
    """`now` as the footers show it: in the current time zone (the site's, TIME_ZONE; an
    organization has none of its own), written as the active language writes a date and time
    (its DATETIME_FORMAT), then the zone's name: "April 2, 2026, 2:05 p.m. UTC",
    "2. April 2026 14:05 UTC", "2 avril 2026 14:05 UTC"."""
    local = timezone.localtime(now)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {date_format(local, 'T')}"


def margin_texts(scorecard: Scorecard) -> tuple[str, str, str]:
    """The text of the top-left, top-right and bottom-left margin boxes of every page (the
    bottom-right one holds "Page N of M")."""
    footer = _("Generated %(when)s · %(document)s") % {
        "when": generated_label(scorecard.now),
        "document": scorecard.document_id,
    }
    catalog = _("Catalog: %(name)s") % {"name": scorecard.catalog.name}
    return scorecard.organization.name, catalog, footer


def margin_css(scorecard: Scorecard) -> str:
    """The @page margin boxes' text for this scorecard (the styling is in scorecard.css)."""
    organization, catalog, footer = margin_texts(scorecard)
    return (
        "@page {"
        f" @top-left {{ content: {css_string(organization)}; }}"
        f" @top-right {{ content: {css_string(catalog)}; }}"
        f" @bottom-left {{ content: {css_string(footer)}; }}"
        f" @bottom-right {{ content: {_page_counter_css()}; }}"
        " }"
    )


def pdf_title(scorecard: Scorecard) -> str:
    return _("DIAM scorecard: %(organization)s — %(title)s") % {
        "organization": scorecard.organization.name,
        "title": scorecard.assessment.title,
    }


def pdf_subject(scorecard: Scorecard) -> str:
    return _("%(label)s %(stage)d in the %(catalog)s; document %(document)s") % {
        "label": scorecard.badge_label,
        "stage": scorecard.badge_stage,
        "catalog": scorecard.catalog.name,
        "document": scorecard.document_id,
    }


def scorecard_html(scorecard: Scorecard) -> str:
    return render_to_string(
        TEMPLATE,
        {
            "sc": scorecard,
            "heatmap_src": "" if scorecard.heatmap.is_empty else heatmap_src(scorecard),
            "language": get_language() or "en",
            "pdf_title": pdf_title(scorecard),
            "pdf_subject": pdf_subject(scorecard),
            "created_iso": scorecard.now.isoformat(timespec="seconds"),
        },
    )


def pdf_render(html: str, *, extra_css: str = "", identifier: str | None = None) -> bytes:
    """HTML to a tagged A4 PDF with the scorecard stylesheet, its table header cells scoped
    (reports.pdf_tags)."""
    stylesheets = [_stylesheet()]
    if extra_css:
        stylesheets.append(CSS(string=extra_css, font_config=_font_config()))
    pdf = HTML(string=html, url_fetcher=_no_fetcher()).write_pdf(
        stylesheets=stylesheets,
        font_config=_font_config(),
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        pdf_identifier=identifier.encode() if identifier else None,
        finisher=header_scopes,
    )
    assert pdf is not None  # no target: write_pdf returns the bytes
    return pdf


def scorecard_language(organization: Organization, requested: str | None = None) -> str:
    """The scorecard's language: the one requested when the site offers it, else the
    organization's, else the site's default."""
    offered = {code for code, _name in settings.LANGUAGES}
    for language in (requested, organization.language):
        if language in offered:
            return language
    return settings.LANGUAGE_CODE


def scorecard_pdf(
    assessment: Assessment,
    *,
    now: datetime,
    show_findings: bool | None = None,
    language: str | None = None,
) -> bytes:
    """The scorecard of `assessment` as PDF bytes, generated as of `now`, in `language` (an
    offered one), else the organization's (`scorecard_language`). `show_findings` as in
    `scorecard_load`: None (no reader) shows the assessor's findings as the organization sees
    them, once the assessment is validated."""
    with translation.override(scorecard_language(assessment.organization, language)):
        scorecard = scorecard_load(assessment, now=now, show_findings=show_findings)
        return pdf_render(
            scorecard_html(scorecard),
            extra_css=margin_css(scorecard),
            identifier=scorecard.document_id,
        )


def scorecard_filename(assessment: Assessment) -> str:
    """ "diam-scorecard-<organization slug>-<id>.pdf" (the download's and the ZIP's file name)."""
    return f"diam-scorecard-{assessment.organization.slug}-{assessment.pk}.pdf"
