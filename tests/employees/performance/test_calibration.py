"""Calibration and closing: distribution per department and manager, adjustments with a
reason, final ratings locked at close with one outcome per review, acknowledgement once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employees.models import (
    Calibration,
    MetricValue,
    Outcome,
    Review,
    ReviewCycle,
    SkillEvidence,
)
from employees.performance.answers import AnswerInput, review_manager_submit
from employees.performance.calibration import (
    review_acknowledge,
    review_cycle_calibration_start,
    review_cycle_close,
    review_rating_calibrate,
)
from employees.performance.selectors import cycle_progress, rating_distribution
from employees.skills.levels import level_to_score
from employees.skills.selectors import current_levels
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.performance.scene import cycle_open, scene_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _rated(people: int = 2):  # type: ignore[no-untyped-def]
    """A cycle without self review where the manager rated everyone 3 and their safety 4."""
    scene = scene_make(people=people)
    cycle = cycle_open(scene, self_review=False)
    section = scene.template.sections.get(kind="competencies")
    for review in Review.objects.filter(cycle=cycle):
        review_manager_submit(
            review=review,
            user=scene.boss_user,
            rating=3,
            answers=[
                AnswerInput(section_id=section.pk, competency_id=scene.competency.pk, rating=4)
            ],
        )
    return scene, cycle


def test_distribution_per_department_and_manager_is_one_query_each():
    scene, cycle = _rated()
    review_rating_calibrate(
        review=Review.objects.get(cycle=cycle, employee=scene.people[0]),
        rating=5,
        reason="全年零事故",
        actor=scene.hr,
    )

    with CaptureQueriesContext(connection) as queries:
        by_department = rating_distribution(cycle, "department")
        by_manager = rating_distribution(cycle, "manager")

    assert len(queries) == 2
    assert by_department == {scene.team.pk: {3: 1, 5: 1}}
    assert by_manager == {scene.boss.pk: {3: 1, 5: 1}}
    assert cycle_progress(cycle) == {"self": 0, "manager": 0, "calibration": 2, "finished": 0}


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501, "a\x00b"])
def test_an_adjustment_needs_a_reason(reason):
    scene, cycle = _rated()
    review = Review.objects.filter(cycle=cycle).first()

    with pytest.raises(ApplicationError, match="Say why"):
        review_rating_calibrate(review=review, rating=5, reason=reason, actor=scene.hr)

    assert not Calibration.objects.exists()
    assert Review.objects.get(pk=review.pk).final_rating is None


def test_an_adjustment_is_recorded_with_old_new_and_why():
    scene, cycle = _rated()
    review = Review.objects.filter(cycle=cycle).first()

    review_rating_calibrate(review=review, rating=2, reason="多次违规", actor=scene.hr)

    (row,) = Calibration.objects.all()
    assert (row.old_rating, row.new_rating, row.reason, row.actor) == (3, 2, "多次违规", scene.hr)
    audit = AuditEvent.objects.get(action="employees.review_calibrate")
    assert audit.changes == {"rating": [3, 2], "reason": "多次违规"}


def test_closing_locks_ratings_finishes_reviews_and_records_outcomes():
    scene, cycle = _rated()
    first, second = Review.objects.filter(cycle=cycle).order_by("employee_id")
    MetricValue.objects.create(
        metric=scene.metric, employee=first.employee, on=scene.start, value=3, source="manual"
    )
    review_cycle_calibration_start(cycle=cycle, actor=scene.hr)
    review_rating_calibrate(review=second, rating=4, reason="表现突出", actor=scene.hr)

    review_cycle_close(cycle=cycle, actor=scene.hr)

    cycle.refresh_from_db()
    assert cycle.status == "closed"
    assert cycle.closed_at is not None
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.final_rating, second.final_rating) == (3, 4)
    assert {first.stage, second.stage} == {"finished"}
    outcome = Outcome.objects.get(review=first)
    assert (outcome.kind, outcome.rating, outcome.cycle_kind) == ("review", 3, "quarterly")
    assert outcome.employee_id == first.employee_id
    assert outcome.occurred_on == timezone.localdate()
    # KPI 60 (3 incidents) * 60 % + competency 80 * 40 %
    assert outcome.score == Decimal("68.00")
    assert outcome.details == {
        "kpi": [{"metric": "safety_incidents", "actual": "3.0000", "target": "2.0000",
                 "score": "60"}],
        "competencies": [{"competency": "safety_awareness", "rating": 4}],
    }  # fmt: skip
    assert Outcome.objects.get(review=second).score == Decimal("92.00")
    with pytest.raises(ApplicationError, match="locked"):
        review_rating_calibrate(review=first, rating=5, reason="再议", actor=scene.hr)
    with pytest.raises(ApplicationError, match="closed already"):
        review_cycle_close(cycle=cycle, actor=scene.hr)
    assert Review.objects.get(pk=first.pk).final_rating == 3
    assert Outcome.objects.count() == 2


def test_closing_turns_the_managers_competency_ratings_into_review_evidence_once():
    scene, cycle = _rated()
    review_cycle_close(cycle=cycle, actor=scene.hr)

    evidence = SkillEvidence.objects.filter(source="review").order_by("employee_id")
    reviews = Review.objects.filter(cycle=cycle).order_by("employee_id")
    assert [(e.employee_id, e.competency_id, e.origin_ref) for e in evidence] == [
        (r.employee_id, scene.competency.pk, f"employees.review:{r.pk}") for r in reviews
    ]
    # Observed on the period's last day (not the day HR closed it): a course finished
    # after the period is newer evidence than the review.
    assert {timezone.localtime(e.assessed_at).date() for e in evidence} == {
        min(cycle.period_end, timezone.localdate())
    }
    # Rated 4 on a competency of 5 levels: the score of level 4, which reads back as 4.
    assert {e.score for e in evidence} == {level_to_score(4, scene.competency.levels)}
    assert {current_levels([r.employee_id])[r.employee_id][scene.competency.pk].level
            for r in reviews} == {4}  # fmt: skip


def test_an_unrated_unscored_review_holds_the_close_naming_the_person():
    scene = scene_make(people=1)
    cycle = cycle_open(scene)

    with pytest.raises(ApplicationError, match=scene.people[0].full_name):
        review_cycle_close(cycle=cycle, actor=scene.hr)

    assert ReviewCycle.objects.get(pk=cycle.pk).status == "open"
    assert not Outcome.objects.exists()


def test_closing_takes_the_same_statements_at_any_size():
    counts = []
    for people in (2, 12):
        _scene, cycle = _rated(people)
        with CaptureQueriesContext(connection) as queries:
            review_cycle_close(cycle=cycle, actor=None)
        assert Outcome.objects.filter(review__cycle=cycle).count() == people
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_employee_acknowledges_their_finished_review_once():
    scene, cycle = _rated()
    review = Review.objects.get(cycle=cycle, employee=scene.people[0])
    with pytest.raises(ApplicationError, match="not finished"):
        review_acknowledge(review=review, user=scene.users[0])
    review_cycle_close(cycle=cycle, actor=scene.hr)
    for stranger in (scene.users[1], scene.boss_user, scene.hr):
        with pytest.raises(ApplicationError, match="Only the employee"):
            review_acknowledge(review=review, user=stranger)

    review = review_acknowledge(review=review, user=scene.users[0])

    assert review.acknowledged_at is not None
    with pytest.raises(ApplicationError, match="already"):
        review_acknowledge(review=review, user=scene.users[0])


def test_no_answer_changes_a_closed_cycle():
    scene, cycle = _rated()
    review_cycle_close(cycle=cycle, actor=None)
    review = Review.objects.filter(cycle=cycle).first()
    section = scene.template.sections.get(kind="comments")
    with pytest.raises(ApplicationError, match="closed"):
        review_manager_submit(
            review=review,
            user=scene.boss_user,
            rating=1,
            answers=[AnswerInput(section_id=section.pk, comment="改")],
        )
    assert Review.objects.get(pk=review.pk).manager_rating == 3


def test_only_an_open_cycle_goes_to_calibration():
    _scene, cycle = _rated()
    review_cycle_calibration_start(cycle=cycle, actor=None)
    with pytest.raises(ApplicationError, match="Only an open cycle"):
        review_cycle_calibration_start(cycle=cycle, actor=None)
    assert ReviewCycle.objects.get(pk=cycle.pk).status == "calibration"


@pytest.mark.django_db(transaction=True)
def test_acknowledging_works_outside_a_test_transaction():
    """As a request runs it (no ATOMIC_REQUESTS): the service opens its own transaction
    for the row lock; the other tests run inside pytest's and would not notice."""
    scene, cycle = _rated()
    review_cycle_close(cycle=cycle, actor=scene.hr)
    review = Review.objects.get(cycle=cycle, employee=scene.people[0])

    review_acknowledge(review=review, user=scene.users[0])

    assert Review.objects.get(pk=review.pk).acknowledged_at is not None
