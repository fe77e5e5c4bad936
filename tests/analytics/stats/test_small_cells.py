"""No count under 5 is shown, and none can be recovered by subtraction."""

import pytest

from analytics.stats.adverse_impact import Measure, RowRole, Tally, impact_table
from analytics.stats.impact_display import impact_table_for_display
from analytics.stats.small_cells import suppressed_cells, table_with_totals


def _recover_by_subtraction(shown: list[list[int | None]]) -> list[list[int | None]]:
    """What a reader can work out: any row or column (last cell = total of the
    others) with one blank fills it in; repeat until nothing changes."""
    grid = [list(row) for row in shown]
    height, width = len(grid), len(grid[0])
    lines = [[(r, c) for c in range(width)] for r in range(height)]
    lines += [[(r, c) for r in range(height)] for c in range(width)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            blanks = [cell for cell in line if grid[cell[0]][cell[1]] is None]
            if len(blanks) != 1:
                continue
            (r, c), (total_r, total_c) = blanks[0], line[-1]
            known = [grid[x][y] for x, y in line[:-1] if (x, y) != (r, c)]
            if (r, c) == (total_r, total_c):
                grid[r][c] = sum(known)
            else:
                grid[r][c] = grid[total_r][total_c] - sum(known)
            changed = True
    return grid


def _shown(counts, hidden):
    grid = table_with_totals(counts)
    return [
        [None if (r, c) in hidden else value for c, value in enumerate(row)]
        for r, row in enumerate(grid)
    ]


COUNTS = [[3, 40], [30, 60], [25, 50]]  # selected, not selected per group


def test_the_reader_recovers_a_cell_hidden_alone():
    """The attack works: hiding only the 3 is not enough."""
    shown = _shown(COUNTS, {(0, 0)})

    assert _recover_by_subtraction(shown)[0][0] == 3


def test_a_cell_of_three_is_hidden_and_cannot_be_recovered():
    hidden = suppressed_cells(COUNTS)

    recovered = _recover_by_subtraction(_shown(COUNTS, hidden))

    assert (0, 0) in hidden
    assert recovered[0][0] is None
    # Secondary suppression: the row's other count, and a second cell in
    # each column (the smallest: group 3's), nothing more.
    assert hidden == {(0, 0), (0, 1), (2, 0), (2, 1)}
    assert all(row[-1] is not None for row in recovered)


@pytest.mark.parametrize(
    "counts",
    [
        [[3, 40], [30, 60], [25, 50]],
        [[0, 7], [12, 30]],  # a zero is hidden too
        [[2, 1], [50, 50], [40, 60], [4, 90]],  # a row total under 5
        [[3, 2], [4, 1]],  # everything small
        [[10, 20, 4], [30, 30, 30], [25, 7, 2]],  # three columns
    ],
)
def test_no_small_count_is_shown_or_recoverable(counts):
    hidden = suppressed_cells(counts)
    recovered = _recover_by_subtraction(_shown(counts, hidden))

    grid = table_with_totals(counts)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value < 5:
                assert (r, c) in hidden
            if (r, c) in hidden:
                assert recovered[r][c] is None, (r, c)


def test_a_table_of_large_counts_is_shown_whole():
    assert suppressed_cells([[10, 20], [30, 40]]) == frozenset()


def test_display_hides_every_figure_computed_from_a_hidden_count():
    tallies = {("a",): Tally(90, 30), ("b",): Tally(75, 25), ("c",): Tally(43, 3)}
    table = impact_table(tallies, measure=Measure.SELECTION_RATE, questions=["group"])

    shown = impact_table_for_display(table)

    small = shown.rows[2]
    assert (small.counts.favourable, small.counts.not_favourable) == (None, None)
    assert small.counts.total == 43
    assert (small.rate, small.impact_ratio, small.fisher_p, small.below_four_fifths) == (
        None,
        None,
        None,
        None,
    )
    # Group b holds the smallest counts of each column, so it is hidden too.
    assert shown.rows[1].counts.favourable is None
    assert shown.rows[1].rate is None
    assert shown.rows[0].counts.favourable == 30
    assert shown.rows[0].impact_ratio == pytest.approx(1.0)
    assert shown.totals.favourable == 58
    assert shown.totals.total == 208
    assert shown.ratios_withheld is False


def test_a_hidden_reference_row_withholds_every_ratio():
    """Each shown rate divided by its ratio would give the reference's rate back."""
    tallies = {("a",): Tally(4, 4), ("b",): Tally(80, 40), ("c",): Tally(60, 20)}
    table = impact_table(tallies, measure=Measure.SELECTION_RATE, questions=["group"])

    shown = impact_table_for_display(table)

    assert table.reference == ("a",)
    assert shown.ratios_withheld is True
    assert all(row.impact_ratio is None for row in shown.rows)
    assert all(row.fisher_p is None for row in shown.rows)
    assert shown.rows[0].role is RowRole.COMPARED
