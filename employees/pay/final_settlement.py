"""The final pay of a leaver: severance and unused annual leave, worked out and booked as
pay items of the month of the last day, which that month's run then pays.

The last month's salary to the last day, social insurance stopping after the month of
leaving and the month's income tax by cumulative withholding are the monthly run's, as
for any month (employees.pay.earnings, payslip_compute): nothing here repeats them.

- Severance (Labour Contract Law arts. 46–47) when the rule `severance.due_by_reason`
  says the reason owes it: service from the first day to the last, the average monthly
  wage of the locked payslips of the `average_wage_months` months before the month of
  leaving (all wages counted, implementing regulations art. 27; the salary record's base
  when there is none yet), capped at 3 × the city's average (`wage.city_average_monthly`
  of the work location's region on the last day) and then at 12 years.
- Its income tax (财税[2018]164号 art. 5(1)): exempt up to 3 × the local average annual
  wage, the excess taxed on its own by the annual table (employees.pay.severance_tax).
  The run does not know that tax yet, so it is booked as an after-tax deduction of the
  same month; the severance itself is booked as non-taxable, so it never enters the
  cumulative withholding of the wages (no over-withholding).
- Unused statutory annual leave: the leave module settles the leaving year on the last
  day (employees.leave.annual) and its encashment entry gives the hours; ÷ the standard
  day → days; daily wage = the average monthly wage without overtime ÷ 21.75
  (`pay.wage_divisors`, 实施办法 art. 11); × the payable multiple of
  `leave.unused_annual_pay_multiple` (200 %: of the statutory 300 %, the normal wage for
  the days was paid with the salary, 实施办法 art. 10). Taxable wage income.

Preparing again replaces the items it booked before; refused once the exit month's run
is approved and locked (a correction then goes into a later month).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from employees.leave.annual import annual_leave_settle_on_leaving
from employees.leave.region import region_of, standard_day_hours
from employees.leave.types_data import ANNUAL
from employees.lock_objects import employee_lock
from employees.models import (
    Employee,
    FinalPay,
    LeaveEntry,
    PayItem,
    PayrollRun,
    SalaryRecord,
)
from employees.pay import legal_tax
from employees.pay.money import cents
from employees.pay.periods import month_first
from employees.pay.rulebook import RuleBook
from employees.pay.severance import Severance, service_length, severance_due, severance_pay
from employees.pay.severance_tax import SeveranceTax, severance_tax
from employees.pay.unused_leave import LeavePay, payable_multiple, unused_leave_pay
from employees.pay.wage_history import WageHistory, wage_history
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

ZERO = Decimal(0)
SEVERANCE_RULES = "severance.rules"
DUE_BY_REASON = "severance.due_by_reason"
CITY_AVERAGE = "wage.city_average_monthly"
LEAVE_MULTIPLE = "leave.unused_annual_pay_multiple"
WAGE_DIVISORS = "pay.wage_divisors"


@dataclass(frozen=True)
class Wages:
    severance: Decimal  # the average monthly wage, every wage counted
    leave: Decimal  # the same without overtime pay
    months: int  # payslips averaged; 0: the salary record's base was used


def final_pay_reasons(last_day: date) -> list[str]:
    """The reasons a contract may end for, as the rule in force on `last_day` names them."""
    return list(RuleBook(last_day).value(DUE_BY_REASON))


def exit_month_locked(employee: Employee) -> bool:
    """Whether the run paying the month of the last day is approved and locked."""
    if employee.left_on is None:
        return False
    salary = _salary_on(employee, employee.left_on)
    return salary is not None and _locked(salary, employee.left_on)


@transaction.atomic
def final_pay_prepare(*, employee: Employee, reason_code: str, actor: User | None) -> FinalPay:
    """Work out the leaver's severance and unused leave pay and book them as pay items of
    the month of the last day (replacing what an earlier preparation booked)."""
    employee = employee_lock(employee.pk)
    last_day = employee.left_on
    if last_day is None:
        raise ApplicationError(_("Record the employee's leaving before preparing the final pay."))
    salary = _salary_on(employee, last_day)
    if salary is None:
        raise ApplicationError(
            _("No salary record is in force on the last day %(day)s; record the salary first.")
            % {"day": last_day.isoformat()}
        )
    if _locked(salary, last_day):
        raise ApplicationError(
            _(
                "The payroll of %(month)s is approved and locked: the final pay can no longer "
                "be prepared for it; a correction goes into a later month."
            )
            % {"month": f"{last_day:%Y-%m}"}
        )
    region = region_of(employee, last_day)
    rules = RuleBook(last_day)
    due = severance_due(reason_code, due_by_reason=rules.value(DUE_BY_REASON))
    severance_rules = rules.value(SEVERANCE_RULES)
    leave_rule = rules.value(LEAVE_MULTIPLE)
    history = wage_history(
        employee.pk, before=last_day, months=int(severance_rules["average_wage_months"])
    )
    wages = _wages(history, salary)
    lines = [_wage_line(history, salary, last_day)]
    city_average: Decimal | None = None
    severance: Severance | None = None
    taxed: SeveranceTax | None = None
    if due:
        city_average = Decimal(str(rules.value(CITY_AVERAGE, region)))
        severance = severance_pay(
            start=employee.hire_date,
            last_day=last_day,
            average_monthly_wage=wages.severance,
            city_average_monthly=city_average,
            rules=severance_rules,
        )
        taxed = severance_tax(
            severance.amount,
            city_average_monthly=city_average,
            exempt_rule=rules.value(legal_tax.SEVERANCE_EXEMPT),
            annual_table=rules.value(legal_tax.WAGE_ANNUAL_TABLE),
        )
        lines += [*severance.explanation, *taxed.explanation]
        if employee.hire_date < _in_force_since(rules, SEVERANCE_RULES):
            lines.append(
                _(
                    "Service began before the Labour Contract Law: the years before 2008 are "
                    "counted here as if it applied; check them against the rules of the time "
                    "(art. 97)."
                )
            )
    else:
        lines.append(
            _("Severance is not due when the contract ends for this reason (%(reason)s).")
            % {"reason": reason_code}
        )
    annual_leave_settle_on_leaving(employee=employee, actor=actor, last_day=last_day)
    leave, leave_hours, day_hours = _leave_pay(employee, last_day, region, wages, leave_rule, rules)
    lines += _leave_lines(leave, leave_hours, day_hours, wages, leave_rule)
    service = severance.service if severance else service_length(employee.hire_date, last_day)
    final = FinalPay.objects.filter(employee=employee).first() or FinalPay(employee=employee)
    before = _figures(final) if final.pk else {}
    PayItem.objects.filter(pk__in=final.item_ids).delete()
    month = month_first(last_day)
    final.severance_item = _item(
        employee, month, PayItem.Kind.SEVERANCE, severance.amount if severance else ZERO,
        taxable=False, actor=actor,
        note=_("Severance: %(months)s months × %(wage)s")
        % {"months": severance.months_of_pay, "wage": severance.wage_used} if severance else "",
    )  # fmt: skip
    final.tax_item = _item(
        employee, month, PayItem.Kind.DEDUCTION, taxed.tax if taxed else ZERO,
        taxable=False, actor=actor,
        note=_("Income tax on severance above the exempt amount, taxed on its own"),
    )  # fmt: skip
    final.leave_item = _item(
        employee, month, PayItem.Kind.LEAVE_PAY, leave.amount, taxable=True, actor=actor,
        note=_("%(days)s unused days × %(daily)s × %(multiple)s")
        % {"days": leave.days, "daily": leave.daily_wage, "multiple": leave.multiple},
    )  # fmt: skip
    final.last_day, final.month, final.reason_code, final.region = (
        last_day,
        month,
        reason_code,
        region,
    )
    final.severance_due = due
    final.service_months, final.service_days_over = service.months, service.days_over
    final.wage_months, final.average_wage = wages.months, cents(wages.severance)
    final.leave_wage = cents(wages.leave)
    final.city_average = city_average
    final.years_counted = severance.years_counted if severance else ZERO
    final.wage_used = severance.wage_used if severance else ZERO
    final.capped = bool(severance and severance.capped)
    final.severance = severance.amount if severance else ZERO
    final.severance_exempt = taxed.exempt if taxed else ZERO
    final.severance_tax = taxed.tax if taxed else ZERO
    final.leave_hours, final.leave_days = leave_hours, leave.days.quantize(Decimal("0.01"))
    final.daily_wage, final.leave_multiple, final.leave_pay = (
        leave.daily_wage,
        leave.multiple,
        leave.amount,
    )
    final.explanation = [str(line) for line in lines]
    final.rules_used = [
        {key: row[key] for key in ("code", "region", "effective_from")} for row in rules.used()
    ]
    final.prepared_by = actor if actor is not None and actor.is_authenticated else None
    final.full_clean(exclude=["employee", "severance_item", "tax_item", "leave_item"])
    final.save()
    audit_record(
        actor=actor,
        action="employees.final_pay_prepare",
        target=employee,
        changes={"final_pay": [before or None, _figures(final)], "items": final.item_ids},
    )
    return final


def _salary_on(employee: Employee, day: date) -> SalaryRecord | None:
    return (
        SalaryRecord.objects.as_of(day)
        .filter(employee=employee)
        .select_related("pay_group")
        .order_by("-valid_from")
        .first()
    )


def _locked(salary: SalaryRecord, day: date) -> bool:
    return PayrollRun.objects.filter(
        pay_group_id=salary.pay_group_id, month=month_first(day), status=PayrollRun.Status.LOCKED
    ).exists()


def _in_force_since(rules: RuleBook, code: str) -> date:
    return date.fromisoformat(rules.row(code)["effective_from"])


def _wages(history: WageHistory, salary: SalaryRecord) -> Wages:
    if history.months:
        return Wages(history.average, history.average_without_overtime, history.months)
    return Wages(salary.base_monthly, salary.base_monthly, 0)


def _wage_line(history: WageHistory, salary: SalaryRecord, last_day: date) -> str:
    if not history.months:
        return _(
            "No approved payslip before %(month)s: the base salary %(base)s a month is used."
        ) % {"month": f"{last_day:%Y-%m}", "base": salary.base_monthly}
    return _(
        "Average monthly wage: %(gross)s gross over %(months)s approved months from %(first)s "
        "= %(average)s (%(without)s without overtime pay)."
    ) % {
        "gross": cents(history.gross),
        "months": history.months,
        "first": f"{history.first_month:%Y-%m}",
        "average": cents(history.average),
        "without": cents(history.average_without_overtime),
    }


def _leave_pay(
    employee: Employee,
    last_day: date,
    region: str,
    wages: Wages,
    rule: dict[str, Any],
    rules: RuleBook,
) -> tuple[LeavePay, Decimal, Decimal]:
    """The pay for the statutory annual leave the ledger encashed on the last day."""
    booked = LeaveEntry.objects.filter(
        employee=employee,
        leave_type__code=ANNUAL,
        kind=LeaveEntry.Kind.ENCASHMENT,
        effective_on=last_day,
    ).aggregate(total=Sum("hours"))["total"]
    hours = -(booked or ZERO)
    day_hours = standard_day_hours(last_day, region)
    pay = unused_leave_pay(
        days=hours / day_hours,
        monthly_wage=wages.leave,
        divisor=Decimal(str(rules.value(WAGE_DIVISORS)["daily"])),
        multiple=payable_multiple(rule),
    )
    return pay, hours, day_hours


def _leave_lines(
    leave: LeavePay, hours: Decimal, day_hours: Decimal, wages: Wages, rule: dict[str, Any]
) -> list[str]:
    if not hours:
        return [_("No unused statutory annual leave is left to pay.")]
    return [
        _("Unused statutory annual leave: %(hours)s hours ÷ %(day)s hours a day = %(days)s days.")
        % {"hours": hours, "day": day_hours, "days": leave.days.quantize(Decimal("0.01"))},
        _(
            "The daily wage is of the monthly wage without overtime pay, %(wage)s "
            "(implementing measures art. 11)."
        )
        % {"wage": cents(wages.leave)},
        _(
            "Of the statutory %(statutory)s × the daily wage, %(paid)s × was paid with the "
            "salary for the days worked (implementing measures art. 10): %(multiple)s × is "
            "paid now."
        )
        % {
            "statutory": rule["statutory_multiple"],
            "paid": rule["paid_with_normal_wage"],
            "multiple": leave.multiple,
        },
        *leave.explanation,
    ]


def _item(
    employee: Employee,
    month: date,
    kind: str,
    amount: Decimal,
    *,
    taxable: bool,
    note: str,
    actor: User | None,
) -> PayItem | None:
    if amount <= 0:
        return None
    return PayItem.objects.create(
        employee=employee,
        month=month,
        kind=kind,
        amount=amount,
        taxable=taxable,
        note=note[:255],
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )


def _figures(final: FinalPay) -> dict[str, str]:
    return {
        "reason": final.reason_code,
        "severance": str(final.severance),
        "severance_tax": str(final.severance_tax),
        "leave_pay": str(final.leave_pay),
    }
