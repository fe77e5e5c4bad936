"""The medical treatment period (医疗期) at the bands' boundaries, and sick days counted in
calendar days inside the rolling window."""

from datetime import date
from decimal import Decimal

import pytest

from employees.leave.medical_period import medical_period, medical_period_months
from employees.models import LeaveRequest
from employees.selectors.rules import legal_value
from tests.employees.leave.scene import leave_type, person

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("total_years", "company_years", "months"),
    [
        (9.99, 4.99, 3),
        (9.99, 5, 6),
        (10, 4.99, 6),
        (10, 5, 9),
        (12, 9.99, 9),
        (12, 10, 12),
        (20, 15, 18),
        (25, 20, 24),
    ],
)
def test_the_bands_by_total_and_in_company_service(total_years, company_years, months) -> None:
    rule = legal_value("leave.medical_period", on=ON)
    total, company = int(total_years * 12), int(company_years * 12)
    assert medical_period_months(rule, total, company) == months


def _sick(employee, first: date, last: date, status=LeaveRequest.Status.APPROVED) -> None:
    LeaveRequest.objects.create(
        employee=employee, leave_type=leave_type("sick"), start_day=first, end_day=last,
        hours=Decimal("8"), status=status,
        step=LeaveRequest.Step.DONE if status == "approved" else LeaveRequest.Step.MANAGER,
    )  # fmt: skip


def test_sick_days_inside_the_window_are_counted_in_calendar_days() -> None:
    # Three years here, none before: 3 months counted within 6 (2026-01-01 .. 06-30).
    employee, _user = person(since=date(2023, 6, 1))
    _sick(employee, date(2026, 6, 5), date(2026, 6, 14))  # 10 days, two weekends inside
    _sick(employee, date(2025, 12, 25), date(2026, 1, 3))  # 3 of its days in the window
    _sick(employee, date(2025, 11, 1), date(2025, 11, 30))  # before the window
    _sick(employee, date(2026, 6, 20), date(2026, 6, 21), LeaveRequest.Status.PENDING)
    found = medical_period(employee, on=ON)
    assert (found.months, found.window_start, found.window_end) == (3, date(2026, 1, 1), ON)
    assert (found.days, found.used_days, found.left_days) == (90, 13, 77)


def test_prior_service_moves_the_band() -> None:
    employee, _user = person(since=date(2023, 6, 1))
    employee.prior_service_months = 8 * 12
    employee.save(update_fields=["prior_service_months"])
    # 11 years in all, 3 here: 6 months, counted within 12.
    found = medical_period(employee, on=ON)
    assert (found.months, found.window_start, found.days) == (6, date(2025, 7, 1), 180)
