"""The server-drawn charts: what a trend line draws over points that disclosure control holds back."""

import datetime

from monitoring import charts
from monitoring.disclosure import Figure, hidden_figure

DAY = datetime.date(2026, 6, 30)


def _points(values: list[int | None]) -> list[tuple[datetime.date, Figure]]:
    return [
        (DAY - datetime.timedelta(days=30 * (len(values) - 1 - n)),
         hidden_figure("count") if value is None else Figure(value, str(value)))
        for n, value in enumerate(values)
    ]  # fmt: skip


def test_a_trend_line_breaks_at_hidden_points_and_bridges_them_with_a_dashed_stretch():
    chart = charts.line(_points([10, 12, None, None, 15, None, 20]))

    xs = [x for x, _y in chart["dots"]]
    assert len(xs) == 4  # no dot is guessed for a hidden point
    assert chart["polylines"] == [f"{xs[0]},{chart['dots'][0][1]} {xs[1]},{chart['dots'][1][1]}"]
    # one bridge over each run of hidden points, from the last point shown before it to the next shown
    assert [(x1, x2) for x1, _y1, x2, _y2 in chart["bridges"]] == [(xs[1], xs[2]), (xs[2], xs[3])]


def test_a_trend_line_without_hidden_points_or_with_only_one_point_shown_has_no_bridge():
    assert charts.line(_points([10, 12, 15]))["bridges"] == []
    assert charts.line(_points([None, None, 20]))["bridges"] == []
