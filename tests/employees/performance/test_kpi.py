"""KPI scoring from metric values: bands at each boundary, aggregation over the period,
and the review's computed score over weighted sections."""

from datetime import timedelta
from decimal import Decimal

import pytest

from employees.models import Goal, MetricValue, Review
from employees.performance.answers import AnswerInput, review_manager_submit, review_self_submit
from employees.performance.kpi import aggregate, review_score_recompute, review_values
from tests.employees.performance.scene import cycle_open, metric_make, scene_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _values(metric, employee, day, *figures):  # type: ignore[no-untyped-def]
    MetricValue.objects.bulk_create(
        MetricValue(
            metric=metric, employee=employee, on=day + timedelta(days=n), value=v, source="manual"
        )
        for n, v in enumerate(figures)
    )


@pytest.mark.parametrize(("incidents", "score"), [(2, 100), (3, 60), (4, 0), (0, 100)])
def test_safety_incidents_score_by_bands_lower_is_better(incidents, score):
    """Bands [[2, 100], [3, 60]], lower is better: 2 → 100, 3 → 60, 4 → 0."""
    scene = scene_make(people=1)
    cycle = cycle_open(scene)
    person = scene.people[0]
    _values(scene.metric, person, scene.start, *([1] * incidents))
    # outside the period: not counted
    _values(scene.metric, person, scene.start - timedelta(days=1), 5)
    _values(scene.metric, person, scene.end + timedelta(days=1), 5)
    review = Review.objects.get(cycle=cycle)

    review_score_recompute(review=review)

    goal = Goal.objects.get(review=review)
    assert (goal.actual, goal.score) == (Decimal(incidents), Decimal(score))


def test_the_review_score_weighs_kpi_and_competencies_and_the_page_values_are_the_period():
    scene = scene_make(people=1)
    cycle = cycle_open(scene)
    person, user = scene.people[0], scene.users[0]
    _values(scene.metric, person, scene.start, 1, 2)  # 3 incidents → 60
    review = Review.objects.get(cycle=cycle)
    sections = {s.kind: s for s in scene.template.sections.all()}
    review_self_submit(
        review=review,
        user=user,
        answers=[AnswerInput(section_id=sections["comments"].pk, comment="尽力了")],
    )

    review = review_manager_submit(
        review=review,
        user=scene.boss_user,
        rating=3,
        answers=[
            AnswerInput(
                section_id=sections["competencies"].pk,
                competency_id=scene.competency.pk,
                rating=4,
            )
        ],
    )

    # 60 % of 60 (KPI) + 40 % of 4/5 = 80 (competency) = 36 + 32
    assert review.score == Decimal("68.00")
    assert Review.objects.get(pk=review.pk).score == Decimal("68.00")
    assert review_values(review) == {
        scene.metric.pk: [(scene.start, Decimal(1)), (scene.start + timedelta(days=1), Decimal(2))]
    }


def test_the_score_waits_for_every_competency_rating():
    scene = scene_make(people=1)
    cycle = cycle_open(scene)
    review = review_score_recompute(review=Review.objects.get(cycle=cycle))
    assert review.score is None
    assert Goal.objects.get(review=review).score == Decimal(100)  # no incidents at all


@pytest.mark.parametrize(
    ("aggregation", "figures", "expected"),
    [
        ("sum", [], Decimal(0)),
        ("sum", [Decimal(1), Decimal(2)], Decimal(3)),
        ("mean", [], None),
        ("mean", [Decimal(1), Decimal(2)], Decimal("1.5")),
        ("last", [Decimal(7), Decimal(2)], Decimal(2)),
        ("last", [], None),
    ],
)
def test_aggregation_over_the_period(aggregation, figures, expected):
    start = metric_make().created_at.date()
    values = [(start + timedelta(days=n), v) for n, v in enumerate(figures)]
    assert aggregate(aggregation, values) == expected


def test_a_mean_metric_scores_the_mean():
    scene = scene_make(people=1)
    scene.metric.aggregation = "mean"
    scene.metric.save()
    cycle = cycle_open(scene)
    _values(scene.metric, scene.people[0], scene.start, 2, 4)  # mean 3 → 60

    review_score_recompute(review=Review.objects.get(cycle=cycle))

    assert Goal.objects.get(review__cycle=cycle).score == Decimal(60)
