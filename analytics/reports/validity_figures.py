"""The validity report's figures: the (score, outcome) pairs of the hires inside the
filter, expanded from their counts, and what the statistics make of them.

The statistics themselves are analytics.stats'; this module only feeds them the
pairs and the applicant pool's spread (for the range-restriction correction).
"""

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum

from analytics.models import ApplicantScoreFact, ValidityFact
from analytics.reports.filters import ReportFilter
from analytics.stats.correlation import ConstantVariableError, Correlation, pearson, spearman
from analytics.stats.power import PowerVerdict, power_verdict
from analytics.stats.range_restriction import (
    RangeCorrectedCorrelation,
    correct_for_range_restriction,
)

Pairs = tuple[list[float], list[float]]


@dataclass(frozen=True)
class PairFigures:
    """One predictor against one outcome among the hires of the filter."""

    predictor: str
    outcome: str
    n: int
    pearson: Correlation | None
    spearman: Correlation | None
    # Observed Pearson r beside its Case II estimate for all applicants (None: no
    # coefficient, or no applicant spread to compare with).
    corrected: RangeCorrectedCorrelation | None
    # True when the score or the outcome never varies (every hire passed probation).
    constant: bool = False

    @property
    def verdict(self) -> PowerVerdict:
        return power_verdict(self.n)


def validity_rows(flt: ReportFilter, **where: Any) -> Any:
    """ValidityFact rows inside scope and filters, hired in the period."""
    return flt.facts(ValidityFact, "hired_month").filter(**where)


def pairs_by(rows: Any, *group: str) -> dict[tuple[Any, ...], Pairs]:
    """(x list, y list) per group key, each pair repeated as often as it was counted."""
    found: dict[tuple[Any, ...], Pairs] = defaultdict(lambda: ([], []))
    counted = rows.values_list(*group, "x", "y").annotate(n=Sum("count")).order_by()
    for *key, x, y, n in counted:
        xs, ys = found[tuple(key)]
        xs.extend([float(x)] * n)
        ys.extend([float(y)] * n)
    return dict(found)


def applicant_sd(flt: ReportFilter, predictor: str) -> float | None:
    """The sample SD of every applicant's score on `predictor` whose cohort week is in
    the period (same scope and filters), from the counts, sums and sums of squares."""
    total = (
        flt.facts(ApplicantScoreFact)
        .filter(predictor=predictor)
        .aggregate(n=Sum("n"), s=Sum("total"), ss=Sum("total_squares"))
    )
    return sd_from_sums(total["n"] or 0, total["s"] or 0.0, total["ss"] or 0.0)


def sd_from_sums(n: int, total: float, total_squares: float) -> float | None:
    """Sample SD (n - 1) from n, sum and sum of squares; None below two values."""
    if n < 2:
        return None
    variance = (total_squares - total * total / n) / (n - 1)
    # Rounding can leave a hair below zero when every value is the same.
    return math.sqrt(max(variance, 0.0))


def pair_figures(
    predictor: str, outcome: str, pairs: Pairs, pool_sd: float | None = None
) -> PairFigures:
    xs, ys = pairs
    n = len(xs)
    try:
        observed = pearson(xs, ys)
        ranked = spearman(xs, ys)
    except ConstantVariableError:
        return PairFigures(predictor, outcome, n, None, None, None, constant=True)
    return PairFigures(predictor, outcome, n, observed, ranked, _corrected(observed, xs, pool_sd))


def _corrected(
    observed: Correlation, xs: list[float], pool_sd: float | None
) -> RangeCorrectedCorrelation | None:
    """Thorndike Case II with u = SD(applicants) / SD(hires of this sample)."""
    if observed.r is None or not pool_sd or len(xs) < 2:
        return None
    hire_sd = statistics.stdev(xs)
    if hire_sd == 0:
        return None
    return correct_for_range_restriction(observed_r=observed.r, u=pool_sd / hire_sd)


def figures_all(flt: ReportFilter) -> list[PairFigures]:
    """Every predictor against every outcome in the filter, with the correction."""
    grouped = pairs_by(validity_rows(flt), "predictor", "outcome")
    spreads: dict[str, float | None] = {}
    found = []
    for (predictor, outcome), pairs in grouped.items():
        if predictor not in spreads:
            spreads[predictor] = applicant_sd(flt, predictor)
        found.append(pair_figures(predictor, outcome, pairs, spreads[predictor]))
    return found


def choices_present(flt: ReportFilter) -> tuple[list[str], list[str]]:
    """The predictors and outcomes the facts hold (any period, inside scope)."""
    rows = flt.scoped(ValidityFact.objects.all())
    predictors = rows.values_list("predictor", flat=True).distinct().order_by("predictor")
    outcomes = rows.values_list("outcome", flat=True).distinct().order_by("outcome")
    return list(predictors), list(outcomes)


def sorted_figures(figures: Iterable[PairFigures], order: dict[str, int]) -> list[PairFigures]:
    return sorted(figures, key=lambda f: (order.get(f.predictor, 99), f.predictor, f.outcome))
