"""Statutory annual leave at its boundaries: the bands by cumulative service, the
12-month mark, pro-rating in the joining and leaving year, year end (issue 18 point 3)."""

from datetime import date
from decimal import Decimal

import pytest

from employees.leave.annual import (
    annual_leave_grant,
    annual_leave_settle_on_leaving,
    annual_leave_year_end,
)
from employees.leave.selectors import leave_balances, leave_encashments, leave_ledger
from employees.models import Employee, LeaveEntry, LeaveSettings
from tests.employees.leave.scene import leave_type, person

pytestmark = pytest.mark.django_db


def _joined(since: date, prior_months: int) -> Employee:
    employee, _user = person(since=since)
    employee.prior_service_months = prior_months
    employee.save(update_fields=["prior_service_months"])
    leave_type("annual")
    return employee


def _granted_days(employee: Employee, year: int) -> Decimal:
    entries = annual_leave_grant(employee=employee, year=year, actor=None)
    return sum((e.hours for e in entries if e.leave_type.code == "annual"), Decimal(0)) / 8


def test_join_on_1_july_with_5_years_prior_service_gives_2_days() -> None:
    assert _granted_days(_joined(date(2026, 7, 1), 60), 2026) == 2  # 5 × 184/365 = 2.52


def test_25_years_service_a_full_year_gives_15_days() -> None:
    assert _granted_days(_joined(date(2016, 1, 1), 180), 2026) == 15


def test_join_on_1_july_with_25_years_gives_7_days() -> None:
    assert _granted_days(_joined(date(2026, 7, 1), 300), 2026) == 7  # 15 × 184/365 = 7.56


def test_the_bands_change_at_10_years_exactly() -> None:
    # 2026-01-01: 2 years here + 96 or 95 months before = 120 or 119 months.
    assert _granted_days(_joined(date(2024, 1, 1), 96), 2026) == 10
    assert _granted_days(_joined(date(2024, 1, 1), 95), 2026) == 5


def test_nothing_before_12_months_then_pro_rated_from_the_12_month_mark() -> None:
    newcomer = _joined(date(2025, 7, 1), 0)
    assert _granted_days(newcomer, 2025) == 0
    entries = annual_leave_grant(employee=newcomer, year=2026, actor=None)
    assert [(e.effective_on, e.hours) for e in entries] == [(date(2026, 7, 1), Decimal("16.00"))]


def test_a_second_grant_of_the_same_year_changes_nothing() -> None:
    employee = _joined(date(2016, 1, 1), 180)
    assert len(annual_leave_grant(employee=employee, year=2026, actor=None)) == 1
    assert annual_leave_grant(employee=employee, year=2026, actor=None) == []
    assert LeaveEntry.objects.filter(employee=employee).count() == 1


def test_company_annual_leave_is_its_own_type_pro_rated_on_joining() -> None:
    settings = LeaveSettings.current()
    settings.company_annual_days = 4
    settings.save()
    employee = _joined(date(2026, 7, 1), 300)
    leave_type("company_annual")
    entries = annual_leave_grant(employee=employee, year=2026, actor=None)
    assert {e.leave_type.code: e.hours for e in entries} == {
        "annual": Decimal("56.00"),
        "company_annual": Decimal("16.00"),  # 4 × 184/365 = 2.02 → 2 days
    }


def test_leaving_cuts_the_grant_to_the_days_worked_and_pays_the_rest() -> None:
    employee = _joined(date(2016, 1, 1), 180)
    annual_leave_grant(employee=employee, year=2026, actor=None)  # 120 h
    LeaveEntry.objects.create(
        employee=employee, leave_type=leave_type("annual"), kind="taken",
        hours=Decimal(-16), effective_on=date(2026, 3, 2), reason="taken",
    )  # fmt: skip
    annual_leave_settle_on_leaving(employee=employee, actor=None, last_day=date(2026, 6, 30))
    # 15 × 181/365 = 7.4 → 7 days = 56 h due; 16 h taken; 40 h paid at 300 %.
    kinds = [(e.kind, e.hours) for e in leave_ledger(employee, leave_type("annual"))]
    assert kinds[-2:] == [("adjustment", Decimal("-64.00")), ("encashment", Decimal("-40.00"))]
    paid = [e for e in leave_encashments(2026) if e.employee_id == employee.pk]
    assert [(e.hours, e.rate) for e in paid] == [(Decimal("40.00"), Decimal("3.00"))]
    assert (
        annual_leave_settle_on_leaving(employee=employee, actor=None, last_day=date(2026, 6, 30))
        == []
    )


def test_leave_taken_beyond_the_pro_rated_days_is_not_taken_back() -> None:
    employee = _joined(date(2016, 1, 1), 180)
    annual_leave_grant(employee=employee, year=2026, actor=None)
    LeaveEntry.objects.create(
        employee=employee, leave_type=leave_type("annual"), kind="taken",
        hours=Decimal(-120), effective_on=date(2026, 2, 2), reason="taken",
    )  # fmt: skip
    assert (
        annual_leave_settle_on_leaving(employee=employee, actor=None, last_day=date(2026, 3, 31))
        == []
    )
    assert leave_balances(employee, on=date(2026, 3, 31))[0].balance_hours == 0


def test_year_end_pays_unused_leave_at_300_percent_once() -> None:
    employee = _joined(date(2024, 1, 1), 0)
    annual_leave_grant(employee=employee, year=2026, actor=None)  # 5 days
    assert annual_leave_year_end(year=2026) == 1
    assert annual_leave_year_end(year=2026) == 0
    paid = [e for e in leave_encashments(2026) if e.employee_id == employee.pk]
    assert [(e.hours, e.rate) for e in paid] == [(Decimal("40.00"), Decimal("3.00"))]
    assert leave_balances(employee, on=date(2026, 12, 31))[0].balance_hours == 0


def test_year_end_carries_unused_leave_when_the_company_does() -> None:
    settings = LeaveSettings.current()
    settings.carry_unused_annual = True
    settings.save()
    employee = _joined(date(2024, 1, 1), 0)
    annual_leave_grant(employee=employee, year=2026, actor=None)
    annual_leave_year_end(year=2026)
    annual = {b.type.code: b for b in leave_balances(employee, on=date(2026, 12, 31))}["annual"]
    assert annual.balance_hours == 0
    carried = {b.type.code: b for b in leave_balances(employee, on=date(2027, 1, 1))}["annual"]
    assert carried.balance_hours == Decimal("40.00")
    assert not [e for e in leave_encashments(2026) if e.employee_id == employee.pk]
