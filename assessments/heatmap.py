"""The heat map of criteria by service area: pure layout, no Django but gettext.

`heatmap_build` turns criteria, areas and answer statuses into positioned rows, columns, cells
and a legend, so that one SVG template (templates/charts/heatmap.svg) draws it in the page and,
later, in the PDF scorecard. Colour is never the only cue: each cell also carries a symbol.
The palette is Okabe–Ito (readable with the common colour-vision deficiencies).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

UNANSWERED = "unanswered"
# In legend order. Each status: (fill, text colour, symbol); text contrast at least 4.5:1.
STYLES: dict[str, tuple[str, str, str]] = {
    "met": ("#0072B2", "#FFFFFF", "✓"),
    "partial": ("#56B4E9", "#000000", "½"),
    "not_met": ("#E69F00", "#000000", "✗"),
    "na": ("#DDDDDD", "#000000", "–"),
    UNANSWERED: ("#FFFFFF", "#495057", "?"),
}
BORDER = "#6C757D"

CELL_WIDTH = 44
CELL_HEIGHT = 28
GAP = 2
FONT_SIZE = 12
CHAR_WIDTH = 7  # a generous average advance at 12 px, to reserve room for labels
MAX_COLUMN_LABEL = 20  # longer area names are abbreviated; the full name is in a <title>
PADDING = 8
LEGEND_SWATCH = 18
LEGEND_ROW = 26
SIN45 = 0.7072  # column labels are rotated by -45°


def status_labels() -> dict[str, str]:
    return {
        "met": _("Met"),
        "partial": _("Partially met"),
        "not_met": _("Not met"),
        "na": _("Not applicable"),
        UNANSWERED: _("Not answered"),
    }


@dataclass(frozen=True)
class HeatmapCell:
    row_code: str
    column_code: str
    status: str  # one of STYLES
    x: int
    y: int
    width: int
    height: int
    fill: str
    text_fill: str
    symbol: str
    text_x: int
    text_y: int
    status_label: str
    label: str  # "1.1 · Radiology: Met"


@dataclass(frozen=True)
class HeatmapRow:
    code: str
    title: str
    label_x: int
    label_y: int
    cells: tuple[HeatmapCell, ...]


@dataclass(frozen=True)
class HeatmapColumn:
    code: str
    name: str
    short: str  # the name, abbreviated if long
    label_x: int
    label_y: int
    transform: str  # SVG rotate(), a presentation attribute


@dataclass(frozen=True)
class LegendItem:
    status: str
    label: str
    fill: str
    text_fill: str
    symbol: str
    x: int
    y: int
    text_x: int
    text_y: int
    symbol_x: int
    count: int


@dataclass(frozen=True)
class Heatmap:
    rows: tuple[HeatmapRow, ...]
    columns: tuple[HeatmapColumn, ...]
    legend: tuple[LegendItem, ...]
    width: int
    height: int
    title: str
    description: str
    dom_id: str
    border: str = BORDER
    font_size: int = FONT_SIZE
    swatch: int = LEGEND_SWATCH
    grid_x: int = 0
    grid_y: int = 0

    @property
    def cells(self) -> list[HeatmapCell]:
        return [cell for row in self.rows for cell in row.cells]

    @property
    def is_empty(self) -> bool:
        return not self.rows or not self.columns


def abbreviate(text: str, limit: int = MAX_COLUMN_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def heatmap_build(
    *,
    criteria: Sequence[tuple[str, str]],
    areas: Sequence[tuple[str, str]],
    statuses: Mapping[tuple[str, str], str | None],
    title: str | None = None,
    dom_id: str = "heatmap",
) -> Heatmap:
    """Lay out the chart: `criteria` are (code, title) rows, `areas` (code, name) columns, and
    `statuses` maps (criterion code, area code) to an answer status; a missing key (or None)
    is unanswered."""
    labels = status_labels()
    grid_x = PADDING + max((len(code) for code, _title in criteria), default=3) * CHAR_WIDTH + 10
    shorts = [abbreviate(name) for _code, name in areas]
    label_room = round(max((len(s) for s in shorts), default=0) * CHAR_WIDTH * SIN45)
    grid_y = PADDING + label_room + 10
    pitch_x, pitch_y = CELL_WIDTH + GAP, CELL_HEIGHT + GAP

    columns = []
    for index, ((code, name), short) in enumerate(zip(areas, shorts, strict=True)):
        x = grid_x + index * pitch_x + CELL_WIDTH // 2
        y = grid_y - 6
        columns.append(
            HeatmapColumn(
                code=code,
                name=name,
                short=short,
                label_x=x,
                label_y=y,
                transform=f"rotate(-45 {x} {y})",
            )
        )

    counts = dict.fromkeys(STYLES, 0)
    rows = []
    for row_index, (code, criterion_title) in enumerate(criteria):
        y = grid_y + row_index * pitch_y
        cells = []
        for column_index, (area_code, area_name) in enumerate(areas):
            status = statuses.get((code, area_code)) or UNANSWERED
            if status not in STYLES:
                raise ValueError(f"unknown status {status!r} for {code} / {area_code}")
            counts[status] += 1
            fill, text_fill, symbol = STYLES[status]
            x = grid_x + column_index * pitch_x
            cells.append(
                HeatmapCell(
                    row_code=code,
                    column_code=area_code,
                    status=status,
                    x=x,
                    y=y,
                    width=CELL_WIDTH,
                    height=CELL_HEIGHT,
                    fill=fill,
                    text_fill=text_fill,
                    symbol=symbol,
                    text_x=x + CELL_WIDTH // 2,
                    text_y=y + CELL_HEIGHT // 2 + FONT_SIZE // 3,
                    status_label=labels[status],
                    label=f"{code} · {area_name}: {labels[status]}",
                )
            )
        rows.append(
            HeatmapRow(
                code=code,
                title=criterion_title,
                label_x=grid_x - 8,
                label_y=y + CELL_HEIGHT // 2 + FONT_SIZE // 3,
                cells=tuple(cells),
            )
        )

    grid_right = grid_x + len(areas) * pitch_x - GAP
    grid_bottom = grid_y + len(criteria) * pitch_y - GAP
    # The last column's label leans right, beyond the grid.
    label_overhang = label_room + CELL_WIDTH // 2
    content_width = max(grid_right, grid_x + (len(areas) - 1) * pitch_x + label_overhang)

    # The legend flows left to right under the grid, wrapping at the chart's width.
    legend_width = max(content_width, 420)
    legend = []
    x, y = PADDING, grid_bottom + 16
    for status, (fill, text_fill, symbol) in STYLES.items():
        label = labels[status]
        item_width = LEGEND_SWATCH + 6 + len(label) * CHAR_WIDTH + 16
        if x > PADDING and x + item_width > legend_width:
            x, y = PADDING, y + LEGEND_ROW
        legend.append(
            LegendItem(
                status=status,
                label=label,
                fill=fill,
                text_fill=text_fill,
                symbol=symbol,
                x=x,
                y=y,
                text_x=x + LEGEND_SWATCH + 6,
                text_y=y + LEGEND_SWATCH // 2 + FONT_SIZE // 3,
                symbol_x=x + LEGEND_SWATCH // 2,
                count=counts[status],
            )
        )
        x += item_width
    legend_right = max(item.text_x + len(item.label) * CHAR_WIDTH for item in legend)
    width = max(content_width, legend_right) + PADDING
    height = y + LEGEND_SWATCH + PADDING

    summary = ", ".join(
        f"{labels[status]}: {counts[status]}" for status in STYLES if counts[status]
    )
    description = _(
        "Rows: %(rows)d criteria answered per service area. Columns: %(columns)d active "
        "service areas. Cells: %(summary)s."
    ) % {"rows": len(criteria), "columns": len(areas), "summary": summary or _("none")}
    return Heatmap(
        rows=tuple(rows),
        columns=tuple(columns),
        legend=tuple(legend),
        width=width,
        height=height,
        title=title or _("Answers by criterion and service area"),
        description=description,
        dom_id=dom_id,
        grid_x=grid_x,
        grid_y=grid_y,
    )
