"""Small-cell suppression for a table of counts with row and column totals.

Group data such as ethnicity is sensitive personal information under PIPL,
and a count of 3 in a group row reveals what happened to 3 identifiable
people. So no count under 5 is shown, zero included ("none of the 3 were
hired" discloses each one's outcome).

Hiding a cell is not enough when the totals are shown: the cell is then the
total minus the other cells of its row or column. Each row and column of the
table, totals included, is an equation (cells sum to the total), and a cell
hidden alone on such a line can be recovered by subtraction. Secondary
suppression therefore repeats, until no line holds exactly one hidden cell:
on a line with exactly one hidden cell, also hide its smallest shown cell
(the least information lost; the first such cell on a tie, so the outcome is
deterministic). This is the standard heuristic of statistical agencies (e.g.
Hundepool et al., Statistical Disclosure Control, Wiley 2012, 4.2; the
complementary suppression of the US Census Bureau's tables). It blocks
recovery by subtraction along any row or column; it does not make every
hidden value unbounded, which needs linear programming and is beyond these
small audit tables.
"""

from collections.abc import Sequence
from itertools import chain

# Counts below this are never shown.
MIN_SHOWN_COUNT = 5

Cell = tuple[int, int]


def table_with_totals(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """The counts with a total column appended to each row and a total row below."""
    if not counts or not counts[0]:
        raise ValueError("a table needs at least one row and one column")
    width = len(counts[0])
    if any(len(row) != width for row in counts):
        raise ValueError("every row needs the same number of columns")
    rows = [[*row, sum(row)] for row in counts]
    totals = [sum(row[column] for row in rows) for column in range(width + 1)]
    return [*rows, totals]


def suppressed_cells(
    counts: Sequence[Sequence[int]], *, min_shown: int = MIN_SHOWN_COUNT
) -> frozenset[Cell]:
    """Cells to hide in table_with_totals(counts), as (row, column) positions.

    The last row and the last column are the totals. Primary suppression
    hides every count under `min_shown`; secondary suppression then follows
    the module's rule until no row or column has exactly one hidden cell.
    """
    grid = table_with_totals(counts)
    height, width = len(grid), len(grid[0])
    lines = [[(row, column) for column in range(width)] for row in range(height)] + [
        [(row, column) for row in range(height)] for column in range(width)
    ]
    hidden = {
        cell for cell in chain.from_iterable(lines[:height]) if _value(grid, cell) < min_shown
    }
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(cell in hidden for cell in line) == 1:
                shown = [cell for cell in line if cell not in hidden]
                hidden.add(min(shown, key=lambda cell: _value(grid, cell)))
                changed = True
    return frozenset(hidden)


def _value(grid: list[list[int]], cell: Cell) -> int:
    row, column = cell
    return grid[row][column]
