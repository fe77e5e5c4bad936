"""An interviewer's scorecard: its scale, its recommendation words, and its identity.

A scorecard is stored as an Assessment of kind interview_feedback, one per
(interview, interviewer), so rules, the profile and the score sheet read it
like any other result. Interviewers rate each dimension from 1 to 5; the
stored score is rating x 20 (1 -> 20 ... 5 -> 100), on the 0-100 scale every
score uses. That is how a vendor's "4/5" is read too (integrations.scores),
so a 4 means 80 wherever it came from; the rating itself is kept as the raw
score with its scale "1-5".
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from recruiting.services.assessments import SCORECARD_SOURCE

SOURCE = SCORECARD_SOURCE  # the assessments' own source name for scorecards
RAW_SCALE = "1-5"
RATING_MIN, RATING_MAX = 1, 5
POINTS_PER_RATING = Decimal(20)
# Offered on every scorecard, in this order (codes of the Dimension catalogue).
DEFAULT_DIMENSIONS = (
    "professional_skill",
    "logical_thinking",
    "communication",
    "learning_ability",
    "teamwork",
    "motivation",
)


class Recommendation(models.TextChoices):
    # Context: an interviewer's recommendation (推荐), not a yes/no answer (是).
    STRONG_YES = "strong_yes", pgettext_lazy("recommendation", "Strong yes")
    YES = "yes", pgettext_lazy("recommendation", "Yes")
    NO = "no", pgettext_lazy("recommendation", "No")
    STRONG_NO = "strong_no", pgettext_lazy("recommendation", "Strong no")


# The Assessment's verdict for each: the four words stay in vendor_verdict_raw.
VERDICTS = {
    Recommendation.STRONG_YES: "pass",
    Recommendation.YES: "pass",
    Recommendation.NO: "fail",
    Recommendation.STRONG_NO: "fail",
}

RATING_LABELS = {
    1: _("Poor"),
    2: _("Below expectations"),
    3: _("Meets expectations"),
    4: _("Above expectations"),
    5: _("Outstanding"),
}


def external_id(interview_id: int, interviewer_id: int) -> str:
    """One scorecard per interviewer and interview; a second submit updates it."""
    return f"interview:{interview_id}:{interviewer_id}"


def panel_key(interview_id: int) -> str:
    """Stored as the assessment's external_interview_id: finds a panel's scorecards."""
    return f"interview:{interview_id}"


def rating_score(rating: int) -> Decimal:
    if not RATING_MIN <= rating <= RATING_MAX:
        raise ValueError(f"a rating lies between {RATING_MIN} and {RATING_MAX}, not {rating}")
    return Decimal(rating) * POINTS_PER_RATING


def mean_rating(ratings: Iterable[int]) -> Decimal:
    """The mean rating to one decimal place (what the profile shows as "3.8 / 1-5")."""
    values = list(ratings)
    if not values:
        raise ValueError("no ratings")
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def overall_score(ratings: Iterable[int]) -> Decimal:
    """The mean of the rated dimensions' scores, 0-100 to two places."""
    values = list(ratings)
    if not values:
        raise ValueError("no ratings")
    total = sum((rating_score(value) for value in values), Decimal(0))
    return (total / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
