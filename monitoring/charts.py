"""Server-drawn SVG charts: geometry computed here, drawn by templates/monitoring/_*.svg.html.

Charts only draw released figures: a suppressed value gets no bar or point (a bar its "< 5" label), and
every chart sits beside a table with the same figures for screen readers and for reading exact values.
"""

import datetime
import itertools
from dataclasses import dataclass

from .disclosure import Figure

WIDTH = 320  # viewBox units; the SVG scales to its container, so a 360 px phone shows it whole
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_GAP = 10


@dataclass(frozen=True)
class Bar:
    label: str
    display: str
    y: float
    width: float
    suppressed: bool


def bars(items: list[tuple[str, Figure]], *, scale: float | None = None) -> dict:
    """Horizontal bars, one per item, label above the bar, value at its end; `scale` = the full width."""
    values = [f.value for _label, f in items if f.value is not None]
    top = scale or max(values, default=0) or 1
    rows = []
    y = 0.0
    usable = WIDTH - 60  # room after the longest bar for its value
    for label, shown in items:
        width = 0.0 if shown.value is None else usable * min(shown.value / top, 1)
        rows.append(Bar(str(label), shown.display, y, round(width, 1), shown.suppressed))
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    return {"width": WIDTH, "height": max(y, 1), "bars": rows, "label_height": LABEL_HEIGHT,
            "bar_height": BAR_HEIGHT}  # fmt: skip


def line(
    points: list[tuple[object, Figure]],
    *,
    target: int | None = None,
    top: float | None = None,
    height: int = 140,
) -> dict:
    """A trend line over the released points, with its target as a dashed line; a hidden point is not
    guessed: the line breaks there, and a thin dashed bridge joins the points shown on either side of it.
    `top` fixes the scale (1 for a share); x labels are the first and last points' keys (days, or months
    since the start)."""
    values = [f.value for _key, f in points if f.value is not None]
    top = top or max([*values, target or 0], default=0) or 1
    left, bottom = 8, height - 20

    def y_of(value: float) -> float:
        return round(bottom - (bottom - 14) * min(value / top, 1), 1)

    step = (WIDTH - 2 * left) / max(len(points) - 1, 1)
    segments: list[list[tuple[float, float]]] = [[]]
    dots = []
    for index, (_key, shown) in enumerate(points):
        x = round(left + index * step, 1)
        if shown.value is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append((x, y_of(shown.value)))
        dots.append((x, y_of(shown.value)))
    polylines = [" ".join(f"{x},{y}" for x, y in segment) for segment in segments if len(segment) > 1]
    runs = [segment for segment in segments if segment]
    bridges = [(*before[-1], *after[0]) for before, after in itertools.pairwise(runs)]
    first = points[0][0] if points else None
    last = points[-1][0] if points else None
    shown = [f for _key, f in points if f.value is not None]
    return {"width": WIDTH, "height": height, "polylines": polylines, "bridges": bridges, "dots": dots,
            "top": top, "bottom": bottom, "first": first, "last": last,
            "dates": isinstance(first, datetime.date),
            "target": target, "target_y": y_of(target) if target else None,
            "first_shown": shown[0] if shown else None, "last_shown": shown[-1] if shown else None,
            "left": left, "right": WIDTH - left}  # fmt: skip


TILE_COLUMNS = 3
TILE_WIDTH = 102
TILE_HEIGHT = 66
TILE_GAP = 3


@dataclass(frozen=True)
class Tile:
    name: str
    x: float
    y: float
    measures: list[Bar]


def district_tiles(districts: list[tuple[str, list[Figure]]]) -> dict:
    """Small multiples: one tile per district, each with the same short bars on one scale per measure, so
    the eye compares districts at a glance; the table beside it holds the same figures."""
    count = len(districts[0][1]) if districts else 0
    tops = [max((f[i].value or 0 for _name, f in districts), default=0) or 1 for i in range(count)]
    usable = TILE_WIDTH - 36
    tiles = []
    for index, (name, figures) in enumerate(districts):
        column, row = index % TILE_COLUMNS, index // TILE_COLUMNS
        x, y = column * (TILE_WIDTH + TILE_GAP), row * (TILE_HEIGHT + TILE_GAP)
        measures = [
            Bar("", shown.display, 26 + i * 16,
                0.0 if shown.value is None else round(usable * shown.value / tops[i], 1), shown.suppressed)
            for i, shown in enumerate(figures)
        ]  # fmt: skip
        tiles.append(Tile(name, x, y, measures))
    rows = (len(districts) + TILE_COLUMNS - 1) // TILE_COLUMNS
    return {"width": TILE_COLUMNS * (TILE_WIDTH + TILE_GAP) - TILE_GAP,
            "height": max(rows * (TILE_HEIGHT + TILE_GAP) - TILE_GAP, 1), "tiles": tiles,
            "tile_width": TILE_WIDTH, "tile_height": TILE_HEIGHT, "bar_x": 6,
            "value_x": usable + 10}  # fmt: skip
