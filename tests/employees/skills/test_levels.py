"""The pure arithmetic of skills: a score's level and a level's score."""

from decimal import Decimal

import pytest

from employees.skills.levels import RELIABILITY, level_to_score, reliability_rank, score_to_level


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, 1), (19.99, 1), (20, 2), (59.99, 3), (60, 4), (80, 5), (100, 5), (-5, 1), (250, 5)],
)
def test_a_score_falls_in_one_of_five_equal_bands(score, level):
    assert score_to_level(Decimal(str(score)), 5) == level


@pytest.mark.parametrize("levels", range(1, 11))
def test_a_levels_score_reads_back_as_that_level(levels):
    """A course attesting level k records a score that the current level reads as k."""
    assert [
        score_to_level(level_to_score(k, levels), levels) for k in range(1, levels + 1)
    ] == list(range(1, levels + 1))


def test_reviews_are_the_most_reliable_and_manual_entries_the_least():
    assert RELIABILITY[0] == "review"
    assert RELIABILITY[-1] == "manual"
    assert (
        reliability_rank("review")
        < reliability_rank("training")
        < reliability_rank("ai_interview")
        < reliability_rank("manual")
        < reliability_rank("unknown")
    )
