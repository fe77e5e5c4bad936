"""Percentiles agree with PostgreSQL's percentile_cont and NumPy's linear method."""

import math
import random

import numpy as np
import pytest
from django.db import connection

from analytics.stats.descriptive import mean_with_n, median, p90, percentile_cont

DATA_SETS = [
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0],
    [4.5],
    [3.0, 1.0, 2.0, 2.0],
    [random.Random(seed).expovariate(0.1) for seed in range(37)],
]


def test_p90_of_one_to_ten_is_nine_point_one():
    """percentile_cont(0.9) over 1..10: position 8.1 between 9 and 10."""
    assert p90(DATA_SETS[0]) == pytest.approx(9.1)
    assert median(DATA_SETS[0]) == 5.5


@pytest.mark.parametrize("values", DATA_SETS)
@pytest.mark.parametrize("fraction", [0.0, 0.25, 0.5, 0.9, 1.0])
def test_matches_numpy_linear_percentile(values, fraction):
    expected = np.percentile(values, fraction * 100, method="linear")

    assert percentile_cont(values, fraction) == pytest.approx(expected, abs=1e-12)


@pytest.mark.django_db
@pytest.mark.parametrize("values", DATA_SETS)
def test_matches_postgresql_percentile_cont(values):
    """Reports compute in SQL too: the same numbers must come out."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v),"
            " percentile_cont(0.9) WITHIN GROUP (ORDER BY v)"
            " FROM unnest(%s::float8[]) AS v",
            [values],
        )
        sql_median, sql_p90 = cursor.fetchone()

    assert median(values) == pytest.approx(sql_median, abs=1e-12)
    assert p90(values) == pytest.approx(sql_p90, abs=1e-12)


def test_empty_input_gives_none_as_sql_gives_null():
    assert median([]) is None
    assert p90([]) is None
    assert mean_with_n([]).mean is None
    assert mean_with_n([]).n == 0


def test_mean_comes_with_its_n():
    result = mean_with_n([2.0, 4.0, 9.0])

    assert result.mean == 5.0
    assert result.n == 3


@pytest.mark.parametrize("bad", [[1.0, math.nan], [math.inf]])
def test_non_finite_values_raise_value_error(bad):
    with pytest.raises(ValueError, match="finite"):
        median(bad)


def test_fraction_outside_zero_to_one_raises_value_error():
    with pytest.raises(ValueError, match="fraction"):
        percentile_cont([1.0, 2.0], 1.5)
