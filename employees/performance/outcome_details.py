"""What a closed review's outcome records: KPI results and competency ratings."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from employees.models import Goal, Review, ReviewAnswer, ReviewerKind


def review_details(reviews: Sequence[Review], goals: Sequence[Goal]) -> dict[int, dict[str, Any]]:
    """Review pk -> {"kpi": [...], "competencies": [...]} (as Outcome.details documents)."""
    kpi: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for goal in goals:
        kpi[goal.review_id].append(
            {
                "metric": goal.metric.code,
                "actual": _text(goal.actual),
                "target": _text(goal.target),
                "score": _text(goal.score),
            }
        )
    competencies: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for review_id, code, rating in (
        ReviewAnswer.objects.filter(
            review_id__in=[review.pk for review in reviews],
            reviewer_kind=ReviewerKind.MANAGER,
            competency__isnull=False,
            rating__isnull=False,
        )
        .order_by("review_id", "competency__code")
        .values_list("review_id", "competency__code", "rating")
    ):
        competencies[review_id].append({"competency": code, "rating": rating})
    return {
        review.pk: {"kpi": kpi.get(review.pk, []), "competencies": competencies.get(review.pk, [])}
        for review in reviews
    }


def _text(value: object) -> str | None:
    return None if value is None else str(value)
