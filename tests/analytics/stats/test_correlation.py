"""Correlations and their intervals agree with SciPy on the same numbers."""

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from analytics.stats.correlation import (
    ConstantVariableError,
    Method,
    average_ranks,
    pearson,
    pearson_interval,
    pearson_r,
    point_biserial,
    spearman,
    spearman_interval,
    spearman_rho,
)
from analytics.stats.power import PowerVerdict, pairs_needed, power_verdict


def _correlated_sample(seed: int, n: int, true_r: float) -> tuple[list[float], list[float]]:
    rng = random.Random(seed)
    xs = [rng.gauss(60, 12) for _ in range(n)]
    ys = [true_r * (x - 60) / 12 + math.sqrt(1 - true_r**2) * rng.gauss(0, 1) for x in xs]
    return xs, ys


SAMPLES = [
    _correlated_sample(seed, n, true_r)
    for seed, n, true_r in [(1, 40, 0.5), (2, 120, 0.3), (3, 90, -0.4), (4, 35, 0.0), (5, 500, 0.8)]
]


@pytest.mark.parametrize(("xs", "ys"), SAMPLES)
def test_pearson_matches_scipy_with_its_interval(xs, ys):
    expected = stats.pearsonr(xs, ys)
    expected_low, expected_high = expected.confidence_interval(0.95)

    result = pearson(xs, ys)

    assert result.r == pytest.approx(expected.statistic, abs=1e-12)
    assert result.ci_low == pytest.approx(expected_low, abs=1e-12)
    assert result.ci_high == pytest.approx(expected_high, abs=1e-12)
    assert result.n == len(xs)
    assert result.method is Method.PEARSON


@pytest.mark.parametrize(("xs", "ys"), SAMPLES)
def test_spearman_matches_scipy_on_rounded_scores_with_ties(xs, ys):
    # Rounding to whole points makes many ties, as real AI scores have.
    scores = [round(x) for x in xs]
    ratings = [round(y) for y in ys]
    assert len(set(scores)) < len(scores)

    result = spearman(scores, ratings)

    assert result.r == pytest.approx(stats.spearmanr(scores, ratings).statistic, abs=1e-12)


@pytest.mark.parametrize(("xs", "ys"), SAMPLES)
def test_point_biserial_matches_scipy(xs, ys):
    passed = [y > 0 for y in ys]

    result = point_biserial(xs, passed)

    expected = stats.pointbiserialr([int(p) for p in passed], xs).statistic
    assert result.r == pytest.approx(expected, abs=1e-12)
    assert result.method is Method.POINT_BISERIAL


def test_average_ranks_match_scipy_rankdata():
    values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]

    assert average_ranks(values) == list(stats.rankdata(values, method="average"))


@pytest.mark.parametrize(
    ("xs", "ys"),
    [
        ([1.0, 2.0, 3.0], [2.0, 1.0, 4.0]),  # n = 3, the fewest with a nonzero df
        ([1.0, 2.0, 3.0, 4.0, 5.0], [5.0, 3.0, 4.0, 1.0, 2.0]),  # negative r
        ([1.0, 1.0, 2.0, 2.0, 3.0, 3.0], [1.0, 2.0, 2.0, 3.0, 3.0, 3.0]),  # ties on both sides
    ],
)
def test_raw_coefficients_match_scipy_on_small_samples(xs, ys):
    assert pearson_r(xs, ys) == pytest.approx(stats.pearsonr(xs, ys).statistic, abs=1e-12)
    assert spearman_rho(xs, ys) == pytest.approx(stats.spearmanr(xs, ys).statistic, abs=1e-12)


def test_negative_r_has_an_interval_below_zero():
    xs, ys = SAMPLES[2]

    result = pearson(xs, ys)

    assert result.r is not None
    assert result.r < -0.2
    assert result.ci_low < result.r < result.ci_high < 0


def test_spearman_interval_matches_statpsych_example():
    """statpsych's ci.spear example (Bonett & Wright 2000) gives .5841 to .9638."""
    y = [21, 4, 9, 12, 35, 18, 10, 22, 24, 1, 6, 8, 13, 16, 19]
    x = [67, 28, 30, 28, 52, 40, 25, 37, 44, 10, 14, 20, 28, 40, 51]

    rho = spearman_rho(x, y)
    low, high = spearman_interval(rho, len(x))

    assert rho == pytest.approx(0.8699639, abs=1e-7)
    assert low == pytest.approx(0.5840951, abs=1e-6)
    assert high == pytest.approx(0.9638297, abs=1e-6)


