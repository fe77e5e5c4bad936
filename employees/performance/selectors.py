"""Reads of the performance pages: scoped reviews, pooled peer answers, a cycle's
progress and its rating distribution (one query each, whatever the cycle's size)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Coalesce

from employees.models import (
    Review,
    ReviewAnswer,
    ReviewCycle,
    ReviewerAssignment,
    ReviewTemplate,
    TemplateSection,
)
from hrflow.accounts.models import User
from hrflow.accounts.scoping import AnyUser, scoped


def review_list_for(user: AnyUser) -> QuerySet[Review]:
    """Reviews the user may read: HR all, a manager their reports', everyone their own."""
    return scoped(Review.objects.all(), user).select_related("cycle", "employee", "department")


@dataclass(frozen=True)
class PooledItem:
    section_id: int
    competency_id: int | None
    goal_id: int | None
    mean_rating: Decimal | None
    comments: list[str]


def review_answers_pooled(review: Review, kind: str) -> list[PooledItem] | None:
    """Peer or upward answers pooled per item, or None while fewer than the cycle's
    minimum have answered (then nothing is shown, not even how many answered).

    Comments come sorted by their text: a fixed order that is not the order of
    submission, so their place says nothing about who wrote them."""
    answered = ReviewerAssignment.objects.filter(
        review=review, kind=kind, submitted_at__isnull=False
    ).count()
    if answered < review.cycle.anonymity_minimum:
        return None
    ratings: dict[tuple[int, int | None, int | None], Decimal | None] = {}
    comments: dict[tuple[int, int | None, int | None], list[str]] = defaultdict(list)
    answers = ReviewAnswer.objects.filter(review=review, reviewer_kind=kind)
    for row in answers.values("section_id", "competency_id", "goal_id").annotate(
        mean=Avg("rating")
    ):
        key = (row["section_id"], row["competency_id"], row["goal_id"])
        ratings[key] = (
            Decimal(row["mean"]).quantize(Decimal("0.01")) if row["mean"] is not None else None
        )
    for section_id, competency_id, goal_id, comment in answers.exclude(comment="").values_list(
        "section_id", "competency_id", "goal_id", "comment"
    ):
        comments[(section_id, competency_id, goal_id)].append(comment)
    return [
        PooledItem(
            section_id=key[0],
            competency_id=key[1],
            goal_id=key[2],
            mean_rating=mean,
            comments=sorted(comments.get(key, [])),
        )
        for key, mean in sorted(ratings.items(), key=lambda item: tuple(v or 0 for v in item[0]))
    ]


def cycle_progress(cycle: ReviewCycle) -> dict[str, int]:
    """Reviews per stage, in one query."""
    counts = dict(
        Review.objects.filter(cycle=cycle)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    return {stage: counts.get(stage, 0) for stage in Review.Stage.values}


def rating_distribution(cycle: ReviewCycle, by: str) -> dict[int | None, dict[int | None, int]]:
    """Department (by="department") or manager (by="manager") pk -> rating -> count, in one
    query; the rating is the final one where set, else the manager's."""
    field = {"department": "department_id", "manager": "manager_id"}[by]
    found: dict[int | None, dict[int | None, int]] = defaultdict(dict)
    rows = (
        Review.objects.filter(cycle=cycle)
        .annotate(group=F(field), rating=Coalesce("final_rating", "manager_rating"))
        .values_list("group", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for group, rating, n in rows:
        found[group][rating] = n
    return dict(found)


def cycle_list() -> QuerySet[ReviewCycle]:
    return ReviewCycle.objects.annotate(review_count=Count("reviews")).order_by(
        "-period_end", "-pk"
    )


def cycle_reviews(cycle: ReviewCycle) -> QuerySet[Review]:
    """The cycle's reviews for the overview, one query per page."""
    return (
        Review.objects.filter(cycle=cycle)
        .select_related("employee", "manager", "department")
        .order_by("department__path", "employee__number")
    )


def reviews_to_write(user: User) -> QuerySet[Review]:
    """The reviews the user writes as the manager they name, open cycles first."""
    return (
        Review.objects.filter(manager__user_id=user.pk)
        .select_related("cycle", "employee", "department")
        .order_by("cycle__status", "-cycle__period_end", "employee__number")
    )


def reviews_own(user: User) -> QuerySet[Review]:
    return (
        Review.objects.filter(employee__user_id=user.pk)
        .select_related("cycle")
        .order_by("-cycle__period_end", "-pk")
    )


def names_of(model: type[Any], pks: Iterable[int | None]) -> dict[int, str]:
    """Department or employee pk -> its name, for the distribution table (one query)."""
    field = "full_name" if model.__name__ == "Employee" else "name"
    return dict(model.objects.filter(pk__in=[pk for pk in pks if pk]).values_list("pk", field))


def reviews_asked(user: User) -> QuerySet[ReviewerAssignment]:
    """The peer and upward reviews the user was asked for and has not answered."""
    return (
        ReviewerAssignment.objects.filter(
            reviewer_id=user.pk, submitted_at__isnull=True, review__cycle__status="open"
        )
        .select_related("review__employee", "review__cycle")
        .order_by("review__cycle__period_end", "pk")
    )


def template_list() -> QuerySet[ReviewTemplate]:
    """Every template with its sections and whether a review uses it: three queries
    (page, count and sections) whatever the number of templates."""
    used = Review.objects.filter(template=OuterRef("pk"))
    return (
        ReviewTemplate.objects.select_related("department")
        .annotate(in_use=Exists(used))
        .prefetch_related(Prefetch("sections", TemplateSection.objects.order_by("position")))
        .order_by("name", "pk")
    )


def template_in_use(template: ReviewTemplate) -> bool:
    """Reviews use it: its sections stay as they are (answers and goals point at them)."""
    return Review.objects.filter(template=template).exists()
