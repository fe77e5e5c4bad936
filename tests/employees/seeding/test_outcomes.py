"""The employee seed's outcomes: probation reviews in closed cycles, decisions, leavers."""

import hashlib
from collections import Counter
from datetime import timedelta
from statistics import correlation

import pytest
from django.db import transaction

from employees.models import (
    Assignment,
    Employee,
    EmployeeStatus,
    Goal,
    HiredAssessment,
    Outcome,
    ProbationReview,
    Review,
    ReviewCycle,
)
from employees.seeding.builder import seed_employees
from employees.seeding.outcomes import window_start
from hrflow.accounts.roles import Role
from recruiting.models import Offer
from recruiting.seeding.builder import seed_database
from recruiting.seeding.hires import pipeline_hires_for_seed
from tests.hrflow.factories import UserFactory
from tests.recruiting.seeding.conftest import NOW

pytestmark = pytest.mark.django_db
TODAY = NOW.date()
Kind = Outcome.Kind


def _seed(seed: int = 5, *, outcomes: bool = True) -> dict[str, int]:
    """3,000 applications and last year's drive, then 400 employees, the hires among them."""
    UserFactory(email="recruiter@hrflow.local", roles=[Role.RECRUITER])
    seed_database(applications=3000, jobs=10, seed=seed, now=NOW, drive=1500)
    hires = pipeline_hires_for_seed(limit=200)
    return seed_employees(count=400, today=TODAY, seed=seed, hires=hires, outcomes=outcomes).rows


@pytest.fixture
def seeded() -> dict[str, int]:
    return _seed()


def test_reviews_of_the_closed_probation_cycles_each_leave_one_outcome(seeded):
    cycles = ReviewCycle.objects.all()
    assert seeded["review cycles"] == cycles.count() > 3
    assert set(cycles.values_list("kind", "status")) == {("probation", "closed")}
    assert all(cycle.closed_at.date() < TODAY for cycle in cycles)
    assert min(cycles.values_list("period_start", flat=True)) >= window_start(TODAY)
    outcomes = Outcome.objects.filter(kind=Kind.REVIEW).select_related("review__cycle")
    assert outcomes.count() == Review.objects.count() == seeded["reviews"] > 50
    for outcome in outcomes:
        review = outcome.review
        assert review.stage == Review.Stage.FINISHED
        assert outcome.rating == review.final_rating == review.manager_rating
        assert outcome.employee_id == review.employee_id
        assert outcome.occurred_on == review.cycle.closed_at.date()
        assert outcome.cycle_kind == "probation"
        assert outcome.origin_ref == f"employees.review:{review.pk}"
        goals = {
            goal.metric.code: (goal.actual, goal.score)
            for goal in Goal.objects.filter(review=review).select_related("metric")
        }
        details = {kpi["metric"]: kpi for kpi in outcome.details["kpi"]}
        assert set(details) == set(goals)
        for code, (actual, score) in goals.items():
            assert details[code]["actual"] == str(actual)
            assert details[code]["score"] == str(score)
    with_kpi = outcomes.exclude(details__kpi=[]).count()
    assert 0.2 < with_kpi / outcomes.count() < 0.95  # the plant's and sales' teams
    assert len(set(outcomes.values_list("rating", flat=True))) == 5


def test_ratings_of_pipeline_hires_follow_their_ai_interview(seeded):
    scores = dict(HiredAssessment.objects.values_list("employee_id", "overall_score"))
    pairs = [
        (float(scores[employee]), rating)
        for employee, rating in Outcome.objects.filter(
            kind=Kind.REVIEW, employee_id__in=scores
        ).values_list("employee_id", "rating")
    ]
    assert len(pairs) >= 40
    assert correlation([ai for ai, _r in pairs], [rating for _ai, rating in pairs]) > 0.2


def test_most_pass_probation_and_those_who_do_not_leave_on_its_last_day(seeded):
    decisions = ProbationReview.objects.select_related("contract")
    outcomes = {
        outcome.origin_ref: outcome for outcome in Outcome.objects.filter(kind=Kind.PROBATION)
    }
    assert len(outcomes) == decisions.count() == seeded["probation decisions"]
    passed = Counter(decisions.values_list("outcome", flat=True))
    assert passed["passed"] / decisions.count() > 0.8
    assert passed["ended"] > 0
    leaving = {o.employee_id: o for o in Outcome.objects.filter(kind=Kind.LEAVING)}
    for decision in decisions:
        outcome = outcomes[f"employees.probationreview:{decision.pk}"]
        assert outcome.passed == (decision.outcome == "passed")
        assert decision.ends_on == decision.contract.probation_ends_on
        assert decision.due_on <= decision.decided_at.date() <= decision.ends_on
        assert outcome.occurred_on == decision.decided_at.date()
        history = Assignment.objects.filter(employee=decision.employee_id)
        if outcome.passed:
            assert history.filter(
                change=Assignment.Change.PROBATION_PASSED,
                valid_from=decision.ends_on + timedelta(days=1),
            ).exists()
        else:
            assert history.get(status=EmployeeStatus.LEFT).valid_from == decision.ends_on
            assert leaving[decision.employee_id].voluntary is False


def test_every_leaver_of_the_window_has_a_leaving_outcome_on_the_last_day(seeded):
    start = window_start(TODAY)
    left = dict(
        Assignment.objects.filter(status=EmployeeStatus.LEFT, valid_from__gte=start).values_list(
            "employee_id", "valid_from"
        )
    )
    outcomes = Outcome.objects.filter(kind=Kind.LEAVING)
    assert dict(outcomes.values_list("employee_id", "occurred_on")) == left
    assert set(outcomes.values_list("origin_ref", flat=True)) == {
        f"employees.leaving:{employee}" for employee in left
    }
    assert set(outcomes.values_list("voluntary", flat=True)) == {True, False}
    assert all(outcomes.values_list("reason", flat=True))
    # Some pipeline hires left within their first year.
    hires = Employee.objects.filter(source_application_id__isnull=False)
    early = [
        employee
        for employee in hires.filter(pk__in=left)
        if left[employee.pk] <= employee.hire_date + timedelta(days=365)
    ]
    assert early
    assert Employee.objects.filter(pk__in=left, left_on__isnull=True).count() == 0


def test_pipeline_hires_start_on_their_accepted_offers_start_date(seeded):
    starts = dict(
        Offer.objects.filter(status=Offer.Status.ACCEPTED).values_list(
            "application_id", "start_date"
        )
    )
    hires = Employee.objects.filter(source_application_id__isnull=False)
    assert hires.count() > 50
    assert all(hire.hire_date == starts[hire.source_application_id] for hire in hires)


def _fingerprint() -> str:
    """The outcomes, keys and employee numbers (drawn from a sequence) left out."""
    digest = hashlib.sha256()
    for row in sorted(
        map(
            repr,
            Outcome.objects.values_list(
                "employee__full_name", "employee__hire_date", "kind", "occurred_on", "rating",
                "passed", "voluntary", "reason", "details",
            ),
        )
    ):  # fmt: skip
        digest.update(row.encode())
    return digest.hexdigest()


def test_the_same_seed_gives_the_same_outcomes_and_none_without_them():
    prints = []
    for seed in (5, 5):
        with transaction.atomic():
            _seed(seed)
            prints.append(_fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]

    rows = _seed(outcomes=False)

    assert "outcomes" not in rows
    assert not Outcome.objects.exists()
    assert not ReviewCycle.objects.exists()
