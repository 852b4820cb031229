from criteria.models import CatalogVersion
from performance.scorecard import plain_html, scorecard_figures

SCORECARD = (
    '<html><head><title>T</title></head><body><section class="sheet"><h2 id="x">Title</h2>'
    '<p class="note">A <strong>b</strong><br>c</p>'
    '<table class="criteria"><colgroup><col></colgroup>'
    '<tr class="is-met"><th scope="row">1.1</th><td><span class="title">Met</span></td></tr>'
    '</table><figure><img src="data:x" alt="map"><figcaption>Cells</figcaption></figure>'
    "</section></body></html>"
)


def test_plain_html_keeps_text_and_table_rows_without_attributes() -> None:
    document = plain_html(
        SCORECARD, image="<table><tr><td>✓</td></tr></table>", header="H", footer="F"
    )

    body = document.split("<body>")[1].split("</body>")[0]
    assert body == (
        "<section><p>H</p><h2>Title</h2><p>A b c</p><table><tr><th>1.1</th><td>Met</td></tr>"
        "</table><table><tr><td>✓</td></tr></table><p>Cells</p><p>F Page 1 of 1</p></section>"
    )


def test_scorecard_figures_render_the_plain_baseline_on_as_many_pages(
    catalog: CatalogVersion,
) -> None:
    figures = list(scorecard_figures(repeat=1))

    pages = figures[0].name.split(": ")[1].split(" pages")[0]
    assert f"), {pages} A4 pages" in figures[2].name
