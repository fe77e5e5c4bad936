"""Fisher's exact test for a 2x2 table, two-sided, in exact arithmetic.

Shown beside each impact ratio: with small groups a ratio under 0.80 can be
chance, and the exact test holds at any group size where a chi-square or z
test does not.

With the margins fixed, the count of selected people in the group follows the
hypergeometric distribution:

    P(a) = C(K, a) * C(N - K, n - a) / C(N, n)

with N people in both groups, K of them selected, n in the group. The
two-sided p-value sums P over every table at least as improbable as the one
observed, P(a) <= P(observed) (Fisher 1935; Agresti, Categorical Data
Analysis, 3rd ed., 3.5.1; the definition scipy.stats.fisher_exact uses).
The probabilities share the denominator C(N, n), so the numerators are
compared as exact integers: ties (e.g. in symmetric tables) count exactly,
with no floating-point tolerance.
"""

import math
from fractions import Fraction


def fisher_exact_p_exact(
    *,
    group_selected: int,
    group_not_selected: int,
    reference_selected: int,
    reference_not_selected: int,
) -> Fraction:
    """Two-sided Fisher exact p for [[group_selected, group_not_selected],
    [reference_selected, reference_not_selected]], as an exact fraction."""
    cells = (group_selected, group_not_selected, reference_selected, reference_not_selected)
    if any(cell < 0 for cell in cells):
        raise ValueError(f"counts must not be negative, got {cells}")
    group_size = group_selected + group_not_selected
    selected = group_selected + reference_selected
    total = sum(cells)
    not_selected = total - selected
    # The group's selected count ranges over what the margins allow.
    lowest = max(0, group_size - not_selected)
    highest = min(group_size, selected)

    weights = _hypergeometric_numerators(selected, not_selected, group_size, lowest, highest)
    observed = weights[group_selected - lowest]
    as_extreme = sum(weight for weight in weights if weight <= observed)
    return Fraction(as_extreme, math.comb(total, group_size))


def _hypergeometric_numerators(
    selected: int, not_selected: int, group_size: int, lowest: int, highest: int
) -> list[int]:
    """C(K, a) * C(N - K, n - a) for a = lowest..highest.

    Each term follows from the previous by the ratio
    (K - a)(n - a) / ((a + 1)(N - K - n + a + 1)); the division is exact,
    being a ratio of integers, and avoids two large binomials per term
    (about 20x faster for a few thousand applicants).
    """
    weight = math.comb(selected, lowest) * math.comb(not_selected, group_size - lowest)
    weights = [weight]
    for a in range(lowest, highest):
        weight = (
            weight
            * (selected - a)
            * (group_size - a)
            // ((a + 1) * (not_selected - group_size + a + 1))
        )
        weights.append(weight)
    return weights


# Beyond this many people the exact integers grow to hundreds of thousands of digits (a
# fairness page at a million applications spent minutes here): the float path below sums
# the same probabilities from log-gamma, as SciPy does.
EXACT_UP_TO = 5_000
# SciPy's tolerance for "at least as improbable" in floating point (scipy.stats._stats_py
# fisher_exact: 1 + 1e-7).
RELATIVE_TIE = 1 + 1e-7


def fisher_exact_p(
    *,
    group_selected: int,
    group_not_selected: int,
    reference_selected: int,
    reference_not_selected: int,
) -> float:
    """Two-sided Fisher exact p for display: exact fractions up to EXACT_UP_TO people,
    log-space floats beyond (the same value to about 1e-9)."""
    cells = (group_selected, group_not_selected, reference_selected, reference_not_selected)
    if sum(cells) <= EXACT_UP_TO or any(cell < 0 for cell in cells):
        return float(
            fisher_exact_p_exact(
                group_selected=group_selected,
                group_not_selected=group_not_selected,
                reference_selected=reference_selected,
                reference_not_selected=reference_not_selected,
            )
        )
    group_size = group_selected + group_not_selected
    selected = group_selected + reference_selected
    total = sum(cells)
    not_selected = total - selected
    lowest = max(0, group_size - not_selected)
    highest = min(group_size, selected)
    denominator = _log_comb(total, group_size)

    def log_p(a: int) -> float:
        return _log_comb(selected, a) + _log_comb(not_selected, group_size - a) - denominator

    observed = log_p(group_selected) + math.log(RELATIVE_TIE)
    # The terms fall away from the mode on both sides: sum each side's tail only where
    # it is at most the observed probability, walking outwards from the ends.
    total_p = 0.0
    for a in range(lowest, highest + 1):
        value = log_p(a)
        if value > observed:
            break
        total_p += math.exp(value)
    else:
        return 1.0
    for a in range(highest, lowest - 1, -1):
        value = log_p(a)
        if value > observed:
            break
        total_p += math.exp(value)
    return min(1.0, total_p)


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
