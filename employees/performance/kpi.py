"""KPI scoring: a goal's actual from the metric's values, and a review's computed score.

A goal's actual is its metric's values for the employee within the cycle's period,
aggregated as the metric says: a sum (no value recorded is 0, e.g. no incidents),
a mean or the latest value (none recorded: unscored). Its score is the band the
actual falls in. The review's score weighs its sections: the KPI section by its
goals' weights, a competencies section by the manager's ratings as a percent of
each competency's levels, comments not at all. Everything is read set-wise, so
scoring a whole cycle at calibration costs the same few queries as one review.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from employees.models import (
    Goal,
    MetricValue,
    Review,
    ReviewAnswer,
    ReviewerKind,
    SectionKind,
    TemplateSection,
)
from employees.performance.rows_update import rows_update
from employees.performance.scoring import (
    band_score,
    bands_parse,
    rating_percent,
    weighted_score,
)
from hrflow.competencies.models import Competency
from hrflow.core.errors import ApplicationError


def aggregate(aggregation: str, values: Sequence[tuple[date, Decimal]]) -> Decimal | None:
    """The period's figure from (day, value) pairs."""
    if aggregation == "sum":
        return sum((value for _day, value in values), Decimal(0))
    if not values:
        return None
    if aggregation == "mean":
        total = sum((value for _day, value in values), Decimal(0))
        return (total / len(values)).quantize(Decimal("0.0001"))
    return max(values)[1]


def goal_score(goal: Goal, actual: Decimal | None) -> Decimal | None:
    if actual is None:
        return None
    bands, problems = bands_parse(goal.direction, goal.bands)
    return None if problems else band_score(actual, goal.direction, bands)


@dataclass(frozen=True)
class ScoredReviews:
    goals: list[Goal]
    reviews: list[Review]


def reviews_score(reviews: Sequence[Review]) -> ScoredReviews:
    """Fill goals' actual and score and each review's score (in memory; not saved)."""
    by_pk = {review.pk: review for review in reviews}
    goals = list(Goal.objects.filter(review_id__in=by_pk).select_related("metric"))
    values = _values(goals, by_pk)
    goals_of: dict[int, list[Goal]] = defaultdict(list)
    for goal in goals:
        review = by_pk[goal.review_id]
        goal.actual = aggregate(
            goal.metric.aggregation, values.get((goal.metric_id, review.employee_id), [])
        )
        goal.score = goal_score(goal, goal.actual)
        goals_of[goal.review_id].append(goal)
    sections = _sections({review.template_id for review in reviews})
    ratings = _manager_ratings(by_pk)
    levels = dict(Competency.objects.values_list("pk", "levels"))
    for review in reviews:
        parts: list[tuple[Decimal, Decimal | None]] = []
        for section in sections.get(review.template_id, []):
            if section.kind == SectionKind.KPI:
                own = goals_of.get(review.pk, [])
                score = weighted_score([(g.weight, g.score) for g in own]) if own else None
            elif section.kind == SectionKind.COMPETENCIES:
                score = _competencies_score(section, ratings.get(review.pk, {}), levels)
            else:
                score = None
            parts.append((section.weight, score))
        review.score = weighted_score(parts) if parts else None
    return ScoredReviews(goals=goals, reviews=list(reviews))


@transaction.atomic
def reviews_score_save(reviews: Sequence[Review]) -> ScoredReviews:
    """Score the reviews and store goals' actuals and scores and reviews' scores."""
    scored = reviews_score(reviews)
    rows_update(Goal, ["actual", "score"], scored.goals)
    rows_update(Review, ["score"], scored.reviews)
    return scored


def review_values(review: Review) -> dict[int, list[tuple[date, Decimal]]]:
    """Metric pk -> the (day, value) pairs of the employee within the period, for the page."""
    found: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for metric_id, day, value in MetricValue.objects.filter(
        employee_id=review.employee_id,
        metric_id__in=Goal.objects.filter(review=review).values("metric_id"),
        on__range=(review.cycle.period_start, review.cycle.period_end),
    ).values_list("metric_id", "on", "value"):
        found[metric_id].append((day, value))
    return dict(found)


def _values(
    goals: list[Goal], reviews: dict[int, Review]
) -> dict[tuple[int, int], list[tuple[date, Decimal]]]:
    if not goals:
        return {}
    cycle = next(iter(reviews.values())).cycle
    found: dict[tuple[int, int], list[tuple[date, Decimal]]] = defaultdict(list)
    rows = MetricValue.objects.filter(
        metric_id__in={goal.metric_id for goal in goals},
        employee_id__in={review.employee_id for review in reviews.values()},
        on__range=(cycle.period_start, cycle.period_end),
    ).values_list("metric_id", "employee_id", "on", "value")
    for metric_id, employee_id, day, value in rows:
        found[(metric_id, employee_id)].append((day, value))
    return found


def _sections(template_ids: set[int]) -> dict[int, list[TemplateSection]]:
    found: dict[int, list[TemplateSection]] = defaultdict(list)
    for section in TemplateSection.objects.filter(template_id__in=template_ids).prefetch_related(
        "competencies"
    ):
        found[section.template_id].append(section)
    return found


def _manager_ratings(reviews: dict[int, Review]) -> dict[int, dict[tuple[int, int], int]]:
    """Review pk -> (section pk, competency pk) -> the manager's rating."""
    found: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)
    for review_id, section_id, competency_id, rating in ReviewAnswer.objects.filter(
        review_id__in=reviews,
        reviewer_kind=ReviewerKind.MANAGER,
        competency__isnull=False,
        rating__isnull=False,
    ).values_list("review_id", "section_id", "competency_id", "rating"):
        if competency_id is not None and rating is not None:
            found[review_id][(section_id, competency_id)] = rating
    return found


def _competencies_score(
    section: TemplateSection, ratings: dict[tuple[int, int], int], levels: dict[int, int]
) -> Decimal | None:
    """Mean of the manager's ratings as percents; None until every competency is rated."""
    percents = []
    for competency in section.competencies.all():
        rating = ratings.get((section.pk, competency.pk))
        if rating is None:
            return None
        percents.append(rating_percent(rating, levels[competency.pk]))
    if not percents:
        return None
    return (sum(percents, Decimal(0)) / len(percents)).quantize(Decimal("0.01"))


@transaction.atomic
def review_score_recompute(*, review: Review) -> Review:
    """Score one review again from the latest metric values and answers (HR asks)."""
    review = (
        Review.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=review.pk)
    )
    if review.cycle.status == "closed":
        raise ApplicationError(_("The cycle is closed: its scores are final."))
    reviews_score_save([review])
    return review
