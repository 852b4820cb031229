"""The table header cells' /Scope that reports.pdf_tags adds to WeasyPrint's tagged PDF."""

import io

import pikepdf

from reports.pdf import pdf_render

TABLES = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tables</title></head>
<body>
<table>
  <caption>Areas</caption>
  <thead><tr><th scope="col">Criterion</th><th scope="col">Radiology</th></tr></thead>
  <tbody>
    <tr><th scope="row">1.1</th><td>Met</td></tr>
    <tr><th scope="row">1.2</th><td>Not met</td></tr>
  </tbody>
</table>
<table>
  <tr><th scope="col">Service area</th><th scope="col">Volume</th></tr>
  <tr><td>Radiology</td><td>100000</td></tr>
</table>
</body></html>"""


def header_scopes(pdf: bytes) -> list[tuple[str, str]]:
    """(the row group's role, /Scope) of every /TH of the structure tree, in document order."""
    found = []

    def walk(node: object) -> None:
        if not isinstance(node, pikepdf.Dictionary):
            return
        if node.get("/S") == "/TH":
            found.append((str(node.P.P.S), str(node.A.get("/Scope"))))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid)

    with pikepdf.open(io.BytesIO(pdf)) as document:
        walk(document.Root.StructTreeRoot)
    return found


def test_pdf_render_header_cells_scoped_column_in_head_row_beside_data() -> None:
    pdf = pdf_render(TABLES)

    assert header_scopes(pdf) == [
        ("/THead", "/Column"),
        ("/THead", "/Column"),
        ("/TBody", "/Row"),
        ("/TBody", "/Row"),
        ("/TBody", "/Column"),
        ("/TBody", "/Column"),
    ]
