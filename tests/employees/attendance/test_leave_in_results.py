"""Approved leave reaches the daily results by default (no loader passed), and a leave
decision queues the recompute of its days."""

from datetime import date

import pytest

from employees.attendance.recompute import daily_results_recompute
from employees.leave.requests import leave_request_approve, leave_request_submit
from employees.models import DailyResult
from tests.employees.leave.scene import grant, leave_type, person

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 3, 10)


def test_an_approved_days_leave_is_not_an_absence(django_capture_on_commit_callbacks) -> None:
    boss, boss_user = person(name="王经理")
    employee, user = person(manager=boss)
    grant(employee, "annual", "40")
    request = leave_request_submit(
        employee=employee, leave_type=leave_type("annual"), start_day=TUESDAY,
        end_day=TUESDAY, actor=user,
    )  # fmt: skip
    daily_results_recompute(employee_ids=[employee.pk], start=TUESDAY, end=TUESDAY)
    before = DailyResult.objects.get(employee=employee, day=TUESDAY)
    assert before.status == "absent"  # pending leave excuses nothing yet
    with django_capture_on_commit_callbacks(execute=False) as queued:
        leave_request_approve(request=request, actor=boss_user)
    # The decision queues the recompute of its days (run by the worker).
    assert len(queued) >= 1
    daily_results_recompute(employee_ids=[employee.pk], start=TUESDAY, end=TUESDAY)
    after = DailyResult.objects.get(employee=employee, day=TUESDAY)
    assert (after.status, after.leave_minutes, after.absent_minutes) == ("leave", 480, 0)
