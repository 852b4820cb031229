"""Table header scopes in the tagged PDF, which WeasyPrint (70) does not write.

WeasyPrint tags a `<th>` as a /TH structure element and gives its data cells (/TD) /Headers that
point at it, but writes no /Scope on the header cell itself, so a PDF/UA checker (and some
screen readers) cannot tell a column header from a row header. `header_scopes` adds it, as a
`write_pdf` finisher: it runs on WeasyPrint's in-memory PDF just before it is written, so the
PDF is neither parsed nor written twice.

The scope follows from where the header cell is, as in our templates (`<thead>` cells are
`scope="col"`, a `<th>` leading a body row is `scope="row"`): a /TH in the table's head, or in a
row of header cells only, heads its column; a /TH in a body row beside data cells heads its row.
"""

from __future__ import annotations

import pydyf
from weasyprint.document import Document


def _element(pdf: pydyf.PDF, reference: object) -> pydyf.Dictionary | None:
    """The structure element behind a reference ("N 0 R") of WeasyPrint's structure tree."""
    if not isinstance(reference, bytes):
        return None  # a marked-content id, not an element
    element = pdf.objects[int(reference.split()[0])]
    return element if isinstance(element, pydyf.Dictionary) else None


def header_scopes(_document: Document, pdf: pydyf.PDF) -> None:
    """Set /Scope /Column or /Row on every /TH of the structure tree (a `write_pdf` finisher)."""
    rows = [
        element
        for element in pdf.objects
        if isinstance(element, pydyf.Dictionary) and element.get("S") == "/TR"
    ]
    for row in rows:
        cells = [cell for cell in (_element(pdf, kid) for kid in row["K"]) if cell is not None]
        group = _element(pdf, row["P"])
        in_head = group is not None and group.get("S") == "/THead"
        beside_data = any(cell.get("S") == "/TD" for cell in cells)
        scope = "/Row" if beside_data and not in_head else "/Column"
        for cell in cells:
            if cell.get("S") == "/TH":
                cell.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope
