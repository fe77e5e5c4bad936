"""A month's salary for part of the month: the joining and the leaving month.

No law fixes one method; the company picks one (a setting) and these are the three in
common use, selected by name:

- `CALENDAR_DAYS`: monthly × calendar days employed ÷ calendar days of the month. Simple
  and the same for every day, but a day is worth more in February than in March, and a
  rest day counts like a working day.
- `DAYS_WORKED`: monthly ÷ 21.75 × paid days worked. 21.75 is the legal paid days a
  month ((365 − 104 rest days) ÷ 12, rule `pay.wage_divisors`), so a day is worth the
  same daily wage that overtime and unused leave use; how most Chinese payroll pays a
  partial month. Paid days are the working days plus the statutory holidays inside the
  employed part (21.75 counts holidays as paid). A month has up to 23 such days, so a
  long stay could exceed the monthly: the result is capped at the monthly.
- `DAYS_ABSENT`: monthly − monthly ÷ 21.75 × paid days not employed. Fair when most of
  the month was worked (one day missed costs one daily wage); for a short stay it pays
  little or nothing (floored at 0), where `DAYS_WORKED` fits better.

A whole month employed is the monthly whatever the method. The amount is rounded to the
fen once, at the end.
"""

import calendar
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from employees.pay.money import cents
from hrflow.core.errors import ApplicationError

CALENDAR_DAYS = "calendar_days"
DAYS_WORKED = "days_worked"
DAYS_ABSENT = "days_absent"
PRORATION_METHODS = (CALENDAR_DAYS, DAYS_WORKED, DAYS_ABSENT)


def prorated_month_pay(
    monthly: Decimal,
    *,
    month: date,
    first_day: date | None,
    last_day: date | None,
    method: str,
    working_days: int | None = None,
    worked_days: int | None = None,
    divisor: Decimal | None = None,
) -> Decimal:
    """The salary of `month` (any day of it) for employment from `first_day` (None:
    before the month) through `last_day` (None: after it).

    `worked_days` is the paid days from the first to the last day employed inside the
    month (both methods by 21.75); `working_days` the paid days of the whole month (for
    `DAYS_ABSENT`); `divisor` the `pay.wage_divisors` daily divisor (21.75). The work
    calendar (rest days, holidays, make-up working days) is the caller's: it alone knows
    the region's calendar.
    """
    if method not in PRORATION_METHODS:
        raise ApplicationError(
            _("Unknown method %(method)s for a partial month's salary.") % {"method": method},
            extra={"field": "method"},
        )
    if first_day and last_day and last_day < first_day:
        raise ApplicationError(
            _("The last day %(last_day)s is before the start %(start)s.")
            % {"last_day": last_day.isoformat(), "start": first_day.isoformat()},
            extra={"field": "last_day"},
        )
    month_first = month.replace(day=1)
    month_days = calendar.monthrange(month.year, month.month)[1]
    month_last = month.replace(day=month_days)
    start = max(first_day or month_first, month_first)
    end = min(last_day or month_last, month_last)
    if end < start:
        return cents(Decimal(0))
    if start == month_first and end == month_last:
        return cents(monthly)
    if method == CALENDAR_DAYS:
        return cents(monthly * ((end - start).days + 1) / month_days)
    if divisor is None or divisor <= 0 or worked_days is None or worked_days < 0:
        raise ApplicationError(
            _("A partial month by paid days needs the days worked and the daily wage divisor.")
        )
    daily = monthly / divisor
    if method == DAYS_WORKED:
        return cents(min(daily * worked_days, monthly))
    if working_days is None or working_days < worked_days:
        raise ApplicationError(
            _("Deducting absence needs the month's working days, at least the days worked.")
        )
    return cents(max(monthly - daily * (working_days - worked_days), Decimal(0)))
