"""Hires' mean outcome per score quintile, with ties kept together."""

import random

import pytest

from analytics.stats.calibration import calibration_by_quintile


def test_ten_distinct_scores_make_five_bins_of_two():
    scores = [float(score) for score in range(1, 11)]
    outcomes = [0, 0, 0, 1, 0, 1, 1, 1, 1, 1]

    bins = calibration_by_quintile(scores, outcomes)

    assert [b.quintile for b in bins] == [1, 2, 3, 4, 5]
    assert [b.n for b in bins] == [2, 2, 2, 2, 2]
    assert [b.mean_outcome for b in bins] == [0.0, 0.5, 0.5, 1.0, 1.0]
    assert next((b.lowest_score, b.highest_score) for b in bins) == (1.0, 2.0)
    assert all(b.too_few for b in bins)


def test_mean_outcome_rises_with_score_on_a_valid_tool():
    rng = random.Random(11)
    scores = [rng.uniform(40, 100) for _ in range(200)]
    outcomes = [score / 20 + rng.gauss(0, 0.5) for score in scores]

    bins = calibration_by_quintile(scores, outcomes)

    assert [b.n for b in bins] == [40, 40, 40, 40, 40]
    means = [b.mean_outcome for b in bins]
    assert means == sorted(means)
    assert not any(b.too_few for b in bins)


def test_a_score_on_a_cut_point_goes_to_the_lower_bin_with_all_its_ties():
    # Cut points (percentile_cont) of these 10 scores: 60, 70, 70, 80.
    scores = [50, 60, 60, 70, 70, 70, 70, 80, 80, 90]
    outcomes = [1, 2, 2, 3, 3, 3, 3, 4, 4, 5]

    bins = calibration_by_quintile(scores, outcomes)

    assert [b.n for b in bins] == [3, 4, 0, 2, 1]
    assert [b.mean_outcome for b in bins] == [5 / 3, 3.0, None, 4.0, 5.0]
    assert bins[2].too_few
    assert bins[2].lowest_score is None


def test_bins_do_not_depend_on_input_order():
    scores = [50, 60, 60, 70, 70, 70, 70, 80, 80, 90, 55, 65]
    outcomes = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0]
    order = list(range(len(scores)))
    random.Random(3).shuffle(order)

    shuffled = calibration_by_quintile([scores[i] for i in order], [outcomes[i] for i in order])

    assert shuffled == calibration_by_quintile(scores, outcomes)


def test_pass_fail_outcomes_give_a_pass_rate():
    scores = [float(score) for score in range(25)]
    passed = [score >= 10 for score in range(25)]

    bins = calibration_by_quintile(scores, passed)

    assert [b.mean_outcome for b in bins] == [0.0, 0.0, 1.0, 1.0, 1.0]
    assert [b.too_few for b in bins] == [False] * 5


def test_mismatched_lengths_raise_value_error():
    with pytest.raises(ValueError, match="equal lengths"):
        calibration_by_quintile([1.0, 2.0], [1.0])
