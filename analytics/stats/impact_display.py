"""What of an impact table may be shown, once small cells are suppressed.

The table is read as counts per category (favourable, not favourable) with
row and column totals, and suppressed as analytics.stats.small_cells says.
Figures computed from a hidden count would reveal it again, so a row with a
hidden count shows no rate, impact ratio, flag or p-value. When the
reference row (the highest rate) has a hidden count, every impact ratio is
withheld, because each shown rate divided by its ratio gives the reference
rate back; excluding categories under 2 % of the data is the usual remedy.
"""

from dataclasses import dataclass

from analytics.stats.adverse_impact import Category, ImpactTable, RowRole
from analytics.stats.small_cells import MIN_SHOWN_COUNT, suppressed_cells, table_with_totals

FAVOURABLE, NOT_FAVOURABLE, TOTAL = 0, 1, 2


@dataclass(frozen=True)
class ShownCounts:
    """Counts as displayed: None where suppressed."""

    favourable: int | None
    not_favourable: int | None
    total: int | None


@dataclass(frozen=True)
class ShownRow:
    category: Category
    role: RowRole
    counts: ShownCounts
    rate: float | None
    impact_ratio: float | None
    below_four_fifths: bool | None
    fisher_p: float | None


@dataclass(frozen=True)
class ShownImpactTable:
    rows: tuple[ShownRow, ...]
    totals: ShownCounts
    # True when the reference row's counts are hidden, so no ratio is shown.
    ratios_withheld: bool


def impact_table_for_display(
    table: ImpactTable, *, min_shown: int = MIN_SHOWN_COUNT
) -> ShownImpactTable:
    """Suppress small cells of `table` and every figure that would reveal them."""
    counts = [[row.favourable, row.total - row.favourable] for row in table.rows]
    hidden = suppressed_cells(counts, min_shown=min_shown)

    grid = table_with_totals(counts)

    def shown(row_index: int) -> ShownCounts:
        return ShownCounts(
            *(
                None if (row_index, column) in hidden else grid[row_index][column]
                for column in (FAVOURABLE, NOT_FAVOURABLE, TOTAL)
            )
        )

    def row_hidden(row_index: int) -> bool:
        return any((row_index, column) in hidden for column in range(3))

    reference_index = next(
        (index for index, row in enumerate(table.rows) if row.category == table.reference), None
    )
    ratios_withheld = reference_index is not None and row_hidden(reference_index)
    rows = []
    for index, row in enumerate(table.rows):
        hide_figures = row_hidden(index)
        hide_comparison = hide_figures or ratios_withheld
        rows.append(
            ShownRow(
                category=row.category,
                role=row.role,
                counts=shown(index),
                rate=None if hide_figures else row.rate,
                impact_ratio=None if hide_comparison else row.impact_ratio,
                below_four_fifths=None if hide_comparison else row.below_four_fifths,
                fisher_p=None if hide_comparison else row.fisher_p,
            )
        )
    return ShownImpactTable(
        rows=tuple(rows), totals=shown(len(counts)), ratios_withheld=ratios_withheld
    )
