"""Statistical disclosure control: what a figure may show to the steering group, and what it must hide.

Primary suppression hides every count from 1 to DISCLOSURE_THRESHOLD - 1 (zero is shown: it names nobody).
Secondary suppression hides one more cell in every row or column of a table that would otherwise hold
exactly one hidden cell, because that cell would be its total minus the cells shown. Rates are hidden
when their numerator, denominator or the complement (denominator - numerator) is a small count, and
flagged unstable when the denominator is under UNSTABLE_BELOW.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Below twenty cases a share moves by five points or more with one person: shown, but flagged.
UNSTABLE_BELOW = 20


def threshold() -> int:
    return settings.DISCLOSURE_THRESHOLD


def is_small(count: int | None) -> bool:
    """A count that could point at a person: at least one, below the threshold."""
    return count is not None and 0 < count < threshold()


def hidden_text() -> str:
    return f"< {threshold()}"


@dataclass(frozen=True)
class Figure:
    """One value as released: `value` is None when suppressed or when there is nothing to show."""

    value: float | None
    display: str
    suppressed: bool = False
    unstable: bool = False


def _format(value: float, kind: str) -> str:
    if kind == "rate":
        return f"{number_format(round(value * 100))} %"
    if kind == "hours":
        return _("%(hours)s h") % {"hours": number_format(value, decimal_pos=1)}
    return number_format(round(value), force_grouping=True)


def figure(*, kind: str, value: float | None, numerator: int | None, denominator: int | None) -> Figure:
    """Release one stored value: counts by their size, rates by their parts, medians and sums by their n."""
    hidden = Figure(None, hidden_text(), suppressed=True)
    if kind == "count":
        if value is None:
            return Figure(None, "–")
        return hidden if is_small(int(value)) else Figure(value, _format(value, kind))
    if kind == "rate":
        if not denominator or value is None:
            return Figure(None, "–")
        complement = denominator - (numerator or 0)
        if is_small(denominator) or is_small(numerator) or is_small(complement):
            return hidden
        return Figure(value, _format(value, kind), unstable=denominator < UNSTABLE_BELOW)
    # medians and sums: hidden when fewer than the threshold stand behind them
    if not denominator or value is None:
        return Figure(None, "–")
    if is_small(denominator):
        return hidden
    return Figure(value, _format(value, kind), unstable=kind == "hours" and denominator < UNSTABLE_BELOW)


def suppress_table(
    cells: list[list[int]],
    *,
    row_totals: bool,
    column_totals: bool = True,
    pre_hidden: frozenset[tuple[int, int]] = frozenset(),
) -> list[list[bool]]:
    """Which cells to hide in a table of counts whose totals are (or could be) published.

    The grid is the cells plus, when asked for, a total column and a total row. Every line (a row or a
    column, with its total) must hold zero or at least two hidden entries; the smallest other entry of
    a line with exactly one is hidden too, preferring inner cells over totals, until none is left.
    `pre_hidden` (grid positions) carries in what another table showing the same figure has hidden.
    """
    rows = len(cells)
    columns = len(cells[0]) if rows else 0
    grid = [list(row) for row in cells]
    if row_totals:
        for row in grid:
            row.append(sum(row))
    if column_totals and rows:
        grid.append([sum(grid[r][c] for r in range(rows)) for c in range(len(grid[0]))])
    hidden = [
        [is_small(value) or (r, c) in pre_hidden for c, value in enumerate(row)] for r, row in enumerate(grid)
    ]
    width = columns + (1 if row_totals else 0)
    height = rows + (1 if column_totals and rows else 0)
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        lines += [[(r, c) for c in range(width)] for r in range(height)]
    if column_totals:
        lines += [[(r, c) for r in range(height)] for c in range(width)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[r][c] for r, c in line) != 1:
                continue
            shown = [(r, c) for r, c in line if not hidden[r][c]]
            if not shown:
                continue

            def cost(place: tuple[int, int]) -> tuple[bool, bool, int]:
                r, c = place
                is_total = (row_totals and c == columns) or (column_totals and r == rows)
                # a zero hides little (it is known to be small); prefer a real count, then the smallest
                return (is_total, grid[r][c] == 0, grid[r][c])

            r, c = min(shown, key=cost)
            hidden[r][c] = True
            changed = True
    return hidden


@dataclass(frozen=True)
class Table:
    """A table of counts with its totals, ready for a page or an export: every cell a Figure."""

    row_labels: list[str]
    column_labels: list[str]
    rows: list[list[Figure]]
    totals: list[Figure]
    row_totals: list[Figure] | None

    @property
    def lines(self) -> list[tuple[str, list[Figure], Figure | None]]:
        """(row label, cells, row total or None) for templates."""
        totals = self.row_totals or [None] * len(self.rows)
        return list(zip(self.row_labels, self.rows, totals, strict=True))


def count_table(
    *,
    row_labels: list[str],
    column_labels: list[str],
    cells: list[list[int]],
    row_totals: bool,
    pre_hidden: frozenset[tuple[int, int]] = frozenset(),
) -> Table:
    """Apply primary and secondary suppression to a table of counts, with a total row (and column)."""
    hidden = suppress_table(cells, row_totals=row_totals, pre_hidden=pre_hidden)
    grid = [list(row) for row in cells]
    if row_totals:
        for row in grid:
            row.append(sum(row))
    grid.append([sum(row[c] for row in grid) for c in range(len(grid[0]))] if grid else [])

    def release(r: int, c: int) -> Figure:
        value = grid[r][c]
        if hidden[r][c]:
            return Figure(None, hidden_text(), suppressed=True)
        return Figure(value, _format(value, "count"))

    columns = len(column_labels)
    released = [[release(r, c) for c in range(len(grid[r]))] for r in range(len(grid))]
    body = [row[:columns] for row in released[:-1]]
    return Table(
        row_labels=row_labels,
        column_labels=column_labels,
        rows=body,
        totals=released[-1][:columns] + (released[-1][columns:] if row_totals else []),
        row_totals=[row[columns] for row in released[:-1]] if row_totals else None,
    )
