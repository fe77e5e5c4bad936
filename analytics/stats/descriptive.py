"""Medians, 90th percentiles and means, computed as PostgreSQL computes them.

Reports compute some figures in SQL and some here, so both must agree.
Percentiles are PostgreSQL's percentile_cont (continuous, interpolating):
sort the n values, take position p * (n - 1) counted from 0, and interpolate
linearly between the two values around it
(https://www.postgresql.org/docs/current/functions-aggregate.html; Hyndman &
Fan 1996 definition 7, NumPy's default "linear" method). An empty input gives
None, as the SQL aggregates give NULL.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from analytics.stats.inputs import require_finite


@dataclass(frozen=True)
class MeanWithN:
    """A mean is never shown without how many values it averages."""

    mean: float | None
    n: int


def percentile_cont(values: Sequence[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY value)."""
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must lie in [0, 1], got {fraction!r}")
    require_finite(values, name="values")
    if not values:
        return None
    return percentile_of_sorted(sorted(values), fraction)


def percentile_of_sorted(ordered: Sequence[float], fraction: float) -> float:
    """percentile_cont of values already sorted ascending (at least one)."""
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = math.ceil(position)
    weight = position - below
    return ordered[below] + (ordered[above] - ordered[below]) * weight


def median(values: Sequence[float]) -> float | None:
    """percentile_cont(0.5): the middle value, or the mean of the middle two."""
    return percentile_cont(values, 0.5)


def p90(values: Sequence[float]) -> float | None:
    """percentile_cont(0.9)."""
    return percentile_cont(values, 0.9)


def mean_with_n(values: Sequence[float]) -> MeanWithN:
    """Arithmetic mean (None when empty, as SQL's avg) with the count."""
    require_finite(values, name="values")
    if not values:
        return MeanWithN(mean=None, n=0)
    return MeanWithN(mean=math.fsum(values) / len(values), n=len(values))
