"""Unused statutory annual leave paid on leaving (职工带薪年休假条例 art. 5;
企业职工带薪年休假实施办法 arts. 10–12).

Which multiple: the regulation says unused days are paid at 300 % of the daily wage, and
the implementing measures (art. 10) add that the 300 % includes the normal wage the
employer pays for the working period: "按照其日工资收入的300%支付未休年休假工资报酬，
其中包含用人单位支付职工正常工作期间的工资收入". The employee worked those days and their
salary for them is already paid, so what is still owed is 200 % of the daily wage a day.
A leaver is no different (art. 12: "应当按照职工当年已工作时间折算应休未休年休假天数并支付
未休年休假工资报酬", the same 报酬 art. 10 defines): the days they did not get to take
were days they worked and were paid for with their salary, so 200 % is paid on top, as
courts award it (the "200% 福利部分" of the unused-leave pay). The rule
`leave.unused_annual_pay_multiple` keeps both figures (3 and the 1 already paid), the one
place they live: the leave ledger's encashment entries record the 3 from it, and
`payable_multiple` turns it into the 2 that `unused_leave_pay` multiplies by. A caller
paying a day that was not otherwise paid would pass the full 3 instead.

The daily wage is the monthly wage ÷ 21.75 (art. 11, rule `pay.wage_divisors`), where
the monthly wage is the average of the 12 months before the payment without overtime
pay (fewer months if employed less): the caller's figure.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import Any

from django.utils.translation import gettext as _

from employees.pay.money import cents
from hrflow.core.errors import ApplicationError


@dataclass(frozen=True)
class LeavePay:
    days: Decimal
    daily_wage: Decimal  # rounded to the fen for showing; the amount uses the exact one
    multiple: Decimal
    amount: Decimal
    explanation: tuple[str, ...]


def payable_multiple(rule: Mapping[str, Any]) -> Decimal:
    """The multiple of the daily wage still owed for an unused day that was worked and
    paid as a working day: the statutory 300 % less the 100 % already paid."""
    return Decimal(str(rule["statutory_multiple"])) - Decimal(str(rule["paid_with_normal_wage"]))


def annual_leave_due_on_leaving(
    *,
    full_year_days: int,
    counted_from: date,
    last_day: date,
    days_taken: Decimal,
    days_in_year: int,
) -> int:
    """Whole days of the leaving year's statutory leave still owed on `last_day`
    (实施办法 art. 12): calendar days from `counted_from` through `last_day` ÷
    `days_in_year` × `full_year_days` − `days_taken`, any part of a day dropped.

    `full_year_days` is the year's full entitlement by cumulative service (5, 10 or 15;
    `employees.leave.annual.annual_entitlement`); `counted_from` is the first day of
    this year's entitlement here: 1 January, the hire day when hired this year, or the
    day the 12 months' service are reached (`AnnualEntitlement.qualifies_on`).
    `days_in_year` is `leave.annual.bands` days_in_year (365: a leap year's 366th day
    adds nothing). The part of a day is dropped after taking away the days taken, as
    art. 12 drops it from what is paid; leave taken beyond the pro-rated days is not
    taken back, so the least owed is 0. Days carried from the year before are not in
    this count: the caller adds them.
    """
    if days_taken < 0:
        raise ApplicationError(
            _("Days of leave taken cannot be negative."), extra={"field": "days_taken"}
        )
    if last_day < counted_from:
        return 0
    elapsed = min((last_day - counted_from).days + 1, days_in_year)
    owed = Fraction(elapsed * full_year_days, days_in_year) - Fraction(days_taken)
    return max(floor(owed), 0)


def unused_leave_pay(
    *, days: Decimal, monthly_wage: Decimal, divisor: Decimal, multiple: Decimal
) -> LeavePay:
    """Pay for `days` unused days: `monthly_wage` ÷ `divisor` × `multiple` a day, rounded
    to the fen once, at the end. `multiple` is what is owed (`payable_multiple`: 2)."""
    if days < 0 or monthly_wage < 0 or multiple < 0:
        raise ApplicationError(_("Days, wage and multiple of unused leave pay cannot be negative."))
    if divisor <= 0:
        raise ApplicationError(_("The days a month's wage is divided by must be above zero."))
    daily = monthly_wage / divisor
    amount = cents(days * daily * multiple)
    lines = (
        _("Daily wage: %(monthly)s ÷ %(divisor)s = %(daily)s.")
        % {"monthly": cents(monthly_wage), "divisor": divisor, "daily": cents(daily)},
        _("%(days)s unused days × %(daily)s × %(multiple)s = %(amount)s.")
        % {"days": days, "daily": cents(daily), "multiple": multiple, "amount": amount},
    )
    return LeavePay(days, cents(daily), multiple, amount, lines)
