"""Probation (issue 15, point 11): the review two weeks before, and pass / extend / end."""

from datetime import timedelta

import pytest
from django.utils import timezone

from employees.models import Assignment, Contract, EmployeeStatus, ProbationReview
from employees.periods import period_end
from employees.services.contracts import contract_create
from employees.services.probation import probation_end, probation_extend, probation_pass
from employees.services.probation_reviews import probation_reviews_open
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.notifications.models import OutboxMessage
from tests.employees.contracts.people import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def _on_probation(*, started_days_ago: int, months: int = 6, years: int = 3):  # type: ignore[no-untyped-def]
    """A report of a manager (with a sign-in account) on probation under a contract of
    `years` years with `months` of probation, started `started_days_ago`."""
    today = timezone.localdate()
    start = today - timedelta(days=started_days_ago)
    boss_user = UserFactory(roles=[Role.EMPLOYEE])
    boss = employee_make(hire_date=start - timedelta(days=400), user=boss_user, status="regular")
    person = employee_make(hire_date=start, manager=boss)
    contract = contract_create(
        employee=person,
        kind="fixed_term",
        starts_on=start,
        ends_on=period_end(start, 12 * years),
        probation_months=months,
        signed_on=start,
        actor=None,
    )
    return person, contract, boss_user


def test_the_review_opens_exactly_14_days_before_the_end_once_and_tells_the_manager():
    person, contract, boss_user = _on_probation(started_days_ago=30)
    ends = contract.probation_ends_on
    assert ends == period_end(contract.starts_on, 6)

    assert probation_reviews_open(on=ends - timedelta(days=15)) == 0
    assert probation_reviews_open(on=ends - timedelta(days=14)) == 1
    assert probation_reviews_open(on=ends - timedelta(days=14)) == 0  # ran twice
    assert probation_reviews_open(on=ends - timedelta(days=13)) == 0

    review = ProbationReview.objects.get()
    assert (review.employee, review.contract, review.ends_on) == (person, contract, ends)
    assert review.due_on == ends - timedelta(days=14)
    assert review.outcome == ""
    (notice,) = OutboxMessage.objects.filter(event="probation_review_due")
    assert notice.recipient == boss_user.email
    assert person.full_name in notice.body


def test_nobody_is_asked_about_someone_no_longer_on_probation():
    _person, contract, _boss = _on_probation(started_days_ago=30)
    Assignment.objects.filter(employee=contract.employee).update(status=EmployeeStatus.REGULAR)
    assert probation_reviews_open(on=contract.probation_ends_on) == 0


def test_a_contract_recorded_within_14_days_of_its_probation_end_opens_the_review_at_once():
    person, contract, _boss = _on_probation(started_days_ago=25, months=1, years=1)
    assert contract.probation_ends_on - timezone.localdate() <= timedelta(days=14)
    review = ProbationReview.objects.get(contract=contract)
    assert review.employee == person
    assert OutboxMessage.objects.filter(event="probation_review_due").count() == 1


def test_without_a_manager_who_can_sign_in_hr_admins_hear_of_the_review():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    start = timezone.localdate() - timedelta(days=25)
    contract_create(
        employee=employee_make(hire_date=start), kind="fixed_term", starts_on=start,
        ends_on=period_end(start, 12), probation_months=1, actor=None,
    )  # fmt: skip
    (notice,) = OutboxMessage.objects.filter(event="probation_review_due")
    assert notice.recipient == hr.email


def _open_review(**kwargs) -> ProbationReview:  # type: ignore[no-untyped-def]
    _person, contract, boss = _on_probation(**kwargs)
    probation_reviews_open(on=contract.probation_ends_on)
    review = ProbationReview.objects.get(contract=contract)
    review.boss = boss  # type: ignore[attr-defined]
    return review


