"""Scores and levels: the pure arithmetic of skills, with no database.

A score is 0-100 whatever its source; a competency is rated on 1 .. levels. The
reliability order decides between two observations of the same day.
"""

from decimal import ROUND_UP, Decimal

# Most reliable first. A review is a manager's judgement over months of real work; a
# finished course attests what was examined at its end; a written test is marked
# against a key; an interview scorecard is one person's impression in an hour; an AI
# interview is a model's reading of a short recording; a value typed in by HR has no
# observation behind it at all.
RELIABILITY = ("review", "training", "written_test", "interview_feedback", "ai_interview", "manual")


def reliability_rank(source: str) -> int:
    """0 for the most reliable source; an unknown source ranks last."""
    return RELIABILITY.index(source) if source in RELIABILITY else len(RELIABILITY)


def score_to_level(score: Decimal | float | int, levels: int) -> int:
    """The level on 1 .. levels a 0-100 score stands for: the range cut in equal bands.

    On five levels 0-19 is 1, 20-39 is 2 ... 80-100 is 5; a score outside 0-100 is
    clamped, so a bad vendor value never yields level 0 or levels + 1.
    """
    bounded = min(max(Decimal(str(score)), Decimal(0)), Decimal(100))
    return min(int(bounded * levels / 100) + 1, levels)


def level_to_score(level: int, levels: int) -> Decimal:
    """The score a level is recorded as (a course attesting level 3 of 5 scores 40):
    the bottom of the level's band, so `score_to_level` gives the level back."""
    bounded = min(max(level, 1), levels)
    # Rounded up: 33.333.. as 33.33 would fall back into the band below.
    return (Decimal(100) * (bounded - 1) / levels).quantize(Decimal("0.01"), rounding=ROUND_UP)
