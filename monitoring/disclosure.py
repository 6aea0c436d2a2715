"""Statistical disclosure control: what a figure may show to the steering group, and what it must hide.

Suppression is planned for the whole release at once: every count of the city and of each district, on
the last snapshot day and on the first day of every period, since anyone may download every export.
Primary suppression hides every count from 1 to DISCLOSURE_THRESHOLD - 1 (zero is shown: it names nobody).
Secondary suppression then follows what a reader knows of how the counts hang together (`Relations`):
a total is the sum of its parts (the city of its districts, a count of its categories or sources), a
nested count is at most its parent (referred >= enrolled >= matched, posted >= claimed >= delivered >=
confirmed), and a count to date never shrinks between two days. A small difference between two counts
that are shown is a small count too, so one of them is hidden; a line of a sum never holds one hidden
entry alone. Last, an adversary's linear programme (`exposures`) bounds every hidden count and every
difference, and the plan hides more until none is pinned inside 1 ... threshold - 1.

Rates are hidden when their numerator, denominator or the complement (denominator - numerator) is a
small count, medians and sums when fewer than the threshold stand behind them; both then read "too few
to show", and are flagged unstable when the base is under UNSTABLE_BELOW.
"""

import datetime
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from scipy.optimize import linprog

from supporters.categories import Category

from .indicators import REGISTRY, REGISTRY_LIST
from .indicators.registry import TO_DATE, WINDOWS

# Below twenty cases a share moves by five points or more with one person: shown, but flagged.
UNSTABLE_BELOW = 20


def threshold() -> int:
    return settings.DISCLOSURE_THRESHOLD


def is_small(count: int | None) -> bool:
    """A count that could point at a person: at least one, below the threshold."""
    return count is not None and 0 < count < threshold()


def hidden_text() -> str:
    """How a hidden count reads: "< 5"."""
    return f"< {threshold()}"


def too_few_text() -> str:
    """How a hidden share, median or sum reads: it is not a count, so "< 5" would mislead."""
    return str(_("too few to show"))


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


def hidden_figure(kind: str) -> Figure:
    """A hidden figure as it reads: "< 5" for a count, "too few to show" for anything else."""
    return Figure(None, hidden_text() if kind == "count" else too_few_text(), suppressed=True)


def figure(*, kind: str, value: float | None, numerator: int | None, denominator: int | None) -> Figure:
    """Release one stored value: counts by their size, rates by their parts, medians and sums by their n."""
    if kind == "count":
        if value is None:
            return Figure(None, "–")
        return hidden_figure(kind) if is_small(int(value)) else Figure(value, _format(value, kind))
    hidden = hidden_figure(kind)
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


# One count of the release: (day, district id or None for the whole city, indicator code).
Cell = tuple[datetime.date, int | None, str]

# Parent and nested count: the second counts a subset of what the first counts.
NESTED = [
    ("reach.referred", "reach.enrolled"),
    ("reach.enrolled", "reach.matched"),
    ("challenges.posted", "challenges.claimed"),
    ("challenges.claimed", "challenges.delivered"),
    ("challenges.delivered", "challenges.confirmed"),
    *[(f"challenges.posted.{category}", f"challenges.confirmed.{category}") for category in Category.values],
    # a count over a window counts a subset of the same count over a longer window ending that day
    *[
        (f"{indicator.code}@{longer}", f"{indicator.code}@{shorter}")
        for indicator in REGISTRY_LIST
        if indicator.windowed and indicator.kind == "count"
        for shorter, longer in itertools.pairwise(WINDOWS)
    ],
]


def breakdowns() -> dict[str, list[str]]:
    """A count and the parts it is the sum of, as the registry defines them."""
    parts: dict[str, list[str]] = defaultdict(list)
    for code in REGISTRY:
        for parent in ("reach.referred.", "challenges.posted.", "challenges.confirmed."):
            if code.startswith(parent):
                parts[parent.rstrip(".")].append(code)
    return dict(parts)


@dataclass(frozen=True)
class Relations:
    """What a reader of every export knows of how the released counts hang together."""

    sums: tuple[tuple[Cell, tuple[Cell, ...]], ...]  # the first is the sum of the others
    at_least: tuple[tuple[Cell, Cell], ...]  # the first is at least the second


def relations(counts: Mapping[Cell, int]) -> Relations:
    """Sums (city = its districts, a count = its parts), nesting and growth over time of the counts given.

    A relation is listed only where it holds in the data, as a reader would find it holding.
    """
    days = sorted({day for day, _district, _code in counts})
    districts = sorted({district for _day, district, _code in counts if district is not None})
    scopes = [None, *districts]
    codes = sorted({code for _day, _district, code in counts})
    parts_of = breakdowns()
    sums, at_least = [], []

    def add_sum(total: Cell, parts: tuple[Cell, ...]) -> None:
        known = total in counts and parts and all(part in counts for part in parts)
        if known and counts[total] == sum(counts[part] for part in parts):
            sums.append((total, parts))

    def add_at_least(big: Cell, small: Cell) -> None:
        if big in counts and small in counts and counts[big] >= counts[small]:
            at_least.append((big, small))

    for day in days:
        for code in codes:
            if REGISTRY[code].by_district and districts:
                add_sum((day, None, code), tuple((day, district, code) for district in districts))
        for scope in scopes:
            for parent, parts in parts_of.items():
                add_sum((day, scope, parent), tuple((day, scope, part) for part in parts))
            for parent, nested in NESTED:
                add_at_least((day, scope, parent), (day, scope, nested))
    for code in codes:
        if REGISTRY[code].period is not TO_DATE:
            continue  # a count on the day or over a window may fall: its change counts nobody
        for scope in scopes:
            for index, earlier in enumerate(days):
                for later in days[index + 1 :]:
                    add_at_least((later, scope, code), (earlier, scope, code))
    return Relations(tuple(sums), tuple(at_least))


