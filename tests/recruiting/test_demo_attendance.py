"""`make demo`'s time and attendance (recruiting/demo/attendance.py): a month of leave,
rotation, punches, overtime and results for the demo's people, made once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from employees.leave.selectors import leave_balances, team_calendar
from employees.models import (
    Assignment,
    DailyResult,
    DayStatus,
    Employee,
    LeaveEntry,
    LeaveRequest,
    MonthConfirmation,
    OvertimeRequest,
    Punch,
    Shift,
    WorkArrangement,
)
from hrflow.accounts.demo import SUPERVISOR_EMAIL, demo_accounts_ensure
from hrflow.accounts.models import User
from hrflow.org.demo import demo_org_ensure
from recruiting.demo.data import demo_data_ensure

pytestmark = pytest.mark.django_db

APPLICATIONS = 300


@pytest.fixture
def demo_data():
    demo_accounts_ensure(password="demo-password-for-tests")
    demo_org_ensure(language="zh-hans")
    return demo_data_ensure(language="zh-hans", applications=APPLICATIONS)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            LeaveEntry,
            LeaveRequest,
            Punch,
            OvertimeRequest,
            DailyResult,
            MonthConfirmation,
            Shift,
            WorkArrangement,
            Assignment,
        )
    }


def test_the_demo_employee_has_leave_in_every_state_punches_and_results_for_the_month(
    demo_data,
):
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    made = demo_data.attendance
    employee = made.employee
    assert employee is not None
    manager = User.objects.get(email="manager@hrflow.local")
    # One of 张伟's reports now, with this year's statutory annual leave granted.
    job = Assignment.objects.as_of(today).get(employee=employee)
    assert job.manager.user == manager
    annual = next(b for b in leave_balances(employee, on=today) if b.type.code == "annual")
    granted = LeaveEntry.objects.get(
        employee=employee, leave_type=annual.type, kind=LeaveEntry.Kind.GRANT,
        effective_on__year=today.year,
    )  # fmt: skip
    assert granted.hours >= 40  # five days at least: over a year's service
    # Approved (taken from the balance), waiting for 张伟, declined with a reason.
    requests = LeaveRequest.objects.filter(employee=employee)
    statuses = set(requests.values_list("status", flat=True))
    assert {"approved", "pending", "declined"} <= statuses
    approved = requests.get(status="approved")
    assert start <= approved.start_day < today
    assert annual.balance_hours == granted.hours - approved.hours
    assert annual.pending_hours == requests.get(status="pending").hours
    assert requests.get(status="pending").step == LeaveRequest.Step.MANAGER
    assert requests.get(status="declined").decision_note
    # 张伟's team calendar shows the pending request to decide.
    shown = team_calendar(manager, today, today + timedelta(days=28))
    assert any(a.employee_id == employee.pk and a.status == "pending" for a in shown)
    # A month of punches and results: the approved leave day is leave, some days late.
    assert (
        Punch.objects.filter(employee=employee, at__date__lt=start + timedelta(days=28)).count()
        >= 30
    )
    results = DailyResult.objects.filter(employee=employee, day__gte=start, day__lt=today)
    end = today - timedelta(days=2)
    assert results.count() == (end - start).days + 1
    assert results.get(day=approved.start_day).status == DayStatus.LEAVE
    assert results.filter(status=DayStatus.LATE).exists()
    assert results.filter(status=DayStatus.OK).count() >= 15
    # Overtime: a workday paid and a Saturday as time off (credited to the lieu balance).
    overtime = OvertimeRequest.objects.filter(employee=employee, status="approved")
    assert set(overtime.values_list("kind", "compensation")) == {
        ("workday", "pay"),
        ("rest_day", "time_off"),
    }
    lieu = next(b for b in leave_balances(employee, on=today) if b.type.code == "lieu")
    assert lieu.balance_hours == 3
    paid = overtime.get(kind="workday")
    assert results.get(day=paid.day).overtime_workday_minutes == paid.minutes
    assert OvertimeRequest.objects.filter(status="pending").exists()


def test_one_clock_out_is_missing_and_the_plant_rotates_with_a_confirmed_month(demo_data):
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    assert DailyResult.objects.filter(status=DayStatus.MISSING_PUNCH, day__lt=today).count() == 1
    lead = Employee.objects.get(user__email=SUPERVISOR_EMAIL)
    team = Assignment.objects.as_of(today).filter(manager=lead).values("employee_id")
    rotating = WorkArrangement.objects.filter(employee__in=team, pattern__follows_calendar=False)
    assert rotating.count() >= 3
    night = DailyResult.objects.filter(
        employee__in=team, day__gte=start, first_in__isnull=False, first_in__hour__gte=13
    )
    # A night shift counts once, its eight hours on the day it starts.
    assert night.exists()
    assert set(night.values_list("planned_minutes", flat=True)) == {480}
    confirmed = MonthConfirmation.objects.filter(month=start)
    assert confirmed.count() == demo_data.attendance.confirmed > 0
    assert not confirmed.filter(employee=lead).exists()


def test_a_second_start_adds_no_leave_punches_or_results(demo_data):
    first = _counts()
    again = demo_data_ensure(language="zh-hans", applications=APPLICATIONS)

    assert _counts() == first
    assert again.attendance.punches == again.attendance.granted == 0
    assert demo_data.attendance.punches > 300
