"""Statutory annual leave (职工带薪年休假条例) and the company's own annual leave.

Entitlement by cumulative service (prior employers as declared in pre-boarding plus
service here), legal rule `leave.annual.bands`: nothing below 12 months; then 5, 10 or
15 days by completed years. In the year the employee joins, or reaches the 12 months,
the days are pro-rated by the remaining calendar days ÷ 365, and in the leaving year by
the days worked; fractions of a day are dropped (实施办法 arts. 5 and 12). A grant is an
entry in hours (days × the standard day) booked once per employee, type and year.

At the year's end unused statutory leave is carried into the next year (company
setting) or paid: an encashment entry payroll reads, whose `rate` is the statutory
multiple of the daily wage (300 %) from payroll's rule `leave.unused_annual_pay_multiple`,
the one place that number is kept. Of those 300 %, the 100 % normal wage was paid with
the salary for the days worked (实施办法 art. 10), so payroll pays the rest
(`employees.pay.unused_leave.payable_multiple`).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from employees.leave.ledger import entry_add
from employees.leave.region import region_of, standard_day_hours
from employees.leave.types_data import ANNUAL, COMPANY_ANNUAL
from employees.models import Employee, LeaveEntry, LeaveSettings, LeaveType
from employees.selectors.rules import legal_value
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError


@dataclass(frozen=True)
class AnnualEntitlement:
    qualifies_on: date  # the first day of the year the employee is entitled
    service_years: int  # completed years of cumulative service then
    full_days: int  # the band's days for a whole year


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (0 when `end` is before `start`)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def service_months(employee: Employee, on: date) -> int:
    """Cumulative service on `on`: prior employers plus here."""
    return (employee.prior_service_months or 0) + months_between(employee.hire_date, on)


def annual_entitlement(employee: Employee, year: int, region: str = "") -> AnnualEntitlement | None:
    """The statutory entitlement of `year`, or None when none is due in that year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if employee.hire_date > last or (employee.left_on and employee.left_on < first):
        return None
    rule = legal_value("leave.annual.bands", on=first, region=region)
    start = max(employee.hire_date, first)
    needed = int(rule["min_service_months"])
    if service_months(employee, start) < needed:
        # Service here counts on from the first day: the 12 months are reached later.
        start = add_months(employee.hire_date, needed - (employee.prior_service_months or 0))
        if start > last:
            return None
    years = service_months(employee, start) // 12
    for band in rule["bands"]:
        below = band["below_years"]
        if years >= band["min_years"] and (below is None or years < below):
            return AnnualEntitlement(start, years, int(band["days"]))
    return None


def prorated_days(full_days: int, first: date, last: date, days_in_year: int) -> int:
    """Whole days of `full_days` for the calendar days from `first` to `last`."""
    span = min((last - first).days + 1, days_in_year)
    if span >= days_in_year:
        return full_days
    return max(full_days * span // days_in_year, 0)


def _days_in_year(year: int, region: str) -> int:
    return int(
        legal_value("leave.annual.bands", on=date(year, 1, 1), region=region)["days_in_year"]
    )


@transaction.atomic
def annual_leave_grant(*, employee: Employee, year: int, actor: User | None) -> list[LeaveEntry]:
    """Grant `year`'s statutory annual leave (and the company's, if it gives any); the
    entries booked now: none when they were granted already or nothing is due."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    first, last = date(year, 1, 1), date(year, 12, 31)
    region = region_of(employee, max(first, employee.hire_date))
    day_hours = standard_day_hours(first, region)
    booked: list[LeaveEntry] = []
    entitlement = annual_entitlement(employee, year, region)
    if entitlement is not None:
        days = prorated_days(
            entitlement.full_days, entitlement.qualifies_on, last, _days_in_year(year, region)
        )
        entry = entry_add(
            employee=employee,
            leave_type=LeaveType.objects.get(code=ANNUAL),
            kind=LeaveEntry.Kind.GRANT,
            hours=days * day_hours,
            effective_on=entitlement.qualifies_on,
            reason=_("Statutory annual leave %(year)s: %(days)s days (%(years)s years' service)")
            % {"year": year, "days": days, "years": entitlement.service_years},
            actor=actor,
            key=f"annual:{year}",
        )
        booked += [entry] if entry else []
    company_days = LeaveSettings.current().company_annual_days
    if company_days and employee.hire_date <= last:
        start = max(employee.hire_date, first)
        days = prorated_days(company_days, start, last, _days_in_year(year, region))
        entry = entry_add(
            employee=employee,
            leave_type=LeaveType.objects.get(code=COMPANY_ANNUAL),
            kind=LeaveEntry.Kind.GRANT,
            hours=days * day_hours,
            effective_on=start,
            reason=_("Company annual leave %(year)s: %(days)s days") % {"year": year, "days": days},
            actor=actor,
            key=f"company_annual:{year}",
        )
        booked += [entry] if entry else []
    return booked


@transaction.atomic
def annual_leave_settle_on_leaving(
    *, employee: Employee, actor: User | None, last_day: date | None = None
) -> list[LeaveEntry]:
    """On leaving: the year's statutory grant cut to the days worked (what was taken
    beyond that is not taken back), and what remains unused paid at the legal rate."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    last_day = last_day or employee.left_on
    if last_day is None:
        raise ApplicationError(_("The employee has no last day yet."), extra={"field": "last_day"})
    year = last_day.year
    region = region_of(employee, min(last_day, max(employee.hire_date, date(year, 1, 1))))
    annual = LeaveType.objects.get(code=ANNUAL)
    entries = LeaveEntry.objects.filter(employee=employee, leave_type=annual)
    granted = Decimal(
        entries.filter(key=f"annual:{year}").aggregate(total=Sum("hours"))["total"] or 0
    )
    balance = Decimal(
        entries.filter(effective_on__lte=last_day).aggregate(total=Sum("hours"))["total"] or 0
    )
    entitlement = annual_entitlement(employee, year, region)
    due_days = 0
    if entitlement is not None and entitlement.qualifies_on <= last_day:
        due_days = prorated_days(
            entitlement.full_days, entitlement.qualifies_on, last_day, _days_in_year(year, region)
        )
    due = due_days * standard_day_hours(date(year, 1, 1), region)
    booked: list[LeaveEntry] = []
    cut = min(granted - due, max(balance, Decimal(0)))
    if cut > 0:
        entry = entry_add(
            employee=employee,
            leave_type=annual,
            kind=LeaveEntry.Kind.ADJUSTMENT,
            hours=-cut,
            effective_on=last_day,
            reason=_("Leaving on %(day)s: %(days)s days of annual leave are due for %(year)s")
            % {"day": last_day.isoformat(), "days": due_days, "year": year},
            actor=actor,
            key=f"annual-settle:{year}",
        )
        if entry is not None:
            booked.append(entry)
            balance -= cut
    if balance > 0:
        entry = entry_add(
            employee=employee,
            leave_type=annual,
            kind=LeaveEntry.Kind.ENCASHMENT,
            hours=-balance,
            effective_on=last_day,
            reason=_("Unused annual leave paid on leaving"),
            actor=actor,
            key=f"annual-encash:{year}",
            rate=_pay_rate(last_day),
        )
        booked += [entry] if entry else []
    return booked


