"""A month's pay before insurance and tax: the base salary (pro-rated for joiners,
leavers and a raise within the month), the salary's components, overtime, unpaid leave
and absence, and the month's one-off items.

Daily and hourly wages follow `pay.wage_divisors` (monthly ÷ 21.75 a day, ÷ 174 an hour,
劳社部发[2008]3号). Overtime is paid at the rate its approval fixed (150 / 200 / 300 %,
Labour Law art. 44) of the hourly wage. Lines are signed: a deduction is negative, so
the lines of the earnings, deductions, insurance and tax categories add up to net pay.
"""

import calendar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from employees.models import PayComponent, PayGroup, PayItem, PayslipLine
from employees.pay.computed import Line
from employees.pay.formulas import Formula
from employees.pay.inputs import EmployeeMonth, OneOff
from employees.pay.money import cents

ZERO = Decimal(0)
Category = PayslipLine.Category
Calculation = PayComponent.Calculation
Proration = PayGroup.Proration
Kind = PayItem.Kind

# The figures a formula may name, beside the components' codes.
FORMULA_FIGURES = (
    "base",
    "base_monthly",
    "workdays",
    "days_paid",
    "unpaid_leave_days",
    "absent_days",
    "overtime_hours",
    "daily_wage",
    "hourly_wage",
)


@dataclass(frozen=True)
class ComponentSpec:
    code: str
    name: str
    earning: bool
    calculation: str
    before_tax: bool  # an earning: taxable; a deduction: taken off before tax
    formula: Formula | None = None


@dataclass
class Earnings:
    lines: list[Line] = field(default_factory=list)
    gross: Decimal = ZERO  # earnings less the deductions taken before tax
    taxable: Decimal = ZERO  # the part of gross that is taxable income
    after_tax: Decimal = ZERO  # deductions taken off after tax (zero or negative)
    separate_bonus: Decimal = ZERO  # an annual one-off bonus taxed on its own
    wage: Decimal = ZERO  # the monthly base salary: where the insurance base starts
    days_paid: Decimal = ZERO

    def add(self, line: Line, *, taxable: bool, after_tax: bool = False) -> None:
        self.lines.append(line)
        if after_tax:
            self.after_tax += line.amount
            return
        self.gross += line.amount
        if taxable:
            self.taxable += line.amount


def span_shares(month: EmployeeMonth, proration: str, daily_divisor: Decimal) -> list[Decimal]:
    """The part of each salary span's monthly amounts the span earns.

    Employed the whole month, the spans split it (by working days, or by calendar
    days), so a single span earns exactly the monthly amount. A joiner or a leaver earns
    monthly ÷ 21.75 per working day employed (never more than the month), or calendar
    days employed ÷ days in the month."""
    first, last = month.spans[0].start, month.spans[-1].end
    days_in_month = calendar.monthrange(last.year, last.month)[1]
    whole = first.day == 1 and last.day == days_in_month
    shares: list[Decimal] = []
    for span in month.spans:
        if proration == Proration.CALENDAR_DAYS:
            shares.append(Decimal((span.end - span.start).days + 1) / days_in_month)
        elif whole:
            shares.append(Decimal(span.workdays) / max(month.workdays_in_month, 1))
        else:
            shares.append(Decimal(span.workdays) / daily_divisor)
    total = sum(shares, ZERO)
    return [share / total for share in shares] if total > 1 else shares


def month_earnings(
    month: EmployeeMonth,
    components: list[ComponentSpec],
    *,
    proration: str,
    divisors: dict[str, Any],
    standard_day_minutes: int,
) -> Earnings:
    daily_divisor = Decimal(str(divisors["daily"]))
    hourly_divisor = Decimal(str(divisors["hourly"]))
    wage = month.spans[-1].base_monthly
    daily, hourly = wage / daily_divisor, wage / hourly_divisor
    shares = span_shares(month, proration, daily_divisor)
    result = Earnings(wage=wage)
    base = cents(sum((s.base_monthly * k for s, k in zip(month.spans, shares, strict=True)), ZERO))
    spans = [[s.start.isoformat(), s.end.isoformat(), str(s.base_monthly)] for s in month.spans]
    result.add(
        Line(
            Category.EARNING,
            "base",
            _("Base salary"),
            base,
            {
                "inputs": {
                    "spans": spans,
                    "shares": [str(round(share, 6)) for share in shares],
                    "workdays": month.workdays_in_month,
                    "workdays_employed": month.workdays_employed,
                    "proration": proration,
                },
                "rules": ["pay.wage_divisors"],
            },
        ),
        taxable=True,
    )
    unpaid_days = Decimal(month.unpaid_leave_minutes) / standard_day_minutes
    absent_days = Decimal(month.absent_minutes) / standard_day_minutes
    result.days_paid = Decimal(month.workdays_employed) - unpaid_days - absent_days
    overtime_hours = Decimal(sum(month.overtime_minutes.values())) / 60
    values: dict[str, Decimal] = {
        "base": base,
        "base_monthly": wage,
        "workdays": Decimal(month.workdays_in_month),
        "days_paid": result.days_paid,
        "unpaid_leave_days": unpaid_days,
        "absent_days": absent_days,
        "overtime_hours": overtime_hours,
        "daily_wage": daily,
        "hourly_wage": hourly,
    }
    _overtime_add(result, month, hourly)
    for code, label, days in (
        ("unpaid_leave", _("Unpaid leave"), unpaid_days),
        ("absence", _("Absence"), absent_days),
    ):
        if days:
            amount = -cents(daily * days)
            explanation = {"inputs": {"days": str(round(days, 4)), "daily_wage": str(cents(daily))}}
            result.add(Line(Category.DEDUCTION, code, label, amount, explanation), taxable=True)
    for component in components:
        amount = cents(_component_amount(component, month, shares, values))
        values[component.code] = amount
        if amount:
            _component_add(result, component, amount, month)
    for item in month.one_offs:
        _one_off_add(result, item)
    return result