@dataclass(frozen=True)
class Exposure:
    """A hidden count, or the difference of two counts, that the published figures pin to a small range."""

    cells: tuple[Cell, ...]  # one hidden cell, or (big, small) for their difference
    low: int
    high: float


def _cleared(target, x, index, sign: int) -> bool:
    """A target at zero (when minimising) or at the threshold or above (maximising) cannot be pinned."""
    _cells, objective, offset = target
    value = sum(weight * x[index[cell]] for cell, weight in objective.items()) + offset
    return value < 0.5 if sign == 1 else value > threshold() - 1e-6


def _pinned(low: float, high: float) -> bool:
    small_low = math.ceil(low - 1e-6)
    small_high = math.floor(high + 1e-6) if math.isfinite(high) else math.inf
    return small_low >= 1 and small_high <= threshold() - 1


class _Programme:
    """The adversary's linear programme over the hidden counts, one per connected group of them."""

    def __init__(self, published: Mapping[Cell, int | None], rels: Relations) -> None:
        self.published = published
        self.rows: list[tuple[dict[Cell, float], float, bool]] = []  # coefficients, constant, is equality
        for total, parts in rels.sums:
            self._add({total: 1.0, **dict.fromkeys(parts, -1.0)}, equality=True)
        for big, small in rels.at_least:
            self._add({small: 1.0, big: -1.0}, equality=False)  # small - big <= 0
        group: dict[Cell, Cell] = {}

        def find(cell: Cell) -> Cell:
            while group.setdefault(cell, cell) != cell:
                group[cell] = group[group[cell]]
                cell = group[cell]
            return cell

        for coefficients, _constant, _equality in self.rows:
            cells = list(coefficients)
            for cell in cells[1:]:
                group[find(cell)] = find(cells[0])
        self.find = find
        self.components: dict[Cell, tuple] = {}

    def _add(self, terms: dict[Cell, float], *, equality: bool) -> None:
        coefficients: dict[Cell, float] = {}
        constant = 0.0
        for cell, weight in terms.items():
            value = self.published.get(cell)
            if value is None:
                coefficients[cell] = coefficients.get(cell, 0.0) + weight
            else:
                constant -= weight * value
        if coefficients:
            self.rows.append((coefficients, constant, equality))

    def _component(self, root: Cell):
        """The constraint matrices of one connected group of hidden cells, built once."""
        if root in self.components:
            return self.components[root]
        rows = [row for row in self.rows if self.find(next(iter(row[0]))) == root]
        variables = sorted({cell for row in rows for cell in row[0]} | {root}, key=str)
        index = {cell: number for number, cell in enumerate(variables)}

        def matrix(equality: bool):
            chosen = [row for row in rows if row[2] == equality]
            if not chosen:
                return None, None
            a = np.zeros((len(chosen), len(variables)))
            for r, (coefficients, _constant, _eq) in enumerate(chosen):
                for cell, weight in coefficients.items():
                    a[r, index[cell]] = weight
            return a, np.array([constant for _c, constant, _eq in chosen])

        self.components[root] = (index, *matrix(True), *matrix(False))
        return self.components[root]

    def uncertified(self, targets: list) -> list:
        """The targets that shared solutions do not clear: one programme minimises the sum of the targets
        of a group of hidden cells, and a target that is zero there cannot be pinned above zero; another
        maximises it, and a target at the threshold or above there cannot be pinned below. The few left
        are bounded one by one."""
        by_root: dict[Cell, list] = defaultdict(list)
        rest = []
        for target in targets:
            _cells, objective, _offset = target
            roots = {self.find(cell) for cell in objective}
            if len(roots) == 1:
                by_root[roots.pop()].append(target)
            else:
                rest.append(target)
        for root in sorted(by_root, key=str):
            pending = by_root[root]
            index, a_eq, b_eq, a_ub, b_ub = self._component(root)
            # first towards zero, then (capped, so that it has an end) towards the threshold
            for sign, cap in ((1, None), (-1, 1e6)):
                while pending:
                    c = np.zeros(len(index))
                    for _cells, objective, _offset in pending:
                        for cell, weight in objective.items():
                            c[index[cell]] += sign * weight
                    result = linprog(
                        c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, cap), method="highs"
                    )
                    if result.status != 0:
                        break
                    still = [target for target in pending if not _cleared(target, result.x, index, sign)]
                    if len(still) == len(pending):
                        break
                    pending = still
            rest += pending
        return rest

    def bounds(self, objective: dict[Cell, float], offset: float = 0.0) -> tuple[float, float]:
        """Smallest and largest value of sum(weight * hidden cell) + offset under every relation; the
        largest is not sought (infinite) when the smallest already reaches zero, which names nobody."""
        roots = {self.find(cell) for cell in objective}
        low, high = offset, offset
        for root in sorted(roots, key=str):
            index, a_eq, b_eq, a_ub, b_ub = self._component(root)
            c = np.zeros(len(index))
            for cell, weight in objective.items():
                if self.find(cell) == root:
                    c[index[cell]] = weight
            found = []
            for sign in (1, -1):
                result = linprog(
                    sign * c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs"
                )
                # unbounded: only the maximum can run away, the counts being at least zero
                found.append(math.inf if result.status == 3 else sign * result.fun)
                if sign == 1 and len(roots) == 1 and found[0] + offset < 0.5:
                    return found[0] + offset, math.inf
            low, high = low + found[0], high + found[1]
        return low, high


