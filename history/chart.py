"""The time line of an organization's stages: pure layout, no Django but gettext.

`stage_timeline_build` places each stored result at its date (x) and its stage 0–7 (y): a
self-assessed stage (at its submission) as an open circle, a validated stage (at its validation)
as a filled diamond, so the two differ by shape, not colour alone; a dashed line joins an
assessment's two points. templates/charts/stage_timeline.svg draws it; the page's table says the
same in words. Okabe–Ito colours, text contrast at least 4.5:1 on white.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SELF_ASSESSED = "self_assessed"
VALIDATED = "validated"

SELF_COLOUR = "#0072B2"
VALIDATED_COLOUR = "#D55E00"
GRID = "#DEE2E6"
AXIS = "#6C757D"
TEXT = "#212529"

WIDTH = 720
LEFT = 56  # room for the stage numbers and the axis title
RIGHT = 24
TOP = 28
STEP = 28  # pixels between stages
INSET = 12  # stage 0 sits this far above the axis
FONT_SIZE = 12
MIN_LABEL_GAP = 96  # date labels closer than this would overlap
STAGES = range(8)


@dataclass(frozen=True)
class TimelineInput:
    assessment_id: int
    title: str
    kind: str  # SELF_ASSESSED or VALIDATED
    day: date
    day_label: str  # the date as the page writes it
    stage: int


@dataclass(frozen=True)
class Point:
    assessment_id: int
    kind: str
    stage: int
    x: int
    y: int
    label: str  # "DIAM 2024: validated stage 4 on 3 March 2024"

    @property
    def is_validated(self) -> bool:
        return self.kind == VALIDATED

    @property
    def diamond(self) -> str:
        """The validated marker's path."""
        return f"M {self.x} {self.y - 7} l 7 7 l -7 7 l -7 -7 z"


@dataclass(frozen=True)
class Link:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class Tick:
    x: int
    label: str


@dataclass(frozen=True)
class GridLine:
    stage: int
    y: int


@dataclass(frozen=True)
class StageTimeline:
    points: tuple[Point, ...]
    links: tuple[Link, ...]
    ticks: tuple[Tick, ...]
    grid: tuple[GridLine, ...]
    width: int
    height: int
    axis_y: int
    tick_label_y: int
    legend_y: int
    title: str
    description: str
    self_label: str
    validated_label: str
    dom_id: str
    left: int = LEFT
    right: int = WIDTH - RIGHT
    self_colour: str = SELF_COLOUR
    validated_colour: str = VALIDATED_COLOUR
    grid_colour: str = GRID
    axis: str = AXIS
    text: str = TEXT
    font_size: int = FONT_SIZE

    @property
    def legend_self_x(self) -> int:
        return self.left

    @property
    def legend_validated_x(self) -> int:
        return self.left + 220


def _domain(days: Sequence[date]) -> tuple[date, date]:
    """The dates shown: the points' range, widened so that no point sits on an edge."""
    first, last = min(days), max(days)
    pad = max(timedelta(days=30), (last - first) / 20)
    return first - pad, last + pad


def _ticks(first: date, last: date, x_of: "XScale", points: Sequence[TimelineInput]) -> list[Tick]:
    """A tick at each new year inside the range; with none (all within a year), the first and
    the last point's dates."""
    years = list(range(first.year + 1, last.year + 1))
    step = max(1, -(-len(years) // 8))  # at most eight year labels
    ticks = [Tick(x_of(date(year, 1, 1)), str(year)) for year in years[::step]]
    if ticks:
        return ticks
    ordered = sorted(points, key=lambda p: p.day)
    ticks = [Tick(x_of(ordered[0].day), ordered[0].day_label)]
    end = Tick(x_of(ordered[-1].day), ordered[-1].day_label)
    if end.x - ticks[0].x >= MIN_LABEL_GAP:
        ticks.append(end)
    return ticks


class XScale:
    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.span = max(1, (last - first).days)

    def __call__(self, day: date) -> int:
        share = (day - self.first).days / self.span
        return round(LEFT + share * (WIDTH - RIGHT - LEFT))


def _label(point: TimelineInput) -> str:
    values = {"title": point.title, "stage": point.stage, "date": point.day_label}
    if point.kind == VALIDATED:
        return _("%(title)s: validated stage %(stage)d on %(date)s") % values
    return _("%(title)s: self-assessed stage %(stage)d, submitted on %(date)s") % values


def stage_timeline_build(
    *, points: Sequence[TimelineInput], dom_id: str = "stage-timeline"
) -> StageTimeline:
    axis_y = TOP + INSET + STEP * (len(STAGES) - 1) + INSET
    first, last = _domain([p.day for p in points] or [date(2000, 1, 1)])
    x_of = XScale(first, last)

    def y_of(stage: int) -> int:
        return axis_y - INSET - STEP * stage

    placed = tuple(
        Point(p.assessment_id, p.kind, p.stage, x_of(p.day), y_of(p.stage), _label(p))
        for p in sorted(points, key=lambda p: (p.day, p.kind == VALIDATED))
    )
    links = []
    by_assessment: dict[int, dict[str, Point]] = {}
    for point in placed:
        by_assessment.setdefault(point.assessment_id, {})[point.kind] = point
    for pair in by_assessment.values():
        if SELF_ASSESSED in pair and VALIDATED in pair:
            a, b = pair[SELF_ASSESSED], pair[VALIDATED]
            links.append(Link(a.x, a.y, b.x, b.y))
    assessments = len(by_assessment)
    description = ngettext(
        "Stages of %(count)d assessment over time: self-assessed stages as open circles, "
        "validated stages as filled diamonds.",
        "Stages of %(count)d assessments over time: self-assessed stages as open circles, "
        "validated stages as filled diamonds.",
        assessments,
    ) % {"count": assessments}
    return StageTimeline(
        points=placed,
        links=tuple(links),
        ticks=tuple(_ticks(first, last, x_of, points)) if points else (),
        grid=tuple(GridLine(stage, y_of(stage)) for stage in STAGES),
        width=WIDTH,
        height=axis_y + 64,
        axis_y=axis_y,
        tick_label_y=axis_y + 20,
        legend_y=axis_y + 48,
        title=_("Stages over time"),
        description=description,
        self_label=_("Self-assessed (at submission)"),
        validated_label=_("Validated (at validation)"),
        dom_id=dom_id,
    )
