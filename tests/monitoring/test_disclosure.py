"""Disclosure control: no small count is ever released, and no hidden cell follows from its row or column."""

from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring.disclosure import count_table, figure, suppress_table

THRESHOLD = 5  # the default of settings.DISCLOSURE_THRESHOLD

counts = st.one_of(st.integers(0, 8), st.integers(0, 60))
tables = st.integers(1, 6).flatmap(
    lambda columns: st.lists(st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=8)
)


def _grid(cells, row_totals):
    grid = [[*row, sum(row)] if row_totals else list(row) for row in cells]
    grid.append([sum(row[c] for row in grid) for c in range(len(grid[0]))])
    return grid


@settings(max_examples=300, deadline=None)
@given(cells=tables, row_totals=st.booleans())
def test_no_released_count_lies_between_one_and_the_threshold(cells, row_totals):
    table = count_table(
        row_labels=[str(i) for i in range(len(cells))],
        column_labels=[str(i) for i in range(len(cells[0]))],
        cells=cells,
        row_totals=row_totals,
    )
    released = [cell for row in table.rows for cell in row] + table.totals + (table.row_totals or [])
    for cell in released:
        if cell.suppressed:
            assert cell.value is None and cell.display == "< 5"
        else:
            assert not 0 < cell.value < THRESHOLD


@settings(max_examples=300, deadline=None)
@given(cells=tables, row_totals=st.booleans())
def test_no_hidden_cell_can_be_derived_from_its_row_or_column_and_their_totals(cells, row_totals):
    hidden = suppress_table(cells, row_totals=row_totals)
    grid = _grid(cells, row_totals)
    height, width = len(grid), len(grid[0])
    lines = [[(r, c) for r in range(height)] for c in range(width)]
    if row_totals:
        lines += [[(r, c) for c in range(width)] for r in range(height)]
    for line in lines:
        # one hidden entry in a line that sums up is its total minus the rest: it must never be alone
        assert sum(hidden[r][c] for r, c in line) != 1
    for r in range(height):
        for c in range(width):
            if 0 < grid[r][c] < THRESHOLD:
                assert hidden[r][c]


def test_a_single_small_district_takes_a_second_one_with_it():
    hidden = suppress_table([[3], [40], [12]], row_totals=False)
    assert hidden == [[True], [False], [True], [False]]  # the smaller of the others, the total stays


def test_rates_hide_small_numerators_complements_and_denominators_and_flag_small_bases():
    assert figure(kind="rate", value=2 / 30, numerator=2, denominator=30).suppressed
    assert figure(kind="rate", value=28 / 30, numerator=28, denominator=30).suppressed
    assert figure(kind="rate", value=1.0, numerator=3, denominator=3).suppressed
    shown = figure(kind="rate", value=0.5, numerator=6, denominator=12)
    assert (shown.suppressed, shown.unstable, shown.display) == (False, True, "50 %")
    assert not figure(kind="rate", value=0.5, numerator=20, denominator=40).unstable
    assert figure(kind="rate", value=0.0, numerator=0, denominator=40).display == "0 %"


def test_a_median_over_few_challenges_is_hidden_and_zero_counts_are_shown(settings):
    assert figure(kind="hours", value=3.5, numerator=None, denominator=4).suppressed
    assert not figure(kind="hours", value=3.5, numerator=None, denominator=5).suppressed
    assert figure(kind="count", value=0, numerator=0, denominator=None).display == "0"
    settings.DISCLOSURE_THRESHOLD = 10
    assert figure(kind="count", value=7, numerator=7, denominator=None).display == "< 10"
