"""The bar chart of the peers' stages: pure layout, no Django but gettext.

`stage_chart_build` positions one bar per stage 0–7, its count above it and its label below;
the organization's own stage is drawn darker and marked "You are here" under the axis (text,
not colour alone). templates/charts/stage_distribution.svg draws it; a table beside it says
the same for screen readers. Okabe–Ito colours, text contrast at least 4.5:1 on white.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from benchmarks.selectors import StageCount

PEER_FILL = "#56B4E9"
OWN_FILL = "#0072B2"
AXIS = "#6C757D"
TEXT = "#212529"

BAR_WIDTH = 44
GAP = 16
PLOT_HEIGHT = 160
LEFT = 48  # room for "You are here" under the first bar
TOP = 24  # room for the count above the tallest bar
FONT_SIZE = 12


@dataclass(frozen=True)
class Bar:
    stage: int
    count: int
    is_own: bool
    x: int
    y: int
    height: int
    fill: str
    center: int
    count_y: int
    label: str  # "Stage 4: 3 organizations (25 %)"


@dataclass(frozen=True)
class StageChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    axis_y: int
    axis_right: int
    stage_label_y: int
    marker_y: int
    marker_text_y: int
    title: str
    description: str
    dom_id: str
    left: int = LEFT
    bar_width: int = BAR_WIDTH
    axis: str = AXIS
    text: str = TEXT
    font_size: int = FONT_SIZE

    @property
    def own(self) -> Bar | None:
        return next((bar for bar in self.bars if bar.is_own), None)


def stage_chart_build(
    *,
    stages: Sequence[StageCount],
    peers: int,
    dom_id: str = "stage-chart",
    title: str | None = None,
    description: str | None = None,
) -> StageChart:
    """The chart of the peers' stages; the programme dashboard passes its own `title` and
    `description` (every organization, no "you")."""
    top = max((s.count for s in stages), default=0) or 1
    axis_y = TOP + PLOT_HEIGHT
    bars = []
    for index, item in enumerate(stages):
        height = round(PLOT_HEIGHT * item.count / top)
        x = LEFT + index * (BAR_WIDTH + GAP)
        bars.append(
            Bar(
                stage=item.stage,
                count=item.count,
                is_own=item.is_own,
                x=x,
                y=axis_y - height,
                height=height,
                fill=OWN_FILL if item.is_own else PEER_FILL,
                center=x + BAR_WIDTH // 2,
                count_y=axis_y - height - 6,
                label=ngettext(
                    "Stage %(stage)d: %(count)d organization (%(percent)d %%)",
                    "Stage %(stage)d: %(count)d organizations (%(percent)d %%)",
                    item.count,
                )
                % {"stage": item.stage, "count": item.count, "percent": item.percent},
            )
        )
    axis_right = LEFT + len(bars) * (BAR_WIDTH + GAP) - GAP
    own = next((bar for bar in bars if bar.is_own), None)
    if description is None:
        description = ngettext(
            "Stages of %(count)d peer organization.",
            "Stages of %(count)d peer organizations.",
            peers,
        ) % {"count": peers}
    if own is not None:
        description += " " + _("Your organization is at stage %(stage)d.") % {"stage": own.stage}
    return StageChart(
        bars=tuple(bars),
        width=axis_right + LEFT,
        height=axis_y + 56,
        axis_y=axis_y,
        axis_right=axis_right,
        stage_label_y=axis_y + 18,
        marker_y=axis_y + 26,
        marker_text_y=axis_y + 48,
        title=_("Peers by stage") if title is None else title,
        description=description,
        dom_id=dom_id,
    )
