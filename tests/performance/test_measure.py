from performance.measure import Figure, at_most


def test_figure_line_shows_goal_and_verdict() -> None:
    figure = at_most("section page: median", 12.5, "ms", 15)

    assert figure.line() == f"{'section page: median':<64} {'12.500':>12} ms   (goal: <= 15 ms)  ok"


def test_figure_over_its_limit_is_missed() -> None:
    assert at_most("autosave: queries", 13, "queries", 12).met is False


def test_figure_without_goal_shows_counts_without_decimals() -> None:
    assert Figure("queue: queries", 6, "").line() == f"{'queue: queries':<64} {'6':>12}"
