"""What others read: approved leave per employee and day (attendance), the team
calendar scoped by role, balances; each at constant queries (issue 18 point 5)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employees.leave.requests import leave_request_approve, leave_request_submit
from employees.leave.selectors import (
    LeaveDay,
    leave_balances,
    leave_ledger,
    leave_minutes_by_day,
    team_calendar,
)
from employees.models import (
    Employee,
    LeaveDelegation,
    LeaveEntry,
    LeaveRequest,
    LeaveSettings,
    LeaveType,
)
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from tests.employees.leave.scene import grant, leave_type, person
from tests.fixtures.admin_site import admin_change_url, admin_changelist_url
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _hr() -> User:
    return UserFactory(roles=[Role.HR_ADMIN])


def _leave(
    employee: Employee, code: str, start: date, end: date, approve: bool = True
) -> LeaveRequest:
    hr = _hr()
    request = leave_request_submit(
        employee=employee, leave_type=leave_type(code), start_day=start, end_day=end, actor=hr
    )
    if not approve:
        return request
    manager = employee.assignments.get().manager
    approver = manager.user if manager and manager.user else hr
    return leave_request_approve(request=request, actor=approver)


def test_approved_leave_by_day_for_attendance() -> None:
    employee, _user = person()
    grant(employee, "annual", "40")
    approved = _leave(employee, "annual", date(2026, 9, 30), date(2026, 10, 1))
    _leave(employee, "personal", date(2026, 9, 29), date(2026, 9, 29), approve=False)
    found = leave_minutes_by_day([employee.pk], date(2026, 9, 1), date(2026, 10, 31))
    assert found == {
        (employee.pk, date(2026, 9, 30)): [LeaveDay("annual", 480, Decimal("1.00"), approved.pk)]
    }  # the holiday takes nothing, the pending request is not leave yet
    unpaid = _leave(employee, "personal", date(2026, 9, 28), date(2026, 9, 28))
    day = leave_minutes_by_day([employee.pk], date(2026, 9, 28), date(2026, 9, 28))
    assert day == {
        (employee.pk, date(2026, 9, 28)): [LeaveDay("personal", 480, Decimal("0.00"), unpaid.pk)]
    }


def _people_on_leave(count: int) -> list[int]:
    ids = []
    for n in range(count):
        employee, _user = person(name=f"员工{n}")
        grant(employee, "annual", "40")
        _leave(employee, "annual", date(2026, 9, 28), date(2026, 9, 29))
        ids.append(employee.pk)
    return ids


def test_leave_by_day_reads_at_constant_queries() -> None:
    few, many = _people_on_leave(2), _people_on_leave(8)
    counts = []
    for ids in (few, many):
        with CaptureQueriesContext(connection) as queries:
            found = leave_minutes_by_day(ids, date(2026, 9, 1), date(2026, 9, 30))
        assert len(found) == 2 * len(ids)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_team_calendar_by_role() -> None:
    boss, boss_user = person(name="张伟")
    report, report_user = person(name="陈静", manager=boss)
    other, other_user = person(name="赵六")
    hr = _hr()
    for employee in (boss, report, other):
        grant(employee, "annual", "40")
        _leave(employee, "annual", date(2026, 9, 28), date(2026, 9, 28))
    _leave(report, "bereavement", date(2026, 9, 21), date(2026, 9, 21), approve=False)
    start, end = date(2026, 9, 1), date(2026, 9, 30)

    def names(user: User) -> list[tuple[str, str]]:
        return sorted((a.employee_name, a.type_code) for a in team_calendar(user, start, end))

    assert names(report_user) == [("陈静", "annual"), ("陈静", "bereavement")]
    assert names(boss_user) == [("张伟", "annual"), ("陈静", "annual"), ("陈静", "bereavement")]
    assert names(other_user) == [("赵六", "annual")]
    assert len(names(hr)) == 4
    assert team_calendar(boss_user, date(2026, 10, 1), date(2026, 10, 31)) == []


def test_the_manager_sees_that_a_report_is_away_not_that_they_are_sick() -> None:
    boss, boss_user = person(name="张伟")
    report, report_user = person(name="陈静", manager=boss)
    sick = leave_type("sick")
    sick.needs_document = sick.document_is_health = False  # the document is tested elsewhere
    sick.save()
    _leave(report, "sick", date(2026, 9, 21), date(2026, 9, 22))
    seen = team_calendar(boss_user, date(2026, 9, 1), date(2026, 9, 30))
    assert [(a.type_code, a.type_name) for a in seen] == [("sick", "Sick leave")]
    sick.needs_document = sick.document_is_health = True  # health data from here on
    sick.save()
    seen = team_calendar(boss_user, date(2026, 9, 1), date(2026, 9, 30))
    own = team_calendar(report_user, date(2026, 9, 1), date(2026, 9, 30))
    assert [(a.type_code, a.type_name) for a in seen] == [("", "Leave")]
    assert [(a.type_code, a.type_name) for a in own] == [("sick", "Sick leave")]


def test_the_team_calendar_reads_at_constant_queries() -> None:
    hr = _hr()
    _people_on_leave(2)
    with CaptureQueriesContext(connection) as few:
        assert len(team_calendar(hr, date(2026, 9, 1), date(2026, 9, 30))) == 2
    _people_on_leave(6)
    hr = User.objects.get(pk=hr.pk)  # a fresh user: the role cache is read again
    with CaptureQueriesContext(connection) as many:
        assert len(team_calendar(hr, date(2026, 9, 1), date(2026, 9, 30))) == 8
    assert len(few) == len(many)


def test_balances_and_the_ledger_read_at_constant_queries() -> None:
    employee, _user = person()
    grant(employee, "annual", "40")
    grant(employee, "lieu", "4")
    annual = leave_type("annual")
    with CaptureQueriesContext(connection) as few:
        leave_balances(employee, on=date(2026, 12, 31))
        assert len(leave_ledger(employee, annual)) == 1
    for day in (14, 15, 16, 17, 18):
        _leave(employee, "annual", date(2026, 9, day), date(2026, 9, day))
    with CaptureQueriesContext(connection) as many:
        balances = {b.type.code: b for b in leave_balances(employee, on=date(2026, 12, 31))}
        assert len(leave_ledger(employee, annual)) == 6
    assert len(few) == len(many)
    assert balances["annual"].balance_hours == Decimal("0.00")
    assert balances["lieu"].available_hours == Decimal("4.00")


def test_the_leave_admin_pages_open_and_write_through_the_services(superuser_client) -> None:
    employee, _user = person()
    grant(employee, "annual", "40")
    for model in (LeaveType, LeaveEntry, LeaveRequest, LeaveSettings, LeaveDelegation):
        assert superuser_client.get(admin_changelist_url(model)).status_code == 200
    LeaveSettings.current()
    response = superuser_client.post(
        admin_change_url(LeaveSettings.current()),
        {"company_annual_days": "5", "hr_approval_over_days": "3"},
    )
    assert response.status_code == 302
    assert LeaveSettings.current().company_annual_days == 5
    assert AuditEvent.objects.filter(action="employees.leave_settings_save").exists()
