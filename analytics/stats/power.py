"""How many score-outcome pairs a correlation needs before hrflow shows it.

The sample size that detects a correlation r with a two-sided test at
alpha = .05 and power .80 comes from the Fisher z approximation:

    n = ((z_{1-alpha/2} + z_{power}) / atanh(r))^2 + 3

(Cohen, Statistical Power Analysis, 1988, ch. 3; the same formula as the
pwr package's pwr.r.test). With z = 1.959964 and 0.841621 this gives
r = .10: 783, .20: 194, .30: 85, .40: 47 pairs.

The reports use it to label a coefficient:
- under 30 pairs the coefficient is not shown at all: its 95 % interval spans
  about +-0.35, so any value would be read as a finding it is not;
- 30 to 84 pairs cannot reliably detect r = .30, the size of a useful
  predictor of job performance, so the value is shown as "low power";
- from 85 pairs r = .30 is detected with power .80: "ok".
"""

import math
from enum import StrEnum
from statistics import NormalDist

ALPHA = 0.05
POWER = 0.80
# The smallest correlation worth detecting: a useful selection predictor.
DETECTABLE_R = 0.30
# Below this many pairs no coefficient is reported.
MIN_PAIRS_FOR_COEFFICIENT = 30


class PowerVerdict(StrEnum):
    NOT_ENOUGH_DATA = "not enough data"
    LOW_POWER = "low power"
    OK = "ok"


def pairs_needed(r: float, *, alpha: float = ALPHA, power: float = POWER) -> int:
    """Pairs needed to detect correlation `r` (two-sided), rounded up.

    n = ((z_{1-alpha/2} + z_{power}) / atanh(r))^2 + 3, with exact normal
    quantiles (1.96 and 0.84 are their rounded values).
    """
    if not 0 < abs(r) < 1:
        raise ValueError(f"r must be strictly between -1 and 1 and not 0, got {r!r}")
    normal = NormalDist()
    z_sum = normal.inv_cdf(1 - alpha / 2) + normal.inv_cdf(power)
    return math.ceil((z_sum / math.atanh(abs(r))) ** 2 + 3)


# 85 pairs: the number that detects r = .30 at alpha .05 with power .80.
PAIRS_FOR_ADEQUATE_POWER = pairs_needed(DETECTABLE_R)


def power_verdict(n: int) -> PowerVerdict:
    """Label a correlation computed from `n` pairs (thresholds: module docstring)."""
    if n < MIN_PAIRS_FOR_COEFFICIENT:
        return PowerVerdict.NOT_ENOUGH_DATA
    if n < PAIRS_FOR_ADEQUATE_POWER:
        return PowerVerdict.LOW_POWER
    return PowerVerdict.OK
