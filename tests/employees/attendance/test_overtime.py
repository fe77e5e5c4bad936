"""Overtime at its boundaries: the rate of the kind of day, time off in lieu on rest days
only, the caps with an override reason, comprehensive and flexible hours."""

from datetime import date, time
from decimal import Decimal
from typing import cast

import pytest

from employees.attendance.overtime import overtime_decide, overtime_request
from employees.attendance.recompute import daily_results_recompute
from employees.attendance.selectors import comprehensive_overtime, lieu_credits
from employees.leave.selectors import leave_balances
from employees.models import DailyResult, Employee, OvertimeRequest
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.notifications.models import OutboxMessage
from tests.employees.attendance.scene import arrange, at, punch
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
SATURDAY = date(2026, 3, 7)
LABOUR_DAY = date(2026, 5, 1)


@pytest.fixture
def hr() -> User:
    return cast(User, UserFactory(roles=[Role.HR_ADMIN]))


def ask(person: Employee, day: date, hours: int, hr: User, **kwargs: object) -> OvertimeRequest:
    return overtime_request(
        employee=person, day=day, starts=at(day, 18), ends=at(day, 18 + hours), actor=hr,
        **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


def test_the_rate_follows_the_kind_of_day(hr: User) -> None:
    person = employee_make(since=date(2025, 1, 1))
    assert ask(person, MONDAY, 2, hr).rate == Decimal("1.50")
    saturday = ask(person, SATURDAY, 2, hr)
    assert (saturday.kind, saturday.rate) == ("rest_day", Decimal("2.00"))
    holiday = ask(person, LABOUR_DAY, 2, hr)
    assert (holiday.kind, holiday.rate, holiday.after_the_fact) == (
        "statutory_holiday",
        Decimal("3.00"),
        True,
    )


def test_time_off_in_lieu_only_for_a_rest_day(hr: User) -> None:
    person = employee_make(since=date(2025, 1, 1))
    lieu = ask(person, SATURDAY, 3, hr, compensation="time_off")
    assert (lieu.compensation, lieu.rate) == ("time_off", None)
    for day in (MONDAY, LABOUR_DAY):
        with pytest.raises(ApplicationError, match="rest days only"):
            ask(person, day, 1, hr, compensation="time_off")
    assert lieu_credits(SATURDAY, SATURDAY) == []  # not approved yet
    overtime_decide(request=lieu, approve=True, actor=hr)
    [credit] = lieu_credits(date(2026, 3, 1), date(2026, 3, 31))
    assert (credit.employee_id, credit.hours, credit.overtime_request_id) == (
        person.pk,
        Decimal("3.00"),
        lieu.pk,
    )
    # The same hours are in the employee's time-off-in-lieu balance, once.
    [balance] = [b for b in leave_balances(person, on=SATURDAY) if b.type.code == "lieu"]
    assert balance.balance_hours == Decimal("3.00")
    with pytest.raises(ApplicationError):
        overtime_decide(request=lieu, approve=True, actor=hr)
    [balance] = [b for b in leave_balances(person, on=SATURDAY) if b.type.code == "lieu"]
    assert balance.balance_hours == Decimal("3.00")


def test_the_37th_hour_of_a_month_needs_a_reason(hr: User) -> None:
    person = employee_make(since=date(2025, 1, 1))
    workdays = [date(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17)]
    for day in workdays:  # 12 × 3 h = 36 h, the monthly cap exactly
        ask(person, day, 3, hr)
    with pytest.raises(ApplicationError, match="36 hours a month"):
        ask(person, date(2026, 3, 18), 1, hr)
    assert OvertimeRequest.objects.filter(employee=person).count() == 12
    passed = ask(person, date(2026, 3, 18), 1, hr, override_reason="Flood repairs (art. 42)")
    assert passed.override_reason == "Flood repairs (art. 42)"
    # April starts again from zero.
    assert ask(person, date(2026, 4, 1), 3, hr).override_reason == ""


def test_the_4th_hour_of_a_day_needs_a_reason(hr: User) -> None:
    person = employee_make(since=date(2025, 1, 1))
    ask(person, MONDAY, 3, hr)
    with pytest.raises(ApplicationError, match="3 hours a day"):
        overtime_request(
            employee=person, day=MONDAY, starts=at(MONDAY, 6), ends=at(MONDAY, 7), actor=hr
        )


def test_approved_overtime_flows_into_the_daily_result(hr: User) -> None:
    person = employee_make(since=date(2025, 1, 1))
    punch(person, at(LABOUR_DAY, 9), at(LABOUR_DAY, 12))
    request = overtime_request(
        employee=person, day=LABOUR_DAY, starts=at(LABOUR_DAY, 9), ends=at(LABOUR_DAY, 12),
        actor=hr,
    )  # fmt: skip
    daily_results_recompute(employee_ids=[person.pk], start=LABOUR_DAY, end=LABOUR_DAY)
    day = DailyResult.objects.get(employee=person, day=LABOUR_DAY)
    assert day.overtime_holiday_minutes == 0  # pending is not overtime yet
    overtime_decide(request=request, approve=True, actor=hr)
    day.refresh_from_db()
    assert (day.day_kind, day.overtime_holiday_minutes) == ("statutory_holiday", 180)


def test_comprehensive_hours_180_against_165_33_give_14_67_at_150(hr: User) -> None:
    person = employee_make(since=date(2025, 1, 1))
    # March 2026: 18 shifts of 10 hours (08:00-18:30, half an hour's break), then days off.
    arrange(person, starts=time(8), ends=time(18, 30), break_minutes=30,
            cycle=["s"] * 18 + [""] * 13, anchor=date(2026, 3, 1), system="comprehensive",
            period="month")  # fmt: skip
    for n in range(18):
        day = date(2026, 3, 1 + n)
        punch(person, at(day, 7, 58), at(day, 18, 31))
    daily_results_recompute(employee_ids=[person.pk], start=date(2026, 3, 1), end=date(2026, 3, 31))
    figures = comprehensive_overtime(person, date(2026, 3, 1), date(2026, 3, 31))
    assert figures.worked_hours == Decimal("180.00")
    assert figures.standard_hours == Decimal("165.33")
    assert figures.hours_at_150 == Decimal("14.67")
    assert figures.holiday_hours_at_300 == Decimal("0.00")
    # No 200 %: a comprehensive worker asks by the day only for statutory holidays.
    with pytest.raises(ApplicationError, match="comprehensive hours"):
        ask(person, date(2026, 3, 21), 2, hr)


def test_comprehensive_work_on_a_statutory_holiday_is_300(hr: User) -> None:
    person = employee_make(since=date(2025, 1, 1))
    arrange(person, starts=time(8), ends=time(17), cycle=["s"], anchor=date(2026, 5, 1),
            system="comprehensive", period="month")  # fmt: skip
    punch(person, at(LABOUR_DAY, 8), at(LABOUR_DAY, 17))
    daily_results_recompute(employee_ids=[person.pk], start=LABOUR_DAY, end=LABOUR_DAY)
    figures = comprehensive_overtime(person, date(2026, 5, 1), date(2026, 5, 31))
    assert (figures.holiday_hours_at_300, figures.hours_at_150) == (Decimal("8.00"), Decimal(0))


def test_flexible_hours_have_no_overtime(hr: User) -> None:
    person = employee_make(since=date(2025, 1, 1))
    arrange(person, starts=time(9), ends=time(18), system="flexible")
    with pytest.raises(ApplicationError, match="flexible hours"):
        ask(person, MONDAY, 2, hr)


def test_the_manager_hears_of_a_request_and_the_employee_of_the_decision(hr: User) -> None:
    boss_user = cast(User, UserFactory(roles=[Role.EMPLOYEE], email="boss@example.com"))
    boss = employee_make(name="王经理", since=date(2020, 1, 1), user=boss_user)
    own_user = cast(User, UserFactory(roles=[Role.EMPLOYEE], email="li@example.com"))
    person = employee_make(since=date(2025, 1, 1), manager=boss, user=own_user)
    request = ask(person, MONDAY, 2, own_user)
    waiting = OutboxMessage.objects.get(event="attendance_request_waiting")
    assert waiting.recipient == "boss@example.com"
    assert "/employees/time/approvals/" in waiting.body
    overtime_decide(request=request, approve=False, actor=boss_user, note="不需要加班")
    decided = OutboxMessage.objects.get(event="attendance_request_decided")
    assert decided.recipient == "li@example.com"
    assert "不需要加班" in decided.body
