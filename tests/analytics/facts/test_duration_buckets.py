"""Durations are stored to the minute under a day, 5 minutes under a week, the hour beyond."""

from analytics.facts.counting import duration_bucket


def test_each_range_keeps_its_step_at_the_boundaries() -> None:
    assert [duration_bucket(m) for m in (0, 59, 1439)] == [0, 59, 1439]
    # From a day on, the nearest 5 minutes; from a week on, the nearest hour.
    assert [duration_bucket(m) for m in (1440, 1442, 1443, 10079)] == [1440, 1440, 1445, 10080]
    assert [duration_bucket(m) for m in (10080, 10109, 10110, 28_829)] == [
        10080,
        10080,
        10140,
        28_800,
    ]


def test_a_stored_value_never_moves_more_than_half_its_step() -> None:
    for minutes in range(0, 30 * 24 * 60, 7):
        step = 1 if minutes < 1440 else 5 if minutes < 10080 else 60
        assert abs(duration_bucket(minutes) - minutes) <= step / 2
