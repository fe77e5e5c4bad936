"""Correcting a validity coefficient for direct range restriction.

Only hires have a performance outcome, and hires were chosen for their high
scores, so r among hires understates r among all applicants. Thorndike's
Case II (direct selection on the score) estimates the applicant-pool value:

    R = r * u / sqrt(1 - r^2 + r^2 * u^2),   u = SD(applicants) / SD(hires)

(Thorndike 1949; psych::range.correction,
https://rdrr.io/cran/psych/man/range.correction.html; r = .25, u = 1.4 gives
.34). hrflow stores every applicant's AI score, so u is measured, not guessed.

Selection on a composite of several scores is indirect (Case III /
Hunter-Schmidt) and this formula over-corrects it; meta-analyses that
corrected too freely overstated validities by .10-.20 (Sackett et al. 2022,
J. Applied Psychology 107(11)). So the corrected value is only ever returned
beside the observed one, never alone.
"""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from analytics.stats.inputs import require_finite


@dataclass(frozen=True)
class RangeCorrectedCorrelation:
    """Observed r among hires beside the Case II estimate for all applicants."""

    observed: float
    corrected: float
    # SD(applicants) / SD(hires); above 1 when hiring narrowed the range.
    u: float


def correct_for_range_restriction(*, observed_r: float, u: float) -> RangeCorrectedCorrelation:
    """Thorndike Case II: R = r*u / sqrt(1 - r^2 + r^2 u^2)."""
    if not -1 <= observed_r <= 1:
        raise ValueError(f"observed_r must lie in [-1, 1], got {observed_r!r}")
    if not (math.isfinite(u) and u > 0):
        raise ValueError(f"u is a ratio of standard deviations and must be > 0, got {u!r}")
    r_squared = observed_r * observed_r
    corrected = observed_r * u / math.sqrt(1 - r_squared + r_squared * u * u)
    return RangeCorrectedCorrelation(observed=observed_r, corrected=corrected, u=u)


def sd_ratio(*, applicant_scores: Sequence[float], hire_scores: Sequence[float]) -> float:
    """u = SD(applicants) / SD(hires), both sample SDs (n - 1).

    Raise ValueError when either group has fewer than 2 scores or the hires'
    scores never vary (u would be infinite).
    """
    require_finite(applicant_scores, name="applicant_scores")
    require_finite(hire_scores, name="hire_scores")
    if len(applicant_scores) < 2 or len(hire_scores) < 2:
        raise ValueError("u needs at least 2 applicant scores and 2 hire scores")
    hire_sd = statistics.stdev(hire_scores)
    if hire_sd == 0:
        raise ValueError("every hire has the same score; u is undefined")
    return statistics.stdev(applicant_scores) / hire_sd
