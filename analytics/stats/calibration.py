"""Calibration view: the mean outcome of hires in each fifth of the score range.

If a higher AI score means a better hire, the mean outcome rises from the
lowest quintile to the highest (analytics method notes, "Calibration view").

Bins are cut at the 20th, 40th, 60th and 80th percentiles of the hires' scores
(percentile_cont, as analytics.stats.descriptive). Quintile k holds the
scores in (cut[k-1], cut[k]]: a score equal to a cut point goes to the lower
quintile. So equal scores always share a quintile and the result does not
depend on the order of the input; with many ties some quintiles hold more
hires than others, or none, and every bin reports its n.
"""

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from analytics.stats.descriptive import percentile_of_sorted
from analytics.stats.inputs import require_pairs

QUINTILES = 5
# A mean of fewer hires than this swings on one person; such a bin is marked.
MIN_HIRES_PER_BIN = 5


@dataclass(frozen=True)
class CalibrationBin:
    quintile: int  # 1 = lowest scores
    n: int
    mean_outcome: float | None  # None for an empty bin
    lowest_score: float | None
    highest_score: float | None
    too_few: bool  # n < MIN_HIRES_PER_BIN: read the mean with care


def calibration_by_quintile(
    scores: Sequence[float], outcomes: Sequence[float]
) -> list[CalibrationBin]:
    """Mean outcome and n of hires per score quintile, lowest first.

    Outcomes may be numbers or pass/fail booleans (the mean is then the pass
    rate).
    """
    require_pairs(scores, outcomes, minimum=1)
    ordered = sorted(scores)
    cuts = [percentile_of_sorted(ordered, k / QUINTILES) for k in range(1, QUINTILES)]
    members: list[list[tuple[float, float]]] = [[] for _ in range(QUINTILES)]
    for score, outcome in zip(scores, outcomes, strict=True):
        # bisect_left counts the cuts strictly below the score, so a score
        # on a cut lands in the lower bin.
        members[bisect_left(cuts, score)].append((score, float(outcome)))
    return [_bin(index + 1, pairs) for index, pairs in enumerate(members)]


def _bin(quintile: int, pairs: list[tuple[float, float]]) -> CalibrationBin:
    n = len(pairs)
    if n == 0:
        return CalibrationBin(quintile, 0, None, None, None, too_few=True)
    bin_scores = [score for score, _ in pairs]
    return CalibrationBin(
        quintile=quintile,
        n=n,
        mean_outcome=math.fsum(outcome for _, outcome in pairs) / n,
        lowest_score=min(bin_scores),
        highest_score=max(bin_scores),
        too_few=n < MIN_HIRES_PER_BIN,
    )
