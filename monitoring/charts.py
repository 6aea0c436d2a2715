"""Server-drawn SVG charts: geometry computed here, drawn by templates/monitoring/_*.svg.html.

Charts only draw released figures: a suppressed value gets no bar or point, just its "< 5" label, and
every chart sits beside a table with the same figures for screen readers and for reading exact values.
"""

import datetime
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


def line(points: list[tuple[datetime.date, Figure]], *, height: int = 140) -> dict:
    """A trend line over the released points; a hidden point breaks the line rather than being guessed."""
    values = [f.value for _day, f in points if f.value is not None]
    top = max(values, default=0) or 1
    left, bottom = 8, height - 20
    step = (WIDTH - 2 * left) / max(len(points) - 1, 1)
    segments: list[list[tuple[float, float]]] = [[]]
    dots = []
    for index, (_day, shown) in enumerate(points):
        x = round(left + index * step, 1)
        if shown.value is None:
            if segments[-1]:
                segments.append([])
            continue
        y = round(bottom - (bottom - 10) * shown.value / top, 1)
        segments[-1].append((x, y))
        dots.append((x, y))
    polylines = [" ".join(f"{x},{y}" for x, y in segment) for segment in segments if len(segment) > 1]
    first = points[0][0] if points else None
    last = points[-1][0] if points else None
    return {"width": WIDTH, "height": height, "polylines": polylines, "dots": dots, "top": top,
            "bottom": bottom, "first": first, "last": last}  # fmt: skip