def _overtime_add(result: Earnings, month: EmployeeMonth, hourly: Decimal) -> None:
    if not month.overtime_minutes:
        return
    steps = [
        [str(rate), str(Decimal(minutes) / 60)]
        for rate, minutes in sorted(month.overtime_minutes.items())
    ]
    amount = cents(
        sum(
            (hourly * rate * minutes / 60 for rate, minutes in month.overtime_minutes.items()), ZERO
        )
    )
    explanation = {
        "inputs": {"hourly_wage": str(cents(hourly)), "hours_by_rate": steps},
        "rules": ["pay.wage_divisors", "overtime.rates"],
    }
    result.add(
        Line(Category.EARNING, "overtime", _("Overtime pay"), amount, explanation), taxable=True
    )


def _component_amount(
    component: ComponentSpec,
    month: EmployeeMonth,
    shares: list[Decimal],
    values: dict[str, Decimal],
) -> Decimal:
    rate = month.spans[-1].amounts.get(component.code, ZERO)
    if component.calculation == Calculation.FIXED:
        return sum(
            (
                span.amounts.get(component.code, ZERO) * k
                for span, k in zip(month.spans, shares, strict=True)
            ),
            ZERO,
        )
    if component.calculation == Calculation.PER_DAY_WORKED:
        return rate * values["days_paid"] if component.code in month.spans[-1].amounts else ZERO
    if component.calculation == Calculation.PER_OVERTIME_HOUR:
        return (
            rate * values["overtime_hours"] if component.code in month.spans[-1].amounts else ZERO
        )
    assert component.formula is not None  # checked when the component was saved
    return component.formula.evaluate(values)


def _component_add(
    result: Earnings, component: ComponentSpec, amount: Decimal, month: EmployeeMonth
) -> None:
    signed = amount if component.earning else -amount
    category = Category.EARNING if component.earning else Category.DEDUCTION
    explanation: dict[str, Any] = {
        "inputs": {
            "calculation": component.calculation,
            "rate": str(month.spans[-1].amounts.get(component.code, "")),
            "formula": component.formula.text if component.formula else "",
        },
        "before_tax": component.before_tax,
    }
    line = Line(category, component.code, component.name, signed, explanation)
    if component.earning:
        result.add(line, taxable=component.before_tax)
    else:
        result.add(line, taxable=component.before_tax, after_tax=not component.before_tax)


def _one_off_add(result: Earnings, item: OneOff) -> None:
    label = str(Kind(item.kind).label) + (f" · {item.note}" if item.note else "")
    explanation: dict[str, Any] = {"inputs": {"item": item.pk, "kind": item.kind}}
    if item.kind == Kind.ANNUAL_BONUS and item.bonus_tax == PayItem.BonusTax.SEPARATE:
        # Paid with the month, taxed on its own (employees.pay.tax_step).
        explanation["bonus_tax"] = item.bonus_tax
        result.lines.append(Line(Category.EARNING, "annual_bonus", label, item.amount, explanation))
        result.gross += item.amount
        result.separate_bonus += item.amount
        return
    if item.kind == Kind.DEDUCTION:
        line = Line(Category.DEDUCTION, item.kind, label, -abs(item.amount), explanation)
        result.add(line, taxable=item.taxable, after_tax=not item.taxable)
        return
    result.add(
        Line(Category.EARNING, item.kind, label, item.amount, explanation), taxable=item.taxable
    )
