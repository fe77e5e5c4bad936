"""The medical treatment period (医疗期): how many days of sick leave an employee's job is
protected for, counted over a rolling window (legal rule `leave.medical_period`).

The law counts calendar days from the first day of sick leave, rest days and holidays
included (劳部发[1995]236号), so the days here are the calendar days of approved sick
leave inside the window, not the working hours the ledger books.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from employees.leave.annual import add_months, months_between, service_months
from employees.leave.region import region_of
from employees.models import Employee, LeaveRequest
from employees.selectors.rules import legal_value

SICK = "sick"


@dataclass(frozen=True)
class MedicalPeriod:
    months: int  # of protection the employee's service gives
    window_start: date  # the rolling window the sick days are counted in
    window_end: date
    days: int  # the protection in days
    used_days: int  # calendar days of approved sick leave inside the window
    left_days: int


def medical_period_months(rule: dict[str, Any], total_months: int, company_months: int) -> int:
    """The first band whose limits the service stays under."""
    for band in rule["bands"]:
        total_below, company_below = band["total_below_years"], band["company_below_years"]
        if total_below is not None and total_months >= total_below * 12:
            continue
        if company_below is not None and company_months >= company_below * 12:
            continue
        return int(band["months"])
    raise ValueError("the medical-period bands have no open-ended last band")


def medical_period(employee: Employee, *, on: date) -> MedicalPeriod:
    """The protection on `on` and how much of it approved sick leave has used."""
    rule = legal_value("leave.medical_period", on=on, region=region_of(employee, on))
    months = medical_period_months(
        rule, service_months(employee, on), months_between(employee.hire_date, on)
    )
    window = int(rule["window_months"][str(months)])
    start = add_months(on + timedelta(days=1), -window)  # 30 June back 6 months: 1 January
    used = 0
    sick = LeaveRequest.objects.filter(
        employee=employee,
        leave_type__code=SICK,
        status=LeaveRequest.Status.APPROVED,
        start_day__lte=on,
        end_day__gte=start,
    ).values_list("start_day", "end_day")
    for first, last in sick:
        used += (min(last, on) - max(first, start)).days + 1
    days = months * int(rule["days_per_month"])
    return MedicalPeriod(months, start, on, days, used, max(days - used, 0))