def test_spearman_interval_is_wider_than_pearson_for_the_same_value():
    pearson_low, pearson_high = pearson_interval(0.4, 60)
    spearman_low, spearman_high = spearman_interval(0.4, 60)

    assert spearman_low < pearson_low
    assert spearman_high > pearson_high


def test_perfect_correlation_has_a_zero_width_interval():
    assert pearson_interval(1.0, 40) == (1.0, 1.0)
    assert pearson_interval(-1.0, 40) == (-1.0, -1.0)


def test_twenty_five_pairs_give_no_coefficient():
    xs, ys = _correlated_sample(7, 25, 0.6)

    for result in (pearson(xs, ys), spearman(xs, ys), point_biserial(xs, [y > 0 for y in ys])):
        assert result.power is PowerVerdict.NOT_ENOUGH_DATA
        assert result.power == "not enough data"
        assert (result.r, result.ci_low, result.ci_high) == (None, None, None)
        assert result.n == 25


def test_fifty_pairs_are_low_powered_but_shown():
    xs, ys = _correlated_sample(8, 50, 0.5)

    result = pearson(xs, ys)

    expected = stats.pearsonr(xs, ys)
    assert result.power is PowerVerdict.LOW_POWER
    assert result.power == "low power"
    assert result.r == pytest.approx(expected.statistic, abs=1e-12)
    assert (result.ci_low, result.ci_high) == pytest.approx(
        tuple(expected.confidence_interval(0.95)), abs=1e-12
    )


@pytest.mark.parametrize(
    ("n", "verdict"),
    [
        (0, PowerVerdict.NOT_ENOUGH_DATA),
        (29, PowerVerdict.NOT_ENOUGH_DATA),
        (30, PowerVerdict.LOW_POWER),
        (84, PowerVerdict.LOW_POWER),
        (85, PowerVerdict.OK),
        (1000, PowerVerdict.OK),
    ],
)
def test_power_verdict_thresholds(n, verdict):
    assert power_verdict(n) is verdict


@pytest.mark.parametrize(("r", "pairs"), [(0.10, 783), (0.20, 194), (0.30, 85), (0.40, 47)])
def test_pairs_needed_reproduces_the_published_table(r, pairs):
    """n = ((z.975 + z.80) / atanh r)^2 + 3, rounded up."""
    assert pairs_needed(r) == pairs
    assert pairs_needed(-r) == pairs


def test_constant_scores_raise_a_clear_error():
    with pytest.raises(ConstantVariableError, match="every x value is the same"):
        pearson([70.0] * 40, list(range(40)))


def test_every_hire_passing_raises_a_clear_error():
    with pytest.raises(ConstantVariableError, match="every y value is the same"):
        point_biserial([float(score) for score in range(40)], [True] * 40)


@pytest.mark.parametrize(
    ("xs", "ys", "message"),
    [
        ([1.0, 2.0, 3.0], [1.0, 2.0], "equal lengths"),
        ([1.0, math.nan, 3.0], [1.0, 2.0, 3.0], "finite"),
        ([1.0, 2.0, 3.0], [1.0, math.inf, 3.0], "finite"),
        ([1.0], [2.0], "at least 2"),
    ],
)
def test_bad_pairs_raise_value_error(xs, ys, message):
    with pytest.raises(ValueError, match=message):
        pearson_r(xs, ys)


def test_an_interval_needs_more_than_three_pairs():
    with pytest.raises(ValueError, match="more than 3 pairs"):
        pearson_interval(0.5, 3)


paired_samples = st.integers(min_value=4, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-1000, 1000), min_size=n, max_size=n),
        st.lists(st.integers(-1000, 1000), min_size=n, max_size=n),
    )
)


@given(paired_samples)
def test_coefficients_stay_within_one_and_inside_their_interval(sample):
    xs, ys = sample
    for coefficient, interval in ((pearson_r, pearson_interval), (spearman_rho, spearman_interval)):
        try:
            r = coefficient(xs, ys)
        except ConstantVariableError:
            assert len(set(xs)) == 1 or len(set(ys)) == 1
            continue
        low, high = interval(r, len(xs))
        assert -1 <= low <= r <= high <= 1
