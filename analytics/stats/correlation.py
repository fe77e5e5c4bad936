"""Correlation of pre-hire scores with later outcomes, with a 95 % interval.

- Pearson r for continuous outcomes (appraisal scores, KPI values).
- Spearman rho for ratings, counts and skewed outcomes: Pearson r of the
  average ranks, so ties share the mean of the ranks they span (as
  scipy.stats.spearmanr and scipy.stats.rankdata(method="average")).
- Point-biserial r for a pass/fail outcome: Pearson r with pass = 1, fail = 0
  (as scipy.stats.pointbiserialr).

Intervals use Fisher's z: z = atanh(r), CI = tanh(z -+ z_.975 * SE) with
SE = 1/sqrt(n - 3) for Pearson (as SciPy's PearsonRResult.confidence_interval,
https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats._result_classes.PearsonRResult.confidence_interval.html)
and SE = sqrt((1 + rho^2/2) / (n - 3)) for Spearman (Bonett & Wright 2000,
Psychometrika 65(1) 23-28; statpsych's ci.spear,
https://dgbonett.github.io/statpsych/reference/ci.spear.html).
z_.975 is the exact normal quantile 1.959964, which "1.96" rounds.

The report functions (pearson, spearman, point_biserial) withhold the
coefficient below 30 pairs and label its power (analytics.stats.power).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist, fmean

from analytics.stats.inputs import require_pairs
from analytics.stats.power import PowerVerdict, power_verdict

Z_95 = NormalDist().inv_cdf(0.975)


class ConstantVariableError(ValueError):
    """One side of the pairs never varies, so no correlation exists.

    For example every hire passed probation. A report says so instead of
    showing a coefficient.
    """


class Method(StrEnum):
    PEARSON = "pearson"
    SPEARMAN = "spearman"
    POINT_BISERIAL = "point-biserial"


@dataclass(frozen=True)
class Correlation:
    """A coefficient as a report shows it: withheld (None) under 30 pairs."""

    method: Method
    n: int
    power: PowerVerdict
    r: float | None
    ci_low: float | None
    ci_high: float | None


def pearson_r(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson's r = sum((x - mx)(y - my)) / sqrt(sum((x - mx)^2) sum((y - my)^2)).

    Raise ValueError for fewer than 2 pairs, unequal lengths or non-finite
    values, and ConstantVariableError when x or y never varies.
    """
    require_pairs(xs, ys, minimum=2)
    mean_x, mean_y = fmean(xs), fmean(ys)
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx = math.fsum(d * d for d in dx)
    syy = math.fsum(d * d for d in dy)
    if sxx == 0 or syy == 0:
        which = "x" if sxx == 0 else "y"
        raise ConstantVariableError(f"every {which} value is the same; r is undefined")
    sxy = math.fsum(a * b for a, b in zip(dx, dy, strict=True))
    # Rounding can push |r| a hair past 1, where atanh is undefined.
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks 1..n; tied values each get the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda index: values[index])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        # Positions start..end (0-based) hold ranks start+1..end+1.
        shared_rank = (start + end) / 2 + 1
        for position in range(start, end + 1):
            ranks[order[position]] = shared_rank
        start = end + 1
    return ranks


def spearman_rho(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rho: Pearson's r of the average ranks of x and of y."""
    require_pairs(xs, ys, minimum=2)
    return pearson_r(average_ranks(xs), average_ranks(ys))


def fisher_z_interval(r: float, standard_error: float) -> tuple[float, float]:
    """95 % interval tanh(atanh(r) -+ z_.975 * SE), SE on the z scale."""
    if not -1 <= r <= 1:
        raise ValueError(f"r must lie in [-1, 1], got {r!r}")
    if abs(r) == 1:
        # atanh(+-1) is infinite: a perfect sample correlation has a
        # zero-width interval, as SciPy reports.
        return (r, r)
    z = math.atanh(r)
    margin = Z_95 * standard_error
    return (math.tanh(z - margin), math.tanh(z + margin))


def pearson_interval(r: float, n: int) -> tuple[float, float]:
    """Fisher z interval for Pearson's r, SE = 1/sqrt(n - 3)."""
    _require_more_than_three(n)
    return fisher_z_interval(r, 1 / math.sqrt(n - 3))


def spearman_interval(rho: float, n: int) -> tuple[float, float]:
    """Bonett-Wright interval for Spearman's rho, SE = sqrt((1 + rho^2/2)/(n - 3))."""
    _require_more_than_three(n)
    return fisher_z_interval(rho, math.sqrt((1 + rho * rho / 2) / (n - 3)))


def pearson(scores: Sequence[float], outcomes: Sequence[float]) -> Correlation:
    """Pearson r of scores with a continuous outcome, as a report shows it."""
    require_pairs(scores, outcomes, minimum=0)
    return _gated(Method.PEARSON, scores, outcomes, pearson_r, pearson_interval)


def spearman(scores: Sequence[float], outcomes: Sequence[float]) -> Correlation:
    """Spearman rho of scores with a rating, count or skewed outcome."""
    require_pairs(scores, outcomes, minimum=0)
    return _gated(Method.SPEARMAN, scores, outcomes, spearman_rho, spearman_interval)


def point_biserial(scores: Sequence[float], passed: Sequence[bool]) -> Correlation:
    """Point-biserial r of scores with pass/fail: Pearson r with pass = 1, fail = 0."""
    outcomes = [1.0 if outcome else 0.0 for outcome in passed]
    require_pairs(scores, outcomes, minimum=0)
    return _gated(Method.POINT_BISERIAL, scores, outcomes, pearson_r, pearson_interval)


def _gated(
    method: Method,
    xs: Sequence[float],
    ys: Sequence[float],
    coefficient: Callable[[Sequence[float], Sequence[float]], float],
    interval: Callable[[float, int], tuple[float, float]],
) -> Correlation:
    n = len(xs)
    verdict = power_verdict(n)
    if verdict is PowerVerdict.NOT_ENOUGH_DATA:
        return Correlation(method=method, n=n, power=verdict, r=None, ci_low=None, ci_high=None)
    r = coefficient(xs, ys)
    low, high = interval(r, n)
    return Correlation(method=method, n=n, power=verdict, r=r, ci_low=low, ci_high=high)


def _require_more_than_three(n: int) -> None:
    # SE = .../sqrt(n - 3): undefined at n = 3 and below.
    if n <= 3:
        raise ValueError(f"a Fisher z interval needs more than 3 pairs, got {n}")