def test_passing_makes_the_employee_regular_from_the_day_after_probation():
    review = _open_review(started_days_ago=170)
    probation_pass(review=review, actor=review.boss, reason="表现良好")  # type: ignore[attr-defined]

    review.refresh_from_db()
    assert (review.outcome, review.decided_by, review.reason) == ("passed", review.boss, "表现良好")  # type: ignore[attr-defined]
    assert review.decided_at is not None
    day_after = review.ends_on + timedelta(days=1)
    assert Assignment.objects.as_of(review.ends_on).get(employee=review.employee).status == (
        EmployeeStatus.PROBATION
    )
    row = Assignment.objects.as_of(day_after).get(employee=review.employee)
    assert (row.status, row.change, row.valid_from) == ("regular", "probation_passed", day_after)
    with pytest.raises(ApplicationError, match="decided already"):
        probation_pass(review=review, actor=None)


def test_passing_early_makes_the_employee_regular_today():
    review = _open_review(started_days_ago=170)
    probation_pass(review=review, actor=None, early=True)
    today = timezone.localdate()
    row = Assignment.objects.as_of(today).get(employee=review.employee)
    assert (row.status, row.valid_from) == ("regular", today)


def test_extending_stays_within_the_legal_maximum_of_the_term():
    """One year's term: at most two months in all (art. 19), counted from the first day."""
    review = _open_review(started_days_ago=20, months=1, years=1)
    contract = review.contract
    latest = period_end(contract.starts_on, 2)

    with pytest.raises(ApplicationError) as refused:
        probation_extend(
            review=review, new_end_date=latest + timedelta(days=1), reason="再观察", actor=None
        )
    assert "art. 19" in refused.value.message
    assert refused.value.extra == {"field": "new_end_date"}
    with pytest.raises(ApplicationError) as refused:
        probation_extend(review=review, new_end_date=latest, reason="  ", actor=None)
    assert refused.value.extra == {"field": "reason"}
    with pytest.raises(ApplicationError):
        probation_extend(review=review, new_end_date=review.ends_on, reason="x", actor=None)

    probation_extend(review=review, new_end_date=latest, reason="再观察一个月", actor=None)

    review.refresh_from_db()
    contract.refresh_from_db()
    assert (review.outcome, review.new_end_date) == ("extended", latest)
    assert contract.probation_ends_on == latest
    # The next review waits for its own two weeks before the new end.
    probation_reviews_open(on=latest - timedelta(days=14))
    later = ProbationReview.objects.get(contract=contract, outcome="")
    assert later.ends_on == latest


def test_a_probation_that_ended_cannot_be_extended():
    review = _open_review(started_days_ago=200, months=6)
    assert review.ends_on < timezone.localdate()
    with pytest.raises(ApplicationError, match="no longer be extended"):
        probation_extend(
            review=review,
            new_end_date=review.ends_on + timedelta(days=10),
            reason="x",
            actor=None,
        )
    assert ProbationReview.objects.get(pk=review.pk).outcome == ""


def test_ending_needs_a_reason_and_leaves_the_person_and_ends_the_contract():
    review = _open_review(started_days_ago=170)
    today = timezone.localdate()
    last_day = today + timedelta(days=3)
    with pytest.raises(ApplicationError) as refused:
        probation_end(review=review, last_day=last_day, reason="", actor=None)
    assert refused.value.extra == {"field": "reason"}
    with pytest.raises(ApplicationError):
        probation_end(
            review=review, last_day=review.ends_on + timedelta(days=1), reason="x", actor=None
        )

    probation_end(review=review, last_day=last_day, reason="不符合录用条件", actor=None)

    review.refresh_from_db()
    assert (review.outcome, review.reason) == ("ended", "不符合录用条件")
    statuses = [
        Assignment.objects.as_of(day).get(employee=review.employee).status
        for day in (today, last_day)
    ]
    assert statuses == ["leaving", "left"]
    review.employee.refresh_from_db()
    assert review.employee.left_on == last_day
    contract = Contract.objects.get(pk=review.contract_id)
    assert (contract.status, contract.ended_on, contract.end_reason) == (
        "terminated", last_day, "不符合录用条件",
    )  # fmt: skip


def test_the_outcome_is_kept_for_the_analytics():
    review = _open_review(started_days_ago=170)
    probation_pass(review=review, actor=None)
    assert list(ProbationReview.objects.values_list("employee_id", "outcome", "ends_on")) == [
        (review.employee_id, "passed", review.ends_on)
    ]
