"""Fisher's exact test in exact arithmetic agrees with scipy.stats.fisher_exact."""

import random
from fractions import Fraction

import pytest
from scipy import stats

from analytics.stats.fisher_exact import EXACT_UP_TO, fisher_exact_p, fisher_exact_p_exact


def _random_tables(seed: int, count: int) -> list[tuple[int, int, int, int]]:
    rng = random.Random(seed)
    return [
        (rng.randint(0, 40), rng.randint(0, 40), rng.randint(0, 40), rng.randint(0, 40))
        for _ in range(count)
    ]


EDGE_TABLES = [
    (0, 0, 0, 0),  # nobody
    (0, 5, 5, 0),  # complete separation
    (5, 0, 0, 5),
    (10, 10, 10, 10),  # identical rates, symmetric ties
    (3, 7, 7, 3),  # symmetric: the mirror table has exactly the same probability
    (1, 0, 0, 0),
    (0, 12, 0, 30),  # nobody selected
    (800, 1700, 1200, 1300),  # thousands of applicants
]


@pytest.mark.parametrize("table", EDGE_TABLES + _random_tables(1, 25) + _random_tables(2, 25))
def test_matches_scipy(table):
    a, b, c, d = table

    p = fisher_exact_p(
        group_selected=a, group_not_selected=b, reference_selected=c, reference_not_selected=d
    )

    assert p == pytest.approx(stats.fisher_exact([[a, b], [c, d]]).pvalue, rel=1e-9, abs=1e-300)


def test_complete_separation_is_two_over_252():
    """[[0, 5], [5, 0]]: two of the C(10, 5) = 252 equally likely tables are this extreme."""
    p = fisher_exact_p_exact(
        group_selected=0, group_not_selected=5, reference_selected=5, reference_not_selected=0
    )

    assert p == Fraction(2, 252)


def test_negative_counts_raise_value_error():
    with pytest.raises(ValueError, match="negative"):
        fisher_exact_p(
            group_selected=-1, group_not_selected=5, reference_selected=5, reference_not_selected=0
        )


@pytest.mark.parametrize(
    "table",
    [
        ((300, 500), (21_000, 20_000)),
        ((4_000, 6_100), (5_200, 5_000)),
        ((12, 3), (9_000, 9_100)),
        ((2_500, 2_500), (2_500, 2_500)),
    ],
)
def test_beyond_the_exact_range_the_float_path_agrees_with_scipy(table) -> None:
    (a, b), (c, d) = table
    assert a + b + c + d > EXACT_UP_TO
    ours = fisher_exact_p(
        group_selected=a, group_not_selected=b, reference_selected=c, reference_not_selected=d
    )
    assert ours == pytest.approx(stats.fisher_exact([[a, b], [c, d]]).pvalue, rel=1e-6, abs=1e-12)
