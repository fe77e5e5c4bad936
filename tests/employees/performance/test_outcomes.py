"""Outcomes of probation and leaving, for analytics: written once by the deciding service."""

from datetime import timedelta

import pytest
from django.utils import timezone

from employees.models import Assignment, Contract, Employee, Outcome, ProbationReview
from employees.periods import period_end
from employees.services.contracts import contract_create
from employees.services.leaving import employee_leave
from employees.services.probation import probation_end, probation_extend, probation_pass
from employees.services.probation_reviews import probation_review_open
from hrflow.core.errors import ApplicationError
from tests.employees.contracts.people import employee_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _probation_review(started_days_ago: int = 80, months: int = 3) -> ProbationReview:
    """A probation of `months` under a three-year contract, its review opened."""
    start = timezone.localdate() - timedelta(days=started_days_ago)
    person = employee_make(hire_date=start)
    contract = contract_create(
        employee=person,
        kind="fixed_term",
        starts_on=start,
        ends_on=period_end(start, 36),
        probation_months=months,
        signed_on=start,
        actor=None,
    )
    review = probation_review_open(contract=contract, on=contract.probation_ends_on)
    assert review is not None
    return review


def test_a_passed_probation_is_an_outcome():
    review = _probation_review()

    probation_pass(review=review, actor=None, reason="合格")

    (outcome,) = Outcome.objects.all()
    assert (outcome.kind, outcome.passed, outcome.employee_id) == (
        "probation", True, review.employee_id,
    )  # fmt: skip
    assert outcome.origin_ref == f"employees.probationreview:{review.pk}"
    assert outcome.occurred_on == timezone.localdate()


def test_an_ended_probation_is_a_failed_outcome_and_an_extension_is_none_yet():
    review = _probation_review(started_days_ago=80)
    probation_extend(
        review=review,
        new_end_date=review.ends_on + timedelta(days=30),
        reason="再观察",
        actor=None,
    )
    assert not Outcome.objects.exists()
    contract = Contract.objects.get(pk=review.contract_id)
    later = probation_review_open(contract=contract, on=contract.probation_ends_on)
    assert later is not None

    probation_end(review=later, last_day=timezone.localdate(), reason="不符合录用条件", actor=None)

    (outcome,) = Outcome.objects.all()
    assert (outcome.kind, outcome.passed, outcome.reason) == ("probation", False, "不符合录用条件")


def test_leaving_is_a_dated_status_change_the_contract_ended_and_an_outcome():
    person = _probation_review(started_days_ago=400).employee
    today = timezone.localdate()
    last_day = today + timedelta(days=30)

    outcome = employee_leave(
        employee=person, last_day=last_day, voluntary=True, reason="回老家发展", actor=None
    )

    assert (outcome.kind, outcome.voluntary, outcome.occurred_on, outcome.reason) == (
        "leaving", True, last_day, "回老家发展",
    )  # fmt: skip
    statuses = list(
        Assignment.objects.filter(employee=person)
        .order_by("valid_from")
        .values_list("valid_from", "status")
    )
    assert statuses[-2:] == [(today, "leaving"), (last_day, "left")]
    assert Employee.objects.get(pk=person.pk).left_on == last_day
    contract = Contract.objects.get(employee=person)
    assert (contract.ended_on, contract.end_reason) == (last_day, "回老家发展")
    with pytest.raises(ApplicationError, match="recorded already"):
        employee_leave(employee=person, last_day=last_day, voluntary=False, reason="x", actor=None)
    assert Outcome.objects.count() == 1


@pytest.mark.parametrize("reason", ["", "  ", "a\x00b", "x" * 501])
def test_leaving_needs_a_reason(reason):
    person = employee_make(hire_date=timezone.localdate() - timedelta(days=100))
    with pytest.raises(ApplicationError, match="Say why"):
        employee_leave(
            employee=person, last_day=timezone.localdate(), voluntary=False, reason=reason,
            actor=None,
        )  # fmt: skip
    assert not Outcome.objects.exists()
    assert not Assignment.objects.filter(employee=person, status="left").exists()


def test_the_last_day_cannot_precede_the_first():
    person = employee_make(hire_date=timezone.localdate() - timedelta(days=10))
    with pytest.raises(ApplicationError, match="before the first"):
        employee_leave(
            employee=person,
            last_day=person.hire_date - timedelta(days=1),
            voluntary=True,
            reason="x",
            actor=None,
        )
    assert not Outcome.objects.exists()