def _pay_rate(day: date) -> Decimal:
    """The statutory multiple an encashment records (3: 300 % of the daily wage)."""
    rule = legal_value("leave.unused_annual_pay_multiple", on=day)
    return Decimal(str(rule["statutory_multiple"]))


@transaction.atomic
def annual_leave_year_end(*, year: int, actor: User | None = None) -> int:
    """Close `year`'s statutory annual leave: each positive balance is carried into the
    next year (at most the year's own grant: carried leave is not carried twice) when
    the company carries, and the rest paid at the legal rate. Entries booked; a second
    run books none."""
    last = date(year, 12, 31)
    annual = LeaveType.objects.get(code=ANNUAL)
    carry = LeaveSettings.current().carry_unused_annual
    rate = _pay_rate(last)
    entries = LeaveEntry.objects.filter(leave_type=annual)
    balances = dict(
        entries.filter(effective_on__lte=last)
        .values("employee_id")
        .annotate(total=Sum("hours"))
        .filter(total__gt=0)
        .values_list("employee_id", "total")
    )
    own_grants = dict(
        entries.filter(employee_id__in=balances, key=f"annual:{year}").values_list(
            "employee_id", "hours"
        )
    )
    booked = 0
    for employee in Employee.objects.filter(pk__in=balances).order_by("pk"):
        balance = Decimal(balances[employee.pk])
        carried = min(balance, Decimal(own_grants.get(employee.pk, 0))) if carry else Decimal(0)
        if carried > 0:
            booked += _booked(
                entry_add(
                    employee=employee, leave_type=annual, kind=LeaveEntry.Kind.EXPIRY,
                    hours=-carried, effective_on=last, actor=actor, key=f"annual-expiry:{year}",
                    reason=_("Carried into %(next)s") % {"next": year + 1},
                ),
                entry_add(
                    employee=employee, leave_type=annual, kind=LeaveEntry.Kind.GRANT,
                    hours=carried, effective_on=last + timedelta(days=1), actor=actor,
                    key=f"annual-carry:{year}",
                    reason=_("Carried from %(year)s") % {"year": year},
                ),
            )  # fmt: skip
        paid = balance - carried
        if paid > 0:
            booked += _booked(
                entry_add(
                    employee=employee, leave_type=annual, kind=LeaveEntry.Kind.ENCASHMENT,
                    hours=-paid, effective_on=last, actor=actor, rate=rate,
                    key=f"annual-encash:{year}",
                    reason=_("Unused annual leave of %(year)s paid") % {"year": year},
                )
            )  # fmt: skip
    return booked


def _booked(*entries: LeaveEntry | None) -> int:
    return sum(entry is not None for entry in entries)
