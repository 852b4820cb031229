"""The time line's layout, as plain data (no database)."""

from datetime import date

from history.chart import SELF_ASSESSED, VALIDATED, TimelineInput, stage_timeline_build


def _point(pk: int, kind: str, day: date, stage: int) -> TimelineInput:
    return TimelineInput(pk, f"DIAM {day.year}", kind, day, day.isoformat(), stage)


def test_stage_timeline_places_stages_and_dates() -> None:
    chart = stage_timeline_build(
        points=[
            _point(1, SELF_ASSESSED, date(2022, 3, 1), 3),
            _point(1, VALIDATED, date(2022, 6, 1), 2),
            _point(2, SELF_ASSESSED, date(2025, 3, 1), 5),
        ]
    )

    assert [(p.assessment_id, p.kind, p.stage) for p in chart.points] == [
        (1, SELF_ASSESSED, 3),
        (1, VALIDATED, 2),
        (2, SELF_ASSESSED, 5),
    ]
    xs = [p.x for p in chart.points]
    assert xs == sorted(xs) and chart.left < xs[0] and xs[-1] < chart.right
    ys = {p.stage: p.y for p in chart.points}
    assert ys[5] < ys[3] < ys[2] < chart.axis_y
    assert [g.stage for g in chart.grid] == list(range(8))
    assert chart.grid[0].y - chart.grid[7].y == 7 * 28
    assert [t.label for t in chart.ticks] == ["2023", "2024", "2025"]
    assert [(link.y1, link.y2) for link in chart.links] == [(ys[3], ys[2])]


def test_stage_timeline_labels_each_point_in_words() -> None:
    chart = stage_timeline_build(
        points=[
            _point(1, SELF_ASSESSED, date(2024, 2, 1), 4),
            _point(1, VALIDATED, date(2024, 3, 1), 4),
        ]
    )

    assert [p.label for p in chart.points] == [
        "DIAM 2024: self-assessed stage 4, submitted on 2024-02-01",
        "DIAM 2024: validated stage 4 on 2024-03-01",
    ]
    assert chart.description == (
        "Stages of 1 assessment over time: self-assessed stages as open circles, validated "
        "stages as filled diamonds."
    )


def test_stage_timeline_within_one_year_labels_the_first_and_last_dates() -> None:
    chart = stage_timeline_build(
        points=[
            _point(1, SELF_ASSESSED, date(2024, 2, 1), 4),
            _point(2, SELF_ASSESSED, date(2024, 11, 1), 5),
        ]
    )

    assert [t.label for t in chart.ticks] == ["2024-02-01", "2024-11-01"]


def test_stage_timeline_with_one_point_puts_it_in_the_middle() -> None:
    chart = stage_timeline_build(points=[_point(1, SELF_ASSESSED, date(2024, 6, 1), 0)])

    (point,) = chart.points
    assert (point.x, point.y) == ((chart.left + chart.right) // 2, chart.axis_y - 12)
    assert [t.label for t in chart.ticks] == ["2024-06-01"]


def test_stage_timeline_over_many_years_shows_at_most_eight_year_labels() -> None:
    chart = stage_timeline_build(
        points=[
            _point(1, SELF_ASSESSED, date(2001, 6, 1), 1),
            _point(2, SELF_ASSESSED, date(2025, 6, 1), 6),
        ]
    )

    assert [t.label for t in chart.ticks] == [str(y) for y in range(2001, 2026, 4)]
