"""Which rows of a table of groups hide their figures, so that no group under 5 people
can be seen, nor worked out from a total shown beside it.

A row of fewer than 5 answers (or people) hides its count and everything computed from
it. With a total row shown, one hidden row would be the total minus the others, so the
column is suppressed as analytics.stats.small_cells does it (complementary
suppression); on top, hidden rows are added until together they hold at least 5, since
their combined figures (total minus the shown rows) would otherwise describe fewer than
5 people.
"""

from collections.abc import Sequence

from analytics.stats.small_cells import MIN_SHOWN_COUNT, suppressed_cells


def masked_rows(counts: Sequence[int], *, min_shown: int = MIN_SHOWN_COUNT) -> set[int]:
    """Indexes of the rows whose figures are withheld when a total row is shown."""
    if not counts:
        return set()
    hidden = {
        row
        for row, column in suppressed_cells([[n] for n in counts], min_shown=min_shown)
        if row < len(counts)
    }
    while hidden and sum(counts[row] for row in hidden) < min_shown:
        shown = [row for row in range(len(counts)) if row not in hidden]
        if not shown:
            break
        hidden.add(min(shown, key=lambda row: counts[row]))
    return hidden
