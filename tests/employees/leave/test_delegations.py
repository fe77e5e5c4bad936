"""Approval delegations (employees.leave.policy): a manager, or HR for anyone, passes
the manager step on for a period to an active colleague; one period at a time, today or
later, at most a year; ending one takes the approvals back from today. Django admin
shows the same refusals as form errors."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from employees.leave.approvers import delegate_choices, delegates, may_delegate
from employees.leave.policy import leave_delegation_add, leave_delegation_end
from employees.models import LeaveDelegation
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.audit import AuditEvent
from hrflow.core.errors import ApplicationError
from tests.employees.leave.scene import person
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()
DAY = timedelta(days=1)


@pytest.fixture
def boss() -> User:
    """A manager (someone reports to them today)."""
    manager, manager_user = person(name="张伟")
    person(manager=manager, name="陈静")
    return manager_user


def _add(boss: User, to: User, starts=TODAY, ends=TODAY + 2 * DAY, actor=None):  # type: ignore[no-untyped-def]
    return leave_delegation_add(
        from_user=boss, to_user=to, starts=starts, ends=ends, actor=actor or boss
    )


def test_a_manager_passes_their_approvals_on_and_it_is_audited(boss):
    deputy = UserFactory(roles=[Role.EMPLOYEE])
    delegation = _add(boss, deputy)
    assert (delegation.from_user, delegation.to_user) == (boss, deputy)
    assert delegates(boss, TODAY + 2 * DAY) == [deputy]
    assert delegates(boss, TODAY + 3 * DAY) == []
    event = AuditEvent.objects.get(action="employees.leave_delegation_add")
    assert event.changes["to_user"] == deputy.pk


def test_the_choices_are_active_people_with_a_role_and_not_oneself(boss):
    colleague = UserFactory(roles=[Role.EMPLOYEE])
    hr = UserFactory(roles=[Role.HR_ADMIN])
    gone = UserFactory(roles=[Role.EMPLOYEE], is_active=False)
    no_role = UserFactory()
    choices = set(delegate_choices(boss))
    assert {colleague, hr} <= choices
    assert not {boss, gone, no_role} & choices


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("self", "Delegate to someone else."),
        ("inactive", "Delegate to a colleague whose account is active."),
        ("no_role", "Delegate to a colleague whose account is active."),
    ],
)
def test_the_delegate_must_be_someone_the_rule_allows(boss, to, message):
    user = {
        "self": boss,
        "inactive": UserFactory(roles=[Role.EMPLOYEE], is_active=False),
        "no_role": UserFactory(),
    }[to]
    with pytest.raises(ApplicationError, match=message) as refused:
        _add(boss, user)
    assert refused.value.extra["field"] == "to_user"
    assert not LeaveDelegation.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "message", "field"),
    [
        (TODAY + 3 * DAY, TODAY + DAY, "ends before it starts", "ends"),
        (TODAY - DAY, TODAY + DAY, "starts today or later", "starts"),
        (TODAY, TODAY + 366 * DAY, "at most a year", "ends"),
    ],
)
def test_a_period_that_is_not_a_period_is_refused(boss, starts, ends, message, field):
    with pytest.raises(ApplicationError, match=message) as refused:
        _add(boss, UserFactory(roles=[Role.EMPLOYEE]), starts, ends)
    assert refused.value.extra["field"] == field
    assert not LeaveDelegation.objects.exists()


def test_a_year_to_the_day_is_allowed(boss):
    assert _add(boss, UserFactory(roles=[Role.EMPLOYEE]), TODAY, TODAY + 365 * DAY).pk


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(0, 0), (2, 5), (0, 10), (1, 1)],
)
def test_overlapping_periods_are_refused_and_adjacent_ones_are_not(boss, starts, ends):
    _add(boss, UserFactory(roles=[Role.EMPLOYEE]), TODAY, TODAY + 2 * DAY)
    with pytest.raises(ApplicationError, match="already go to someone") as refused:
        _add(boss, UserFactory(roles=[Role.EMPLOYEE]), TODAY + starts * DAY, TODAY + ends * DAY)
    assert refused.value.extra["field"] == "starts"
    assert _add(boss, UserFactory(roles=[Role.EMPLOYEE]), TODAY + 3 * DAY, TODAY + 4 * DAY).pk


def test_only_managers_delegate_their_own_and_hr_delegates_anyones(boss):
    lonely = UserFactory(roles=[Role.EMPLOYEE])
    assert not may_delegate(lonely, TODAY)
    assert may_delegate(boss, TODAY)
    deputy = UserFactory(roles=[Role.EMPLOYEE])
    with pytest.raises(ApplicationError, match="Only managers"):
        _add(lonely, deputy)
    with pytest.raises(ApplicationError, match="Only the approver or an HR admin"):
        _add(boss, deputy, actor=UserFactory(roles=[Role.EMPLOYEE]))
    hr = UserFactory(roles=[Role.HR_ADMIN])
    assert _add(lonely, deputy, actor=hr).from_user == lonely


def test_ending_one_under_way_ends_it_yesterday_and_keeps_its_past(boss):
    delegation = _add(boss, UserFactory(roles=[Role.EMPLOYEE]))
    LeaveDelegation.objects.filter(pk=delegation.pk).update(starts=TODAY - 3 * DAY)
    leave_delegation_end(delegation=delegation, actor=boss)
    delegation.refresh_from_db()
    assert delegation.ends == TODAY - DAY
    assert delegates(boss, TODAY) == []
    event = AuditEvent.objects.get(action="employees.leave_delegation_end")
    assert event.changes["ends"] == [(TODAY + 2 * DAY).isoformat(), (TODAY - DAY).isoformat()]


@pytest.mark.parametrize("starts_in", [0, 5])
def test_ending_one_that_starts_today_or_later_removes_it(boss, starts_in):
    delegation = _add(
        boss, UserFactory(roles=[Role.EMPLOYEE]), TODAY + starts_in * DAY, TODAY + 9 * DAY
    )
    leave_delegation_end(delegation=delegation, actor=boss)
    assert not LeaveDelegation.objects.exists()
    assert (
        AuditEvent.objects.get(action="employees.leave_delegation_end").changes["ends"][1] is None
    )


def test_one_already_over_or_someone_elses_is_not_ended(boss):
    delegation = _add(boss, UserFactory(roles=[Role.EMPLOYEE]))
    with pytest.raises(ApplicationError, match="Only the approver or an HR admin"):
        leave_delegation_end(delegation=delegation, actor=UserFactory(roles=[Role.EMPLOYEE]))
    LeaveDelegation.objects.filter(pk=delegation.pk).update(
        starts=TODAY - 5 * DAY, ends=TODAY - DAY
    )
    with pytest.raises(ApplicationError, match="already over"):
        leave_delegation_end(delegation=delegation, actor=boss)
    assert LeaveDelegation.objects.get().ends == TODAY - DAY


def test_one_added_in_django_admin_shows_a_refusal_as_a_form_error(client, boss):
    client.cookies["django_language"] = "en"
    client.force_login(UserFactory(is_staff=True, is_superuser=True, language="en"))
    deputy = UserFactory(roles=[Role.EMPLOYEE])
    url = reverse("admin:employees_leavedelegation_add")
    form = {"from_user": boss.pk, "to_user": deputy.pk, "starts": TODAY.isoformat()}
    refused = client.post(url, {**form, "ends": (TODAY - DAY).isoformat()})
    assert refused.status_code == 200
    assert "The delegation ends before it starts." in refused.content.decode()
    assert not LeaveDelegation.objects.exists()
    saved = client.post(url, {**form, "ends": (TODAY + DAY).isoformat()})
    assert saved.status_code == 302
    assert LeaveDelegation.objects.get().to_user == deputy
    assert AuditEvent.objects.filter(action="employees.leave_delegation_add").count() == 1
    overlapping = client.post(url, {**form, "ends": TODAY.isoformat()})
    assert "These approvals already go to someone from" in overlapping.content.decode()
    assert LeaveDelegation.objects.count() == 1
