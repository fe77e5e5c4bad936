"""Checks shared by the statistics: the same clear ValueError for the same bad input."""

import math
from collections.abc import Sequence


def require_finite(values: Sequence[float], *, name: str) -> None:
    """Raise ValueError if any value is NaN or infinite.

    A NaN would otherwise flow through sums and comparisons and come out as a
    NaN coefficient or a silently misplaced rank.
    """
    for index, value in enumerate(values):
        if not math.isfinite(value):
            raise ValueError(f"{name}[{index}] is {value!r}; every value must be a finite number")


def require_pairs(xs: Sequence[float], ys: Sequence[float], *, minimum: int) -> None:
    """Raise ValueError unless xs and ys are finite, equally long and at least `minimum` long."""
    if len(xs) != len(ys):
        raise ValueError(f"paired data needs equal lengths, got {len(xs)} and {len(ys)}")
    if len(xs) < minimum:
        raise ValueError(f"needs at least {minimum} pairs, got {len(xs)}")
    require_finite(xs, name="x")
    require_finite(ys, name="y")
