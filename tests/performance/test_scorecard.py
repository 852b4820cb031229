from criteria.models import CatalogVersion
from performance.scorecard import plain_html, scorecard_figures


def test_plain_html_keeps_each_page_text_in_paragraphs() -> None:
    document = plain_html(["a\nb\n\nc", "d"], lines_per_paragraph=2)

    assert "<section><p>a b</p><p>c</p></section><section><p>d</p></section>" in document


def test_scorecard_figures_render_the_plain_baseline_on_as_many_pages(
    catalog: CatalogVersion,
) -> None:
    figures = list(scorecard_figures(repeat=1))

    pages = figures[0].name.split(": ")[1].split(" pages")[0]
    assert f"same text, {pages} A4 pages" in figures[2].name
