"""The heat map: the pure layout builder and its SVG template (no database)."""

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from assessments.heatmap import Heatmap, abbreviate, heatmap_build

SVG = "{http://www.w3.org/2000/svg}"
CRITERIA = [("1.1", "Systems installed"), ("2.1", "Links in the EMR")]
AREAS = [
    ("radiology", "Radiology"),
    ("cardiology", "Cardiology"),
    ("pocus", "Point-of-care ultrasound"),
]
STATUSES = {
    ("1.1", "radiology"): "met",
    ("1.1", "cardiology"): "partial",
    ("2.1", "radiology"): "not_met",
    ("2.1", "pocus"): "na",
}


def known_heatmap() -> Heatmap:
    return heatmap_build(criteria=CRITERIA, areas=AREAS, statuses=STATUSES)


def test_heatmap_build_has_one_cell_per_criterion_and_area_in_order() -> None:
    heatmap = known_heatmap()

    assert [(c.row_code, c.column_code, c.status) for c in heatmap.cells] == [
        ("1.1", "radiology", "met"),
        ("1.1", "cardiology", "partial"),
        ("1.1", "pocus", "unanswered"),
        ("2.1", "radiology", "not_met"),
        ("2.1", "cardiology", "unanswered"),
        ("2.1", "pocus", "na"),
    ]


def test_heatmap_build_positions_cells_on_a_grid() -> None:
    heatmap = known_heatmap()

    assert [(c.x, c.y, c.width, c.height) for c in heatmap.cells] == [
        (39, 117, 44, 28),
        (85, 117, 44, 28),
        (131, 117, 44, 28),
        (39, 147, 44, 28),
        (85, 147, 44, 28),
        (131, 147, 44, 28),
    ]
    assert [(r.code, r.label_x, r.label_y) for r in heatmap.rows] == [
        ("1.1", 31, 135),
        ("2.1", 31, 165),
    ]


def test_heatmap_build_colours_and_symbols_per_status() -> None:
    heatmap = known_heatmap()

    assert {c.status: (c.fill, c.text_fill, c.symbol) for c in heatmap.cells} == {
        "met": ("#0072B2", "#FFFFFF", "✓"),
        "partial": ("#56B4E9", "#000000", "½"),
        "not_met": ("#E69F00", "#000000", "✗"),
        "na": ("#DDDDDD", "#000000", "–"),
        "unanswered": ("#FFFFFF", "#495057", "?"),
    }


def test_heatmap_build_labels_name_criterion_area_and_status() -> None:
    heatmap = known_heatmap()

    assert [c.label for c in heatmap.cells] == [
        "1.1 · Radiology: Met",
        "1.1 · Cardiology: Partially met",
        "1.1 · Point-of-care ultrasound: Not answered",
        "2.1 · Radiology: Not met",
        "2.1 · Cardiology: Not answered",
        "2.1 · Point-of-care ultrasound: Not applicable",
    ]


def test_heatmap_build_dimensions() -> None:
    heatmap = known_heatmap()

    assert (heatmap.width, heatmap.height, heatmap.grid_x, heatmap.grid_y) == (281, 243, 39, 117)


def test_heatmap_build_columns_abbreviate_long_names_and_rotate() -> None:
    heatmap = known_heatmap()

    assert [(c.name, c.short, c.transform) for c in heatmap.columns] == [
        ("Radiology", "Radiology", "rotate(-45 61 111)"),
        ("Cardiology", "Cardiology", "rotate(-45 107 111)"),
        ("Point-of-care ultrasound", "Point-of-care ultra…", "rotate(-45 153 111)"),
    ]


def test_heatmap_build_legend_lists_every_status_with_its_count() -> None:
    heatmap = known_heatmap()

    assert [(i.status, i.label, i.symbol, i.count) for i in heatmap.legend] == [
        ("met", "Met", "✓", 1),
        ("partial", "Partially met", "½", 1),
        ("not_met", "Not met", "✗", 1),
        ("na", "Not applicable", "–", 1),
        ("unanswered", "Not answered", "?", 2),
    ]


def test_heatmap_build_description_summarizes_the_cells() -> None:
    heatmap = known_heatmap()

    assert heatmap.description == (
        "Rows: 2 criteria answered per service area. Columns: 3 active service areas. "
        "Cells: Met: 1, Partially met: 1, Not met: 1, Not applicable: 1, Not answered: 2."
    )


