"""The home dashboard's two small charts: pure layout, no Django but gettext.

`ladder_build` draws the stages 0–7 as a staircase: the steps up to the validated stage dark,
the steps above it up to the self-assessed stage light, the rest outlined; the numbers under
the steps are bold for the two stages and the text beside the chart says them (not colour
alone). `sparkline_build` draws the stages of the recent assessments as a line with a dot per
assessment. templates/charts/ladder.svg and sparkline.svg draw them; each has a title and a
description for screen readers. Okabe–Ito colours as in benchmarks.chart.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

VALIDATED_FILL = "#0072B2"
SELF_FILL = "#56B4E9"
EMPTY_FILL = "#FFFFFF"
OUTLINE = "#6C757D"
TEXT = "#212529"
STAGES = range(8)

STEP_WIDTH = 22
STEP_GAP = 3
STEP_RISE = 7
LADDER_TOP = 4
LADDER_PLOT = 12 + STEP_RISE * 7  # the highest step


@dataclass(frozen=True)
class Step:
    stage: int
    x: int
    y: int
    height: int
    fill: str
    center: int
    bold: bool


@dataclass(frozen=True)
class Ladder:
    steps: tuple[Step, ...]
    width: int
    height: int
    label_y: int
    title: str
    description: str
    dom_id: str
    step_width: int = STEP_WIDTH
    outline: str = OUTLINE
    text: str = TEXT


def ladder_build(*, validated: int | None, self_assessed: int | None, dom_id: str) -> Ladder:
    steps = []
    base = LADDER_TOP + LADDER_PLOT
    for stage in STAGES:
        height = 12 + STEP_RISE * stage
        if validated is not None and stage <= validated:
            fill = VALIDATED_FILL
        elif self_assessed is not None and stage <= self_assessed:
            fill = SELF_FILL
        else:
            fill = EMPTY_FILL
        x = stage * (STEP_WIDTH + STEP_GAP) + 1
        steps.append(
            Step(
                stage=stage,
                x=x,
                y=base - height,
                height=height,
                fill=fill,
                center=x + STEP_WIDTH // 2,
                bold=stage in (validated, self_assessed),
            )
        )
    parts = []
    if validated is not None:
        parts.append(_("Validated stage %(stage)d.") % {"stage": validated})
    else:
        parts.append(_("No validated stage in force."))
    if self_assessed is not None:
        parts.append(_("Self-assessed stage %(stage)d.") % {"stage": self_assessed})
    return Ladder(
        steps=tuple(steps),
        width=len(STAGES) * (STEP_WIDTH + STEP_GAP) + 1,
        height=base + 18,
        label_y=base + 14,
        title=_("DIAM stages 0 to 7"),
        description=" ".join(parts),
        dom_id=dom_id,
    )


@dataclass(frozen=True)
class TrendPoint:
    label: str  # the year, or the assessment's title
    stage: int
    validated: bool


@dataclass(frozen=True)
class Dot:
    x: int
    y: int
    fill: str
    label: str


SPARK_WIDTH = 150
SPARK_HEIGHT = 48
SPARK_PAD = 6


@dataclass(frozen=True)
class Sparkline:
    dots: tuple[Dot, ...]
    points: str  # the polyline's "x,y x,y"
    width: int
    height: int
    baseline_y: int
    title: str
    description: str
    dom_id: str
    outline: str = OUTLINE


def sparkline_build(*, points: Sequence[TrendPoint], dom_id: str) -> Sparkline | None:
    """None with fewer than two points: no trend to draw (the text says the one stage)."""
    if len(points) < 2:
        return None
    plot = SPARK_HEIGHT - 2 * SPARK_PAD
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / (len(points) - 1)
    dots = []
    for index, point in enumerate(points):
        label = (
            _("%(label)s: validated stage %(stage)d")
            if point.validated
            else _("%(label)s: self-assessed stage %(stage)d")
        ) % {"label": point.label, "stage": point.stage}
        dots.append(
            Dot(
                x=round(SPARK_PAD + index * step),
                y=round(SPARK_PAD + plot * (7 - point.stage) / 7),
                fill=VALIDATED_FILL if point.validated else SELF_FILL,
                label=label,
            )
        )
    return Sparkline(
        dots=tuple(dots),
        points=" ".join(f"{dot.x},{dot.y}" for dot in dots),
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        baseline_y=SPARK_HEIGHT - SPARK_PAD,
        title=_("Stages of the recent assessments"),
        description="; ".join(dot.label for dot in dots) + ".",
        dom_id=dom_id,
    )
