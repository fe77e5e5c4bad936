"""The days a month's run covers: the pay month, and the attendance period its cut-off
day closes (考勤周期).

Salary is paid for the calendar month. Attendance (overtime, unpaid leave, absence)
is counted up to the pay group's cut-off day: with a cut-off on the 25th, May's run
counts attendance from 26 April to 25 May, so the run can be computed before the
month ends; what happens after the cut-off counts in the next month's run.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class PayPeriod:
    month: date  # the first day
    month_end: date
    attendance_start: date
    attendance_end: date


def month_first(day: date) -> date:
    return day.replace(day=1)


def month_last(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month(month: date) -> date:
    return month_first(month_first(month) - timedelta(days=1))


def next_month(month: date) -> date:
    return month_first(month_last(month) + timedelta(days=1))


def _cut_off_in(month: date, cut_off_day: int) -> date:
    """The cut-off day in `month`: a cut-off on the 31st is the month's last day."""
    last = month_last(month)
    return last if cut_off_day >= last.day else month.replace(day=cut_off_day)


def pay_period(month: date, cut_off_day: int) -> PayPeriod:
    month = month_first(month)
    end = _cut_off_in(month, cut_off_day)
    start = _cut_off_in(previous_month(month), cut_off_day) + timedelta(days=1)
    return PayPeriod(month, month_last(month), start, end)


def months_employed_this_year(hire_date: date, month: date) -> int:
    """Months from the later of January and the month of hire to `month`, both counted:
    the cumulative basic deduction's months (累计减除费用)."""
    first = max(date(month.year, 1, 1), month_first(hire_date))
    return (month.year - first.year) * 12 + month.month - first.month + 1