def test_heatmap_build_without_areas_is_empty() -> None:
    heatmap = heatmap_build(criteria=CRITERIA, areas=[], statuses={})

    assert (heatmap.is_empty, heatmap.cells) == (True, [])


def test_heatmap_build_unknown_status_raises() -> None:
    with pytest.raises(ValueError, match=r"unknown status 'maybe' for 1\.1 / radiology"):
        heatmap_build(
            criteria=CRITERIA[:1], areas=AREAS[:1], statuses={("1.1", "radiology"): "maybe"}
        )


def test_abbreviate_keeps_short_text_and_cuts_long_text() -> None:
    assert (abbreviate("Radiology"), abbreviate("Ear, nose and throat and more", 10)) == (
        "Radiology",
        "Ear, nose…",
    )


def render_svg(heatmap: Heatmap) -> ET.Element:
    return ET.fromstring(render_to_string("charts/heatmap.svg", {"heatmap": heatmap}).strip())


def test_heatmap_svg_is_well_formed_with_accessible_name() -> None:
    root = render_svg(known_heatmap())

    assert (root.tag, root.get("role"), root.get("aria-labelledby")) == (
        f"{SVG}svg",
        "img",
        "heatmap-title heatmap-desc",
    )
    assert (root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text) == (  # type: ignore[union-attr]
        "Answers by criterion and service area",
        known_heatmap().description,
    )
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "281",
        "243",
        "0 0 281 243",
    )


def test_heatmap_svg_has_one_cell_with_a_title_per_slot() -> None:
    root = render_svg(known_heatmap())

    cells = root.findall(f".//{SVG}g[@class='heatmap-cell']")
    assert [(c.get("data-status"), c.find(f"{SVG}title").text) for c in cells] == [  # type: ignore[union-attr]
        ("met", "1.1 · Radiology: Met"),
        ("partial", "1.1 · Cardiology: Partially met"),
        ("unanswered", "1.1 · Point-of-care ultrasound: Not answered"),
        ("not_met", "2.1 · Radiology: Not met"),
        ("unanswered", "2.1 · Cardiology: Not answered"),
        ("na", "2.1 · Point-of-care ultrasound: Not applicable"),
    ]
    assert [c.find(f"{SVG}rect").get("fill") for c in cells] == [  # type: ignore[union-attr]
        "#0072B2",
        "#56B4E9",
        "#FFFFFF",
        "#E69F00",
        "#FFFFFF",
        "#DDDDDD",
    ]
    assert [c.find(f"{SVG}text").text for c in cells] == ["✓", "½", "?", "✗", "?", "–"]  # type: ignore[union-attr]


def test_heatmap_svg_labels_rows_and_columns() -> None:
    root = render_svg(known_heatmap())

    columns = root.findall(f"{SVG}g[@class='heatmap-columns']/{SVG}text")
    rows = root.findall(f"{SVG}g[@class='heatmap-rows']/{SVG}text")
    assert [("".join(t.itertext()), t.get("transform")) for t in columns] == [
        ("RadiologyRadiology", "rotate(-45 61 111)"),
        ("CardiologyCardiology", "rotate(-45 107 111)"),
        ("Point-of-care ultrasoundPoint-of-care ultra…", "rotate(-45 153 111)"),
    ]
    assert [t.find(f"{SVG}title").text for t in rows] == [  # type: ignore[union-attr]
        "1.1 Systems installed",
        "2.1 Links in the EMR",
    ]


def test_heatmap_svg_has_no_style_or_script() -> None:
    root = render_svg(known_heatmap())

    elements = list(root.iter())
    assert [e.tag for e in elements if e.tag in {f"{SVG}style", f"{SVG}script"}] == []
    assert [e.tag for e in elements if "style" in e.attrib or "onclick" in e.attrib] == []


def test_heatmap_svg_escapes_names() -> None:
    heatmap = heatmap_build(
        criteria=[("1.1", "A <b> & C")], areas=[("ent", "Ear, nose & throat")], statuses={}
    )

    root = render_svg(heatmap)

    cell = root.find(f".//{SVG}g[@class='heatmap-cell']/{SVG}title")
    assert cell.text == "1.1 · Ear, nose & throat: Not answered"  # type: ignore[union-attr]
