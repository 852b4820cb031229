"""The stage bar chart's layout: pure, no database."""

from benchmarks.chart import OWN_FILL, PEER_FILL, PLOT_HEIGHT, stage_chart_build
from benchmarks.selectors import StageCount


def test_stage_chart_build_scales_bars_and_marks_the_own_stage() -> None:
    stages = [
        StageCount(stage, count, 0, stage == 4)
        for stage, count in enumerate([0, 0, 0, 2, 1, 0, 4, 0])
    ]

    chart = stage_chart_build(stages=stages, peers=7)

    assert [(bar.stage, bar.height, bar.fill) for bar in chart.bars if bar.count] == [
        (3, PLOT_HEIGHT // 2, PEER_FILL),
        (4, PLOT_HEIGHT // 4, OWN_FILL),
        (6, PLOT_HEIGHT, PEER_FILL),
    ]
    assert chart.own is not None and chart.own.stage == 4
    assert chart.description == "Stages of 7 peer organizations. Your organization is at stage 4."


def test_stage_chart_build_without_own_stage_has_no_marker() -> None:
    stages = [StageCount(stage, 1, 12, False) for stage in range(8)]

    chart = stage_chart_build(stages=stages, peers=8)

    assert (chart.own, chart.bars[0].label) == (None, "Stage 0: 1 organization (12 %)")