def exposures(
    published: Mapping[Cell, int | None], rels: Relations, *, only: Iterable | None = None
) -> list[Exposure]:
    """Every hidden count (None in `published`) and every difference of two counts (nested, or one count
    on two days) that linear programming over the published figures pins inside 1 ... threshold - 1.

    `only` restricts the check to those hidden cells and (big, small) pairs (the planner knows which
    could be small); without it everything is checked, as an adversary who knows nothing more would.
    """
    programme = _Programme(published, rels)
    wanted = set(only) if only is not None else None
    targets: list[tuple[tuple[Cell, ...], dict[Cell, float], float]] = []
    for cell in sorted((cell for cell, value in published.items() if value is None), key=str):
        if wanted is None or cell in wanted:
            targets.append(((cell,), {cell: 1.0}, 0.0))
    for big, small in rels.at_least:
        if wanted is not None and (big, small) not in wanted:
            continue
        objective, offset = {}, 0.0
        for cell, weight in ((big, 1.0), (small, -1.0)):
            if published[cell] is None:
                objective[cell] = objective.get(cell, 0.0) + weight
            else:
                offset += weight * published[cell]
        targets.append(((big, small), objective, offset))
    found = []
    for cells, objective, offset in programme.uncertified(targets):
        low, high = programme.bounds(objective, offset) if objective else (offset, offset)
        if _pinned(low, high):
            found.append(Exposure(cells, math.ceil(low - 1e-6), high))
    return found


def plan(counts: Mapping[Cell, int], rels: Relations | None = None) -> frozenset[Cell]:
    """The cells of the release to hide: deterministic, so every page, export and the API agree."""
    rels = rels if rels is not None else relations(counts)
    hidden = {cell for cell, value in counts.items() if is_small(value)}
    neighbours: dict[Cell, set[Cell]] = defaultdict(set)
    for total, parts in rels.sums:
        for cell in (total, *parts):
            neighbours[cell] |= {total, *parts}
    for big, small in rels.at_least:
        neighbours[big].add(small)
        neighbours[small].add(big)
    # the latest first, each against its nearest earlier day: a trend line keeps every point that differs
    # from the next one kept by zero or by the threshold or more, instead of losing all but its end
    risky_pairs = sorted(
        ((big, small) for big, small in rels.at_least if is_small(counts[big] - counts[small])),
        key=lambda pair: (-pair[0][0].toordinal(), -pair[1][0].toordinal(), str(pair)),
    )
    while True:
        _spread(counts, rels, hidden, risky_pairs)
        published = {cell: None if cell in hidden else value for cell, value in counts.items()}
        risky = {cell for cell in hidden if is_small(counts[cell])} | set(risky_pairs)
        found = exposures(published, rels, only=risky)
        grown = False
        for exposure in found:
            around = set().union(*(neighbours[cell] for cell in exposure.cells)) - hidden
            if around:
                hidden.add(min(around, key=lambda cell: (counts[cell] == 0, counts[cell], str(cell))))
                grown = True
        if not grown:
            # nothing is left to hide around what is exposed (or nothing is): the audit reports the rest
            return frozenset(hidden)


def _spread(counts, rels: Relations, hidden: set[Cell], risky_pairs) -> None:
    """Secondary suppression by rule, until it changes nothing: a sum with exactly one hidden entry hides
    its smallest other part (a part before the total, a real count before a zero); then a small
    difference of two counts still shown hides the smaller, one at a time, in the order of `risky_pairs`."""
    changed = True
    while changed:
        changed = False
        for total, parts in rels.sums:
            entries = (total, *parts)
            if sum(entry in hidden for entry in entries) != 1:
                continue
            shown = [entry for entry in entries if entry not in hidden]
            if shown:
                hidden.add(
                    min(shown, key=lambda cell: (cell == total, counts[cell] == 0, counts[cell], str(cell)))
                )
                changed = True
        for big, small in risky_pairs:
            if not changed and big not in hidden and small not in hidden:
                # only once the sums are settled: a sum may already hide one of the two
                hidden.add(small)
                changed = True
