"""A leaver's exit month through the monthly run: salary to the last day, the final pay's
items, social insurance for the month of leaving and not after, and the month's tax by
cumulative withholding on the year so far, checked by hand (severance kept out of it)."""

from datetime import date
from decimal import Decimal

import pytest

from employees.leave.annual import annual_leave_grant
from employees.models import PayrollRun, Payslip
from employees.pay.final_settlement import final_pay_prepare
from employees.pay.payslip_compute import group_payslips
from employees.pay.runs import payroll_run_approve, payroll_run_compute
from hrflow.accounts.roles import Role
from tests.employees.leave.scene import leave_type
from tests.employees.pay.leaving_scene import leaves, paid_employee, pay_group
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# The published annual table's bands (china-rules §1), for the hand computation.
BANDS = ((36000, "0.03", 0), (144000, "0.10", 2520), (300000, "0.20", 16920))


def _annual_tax(ytd_taxable: Decimal) -> Decimal:
    _up_to, rate, quick = next(band for band in BANDS if ytd_taxable <= band[0])
    return (ytd_taxable * Decimal(rate) - quick).quantize(Decimal("0.01"))


def _run(month: date, actor) -> PayrollRun:  # type: ignore[no-untyped-def]
    return payroll_run_compute(group=pay_group(), month=month, actor=actor, computer=group_payslips)


def _insurance(payslip: Payslip) -> Decimal:
    return payslip.insurance_employee + payslip.housing_fund_employee


def test_the_exit_month_pays_to_the_last_day_with_tax_withheld_cumulatively():
    payroll = UserFactory(roles=[Role.PAYROLL])
    leave_type("annual")
    employee = paid_employee("30000", since=date(2025, 3, 1))
    employee.prior_service_months = 60  # entitled from January: 5 days a year
    employee.save(update_fields=["prior_service_months"])
    annual_leave_grant(employee=employee, year=2026, actor=None)
    earlier = []
    for number in (1, 2, 3, 4):
        run = payroll_run_approve(run=_run(date(2026, number, 1), payroll), actor=payroll)
        earlier.append(Payslip.objects.get(run=run, employee=employee))
    employee = leaves(employee, date(2026, 5, 29))

    final = final_pay_prepare(employee=employee, reason_code="redundancy", actor=payroll)
    may = Payslip.objects.get(run=_run(date(2026, 5, 1), payroll), employee=employee)

    # Severance: 1 year, 2 months and 29 days → 1.5 × the average of January–April.
    assert final.wage_months == 4
    assert final.average_wage == Decimal("30000.00")
    assert final.severance == Decimal("45000.00")
    # Leave: 5 × 149/365 = 2.04 → 2 days; 30,000 ÷ 21.75 × 2 days × 200 %.
    assert final.leave_days == 2
    assert final.leave_pay == Decimal("5517.24")
    lines = {line.code: line for line in may.lines.all()}
    base = lines["base"].amount
    workdays = lines["base"].explanation["inputs"]["workdays_employed"]
    assert base == (Decimal("30000") / Decimal("21.75") * workdays).quantize(Decimal("0.01"))
    assert base < Decimal("30000")
    assert lines["severance"].amount == Decimal("45000.00")
    assert lines["leave_pay"].amount == Decimal("5517.24")
    assert may.gross == base + Decimal("45000.00") + Decimal("5517.24")
    # Severance is not taxable wage income (exempt here, far within 3 × the annual average).
    assert may.taxable == base + Decimal("5517.24")

    # Insurance for the month of leaving, on the same base as before.
    insurance = _insurance(earlier[0])
    assert insurance > 0
    assert _insurance(may) == insurance
    assert "pension" in lines

    # The cumulative method by hand: five months of income, deductions and tax.
    ytd_income = 4 * Decimal("30000") + may.taxable
    ytd_taxable = ytd_income - 5 * Decimal("5000") - 5 * insurance
    withheld = sum((payslip.income_tax for payslip in earlier), Decimal(0))
    assert withheld == _annual_tax(4 * (Decimal("30000") - 5000 - insurance))
    assert may.income_tax == _annual_tax(ytd_taxable) - withheld
    assert Decimal(may.ytd["tax"]) == _annual_tax(ytd_taxable)
    assert Decimal(may.ytd["income"]) == ytd_income  # no severance in the year's wages
    assert may.net == may.gross - _insurance(may) - may.income_tax

    # The month after: nothing, no insurance.
    payroll_run_approve(run=PayrollRun.objects.get(month=date(2026, 5, 1)), actor=payroll)
    june = _run(date(2026, 6, 1), payroll)
    assert not Payslip.objects.filter(run=june, employee=employee).exists()
