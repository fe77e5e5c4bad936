"""Monthly runs against the real database: inputs as of the month, Beijing's insurance,
tax by cumulative withholding carried from one locked month to the next, locking, and
a locked run recomputed identical."""

from datetime import date
from decimal import Decimal

import pytest

from employees.models import (
    Assignment,
    PayComponent,
    PayGroup,
    PayItem,
    PayrollRun,
    Payslip,
    SalaryItem,
    SalaryRecord,
    TaxDeduction,
)
from employees.pay.payslip_compute import group_payslips
from employees.pay.runs import payroll_run_approve, payroll_run_compute, payroll_run_verify
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import LocationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def hr():
    return UserFactory(roles=[Role.PAYROLL])


@pytest.fixture
def group():
    return PayGroup.objects.create(
        name="Head office",
        work_injury_rate=Decimal("0.002"),
        housing_fund_rate=Decimal("0.12"),
    )


def _beijing_employee(group: PayGroup, base: str, *, since=date(2025, 3, 1), **salary):  # type: ignore[no-untyped-def]
    employee = employee_make(since=since)
    Assignment.objects.filter(employee=employee).update(
        location=LocationFactory(city="北京", region="beijing")
    )
    SalaryRecord.objects.create(
        employee=employee,
        valid_from=since,
        pay_group=group,
        base_monthly=Decimal(base),
        **salary,
    )
    return employee


def _run(group: PayGroup, month: date, hr) -> PayrollRun:  # type: ignore[no-untyped-def]
    return payroll_run_compute(group=group, month=month, actor=hr, computer=group_payslips)


# The published annual table's first bands (china-rules §1), for the hand computations.
BANDS = ((36000, "0.03", 0), (144000, "0.10", 2520), (300000, "0.20", 16920))


def _annual_tax(ytd_taxable: Decimal) -> Decimal:
    _up_to, rate, quick = next(band for band in BANDS if ytd_taxable <= band[0])
    return (ytd_taxable * Decimal(rate) - quick).quantize(Decimal("0.01"))


def _lines(payslip: Payslip) -> dict[str, Decimal]:
    return {line.code: line.amount for line in payslip.lines.all()}


def test_a_beijing_wage_of_40000_pays_insurance_on_the_cap_and_tax_on_the_rest(group, hr):
    employee = _beijing_employee(group, "40000")

    run = _run(group, date(2026, 1, 1), hr)

    payslip = Payslip.objects.get(run=run, employee=employee)
    lines = _lines(payslip)
    # The figures: base 35,283, pension 2,822.64, medical 708.66 (2 % + 3).
    assert lines["pension"] == Decimal("-2822.64")
    assert lines["medical"] == Decimal("-708.66")
    employee_insurance = -sum(
        line.amount for line in payslip.lines.filter(category="insurance_employee")
    )
    assert payslip.insurance_employee + payslip.housing_fund_employee == employee_insurance
    assert payslip.housing_fund_employee == Decimal("4234.00")  # 35,283 × 12 %, to the yuan
    # January: 40,000 − 5,000 − 7,942 insurance = 27,058 on the annual table's 3 %.
    taxable = Decimal("40000") - 5000 - employee_insurance
    assert taxable == Decimal("27058.28")
    assert payslip.income_tax == _annual_tax(taxable) == Decimal("811.75")
    assert payslip.net == Decimal("40000") - employee_insurance - payslip.income_tax
    assert payslip.gross == Decimal("40000.00")


def test_tax_builds_on_the_locked_months_before(group, hr):
    employee = _beijing_employee(group, "50000")
    TaxDeduction.objects.create(
        employee=employee,
        item=TaxDeduction.Item.CHILDREN_EDUCATION,
        monthly_amount=Decimal("2000"),
        valid_from=date(2026, 1, 1),
    )
    taxes = []
    for number in (1, 2, 3, 4):
        run = _run(group, date(2026, number, 1), hr)
        payroll_run_approve(run=run, actor=hr)
        taxes.append(Payslip.objects.get(run=run, employee=employee))
    insurance = taxes[0].insurance_employee + taxes[0].housing_fund_employee
    # By hand, the cumulative method: YTD taxable = n × (50,000 − 5,000 − insurance − 2,000).
    monthly_taxable = Decimal("50000") - 5000 - insurance - 2000
    withheld = Decimal(0)
    for number, payslip in enumerate(taxes, start=1):
        ytd_tax = _annual_tax(monthly_taxable * number)
        assert payslip.income_tax == ytd_tax - withheld, number
        withheld = ytd_tax
        assert Decimal(payslip.ytd["tax"]) == withheld
    assert taxes[3].income_tax > taxes[2].income_tax  # the band jump


def test_a_locked_run_recomputes_identical_and_cannot_be_computed_again(group, hr):
    employee = _beijing_employee(group, "18000")
    PayItem.objects.create(
        employee=employee, month=date(2026, 2, 1), kind=PayItem.Kind.BONUS, amount=Decimal("3000")
    )
    run = _run(group, date(2026, 2, 1), hr)
    payroll_run_approve(run=run, actor=hr)
    # Later changes do not touch a month already paid.
    SalaryRecord.objects.filter(employee=employee).update(base_monthly=Decimal("99999"))

    assert payroll_run_verify(run, computer=group_payslips)
    with pytest.raises(ApplicationError, match="locked"):
        _run(group, date(2026, 2, 1), hr)


def test_approval_is_refused_when_an_input_changed_after_computing(group, hr):
    employee = _beijing_employee(group, "18000")
    run = _run(group, date(2026, 2, 1), hr)
    PayItem.objects.create(
        employee=employee, month=date(2026, 2, 1), kind=PayItem.Kind.BONUS, amount=Decimal("1")
    )

    with pytest.raises(ApplicationError, match="compute it again"):
        payroll_run_approve(run=run, actor=hr)
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.COMPUTED


def test_a_later_month_waits_for_the_earlier_one_in_review(group, hr):
    _beijing_employee(group, "18000")
    _run(group, date(2026, 2, 1), hr)
    with pytest.raises(ApplicationError, match="Approve 2026-02 first"):
        _run(group, date(2026, 3, 1), hr)


def test_a_component_formula_and_a_joiner_pro_rated(group, hr):
    PayComponent.objects.create(
        code="transport",
        name="Transport",
        kind=PayComponent.Kind.EARNING,
        calculation=PayComponent.Calculation.FIXED,
    )
    PayComponent.objects.create(
        code="seniority",
        name="Seniority",
        kind=PayComponent.Kind.EARNING,
        calculation=PayComponent.Calculation.FORMULA,
        formula="round(transport * 0.5 + base * 0.01, 2)",
    )
    employee = _beijing_employee(group, "21750", since=date(2026, 7, 15))
    SalaryItem.objects.create(
        record=employee.salary_records.get(),
        component=PayComponent.objects.get(code="transport"),
        amount=Decimal("500"),
    )
    run = _run(group, date(2026, 7, 1), hr)
    lines = _lines(Payslip.objects.get(run=run, employee=employee))
    # July 2026 from Wednesday the 15th: 13 working days; 21,750 ÷ 21.75 = 1,000 a day.
    assert lines["base"] == Decimal("13000.00")
    assert lines["transport"] == Decimal("298.85")  # 500 × 13 / 21.75
    assert lines["seniority"] == Decimal("279.43")  # 298.85 × 0.5 + 13,000 × 0.01


def test_a_deduction_declared_late_catches_up_from_its_first_month(group, hr):
    employee = _beijing_employee(group, "30000")
    for number in (1, 2):
        payroll_run_approve(run=_run(group, date(2026, number, 1), hr), actor=hr)
    # Declared in March for the whole year: January and February are deducted in March.
    TaxDeduction.objects.create(
        employee=employee,
        item=TaxDeduction.Item.HOUSING_LOAN_INTEREST,
        monthly_amount=Decimal("1000"),
        valid_from=date(2026, 1, 1),
    )
    march = Payslip.objects.get(run=_run(group, date(2026, 3, 1), hr), employee=employee)
    assert Decimal(march.ytd["special"]) == Decimal("3000")
    steps = {
        key: Decimal(amount)
        for key, _label, amount in march.lines.get(code="income_tax").explanation["steps"]
    }
    assert steps["ytd_special_additional_deductions"] == Decimal("3000")


def test_last_years_low_income_here_means_nothing_withheld_until_60000(group, hr):
    """STA Announcement 2020 No. 19, worked out from last year's locked payslips: every
    month of 2025 paid here, 48,000 in all; in 2026 the year's basic deduction is 60,000
    from January, so at 20,000 a month nothing is withheld until April."""
    employee = _beijing_employee(group, "4000", since=date(2024, 6, 1))
    for number in range(1, 13):
        payroll_run_approve(run=_run(group, date(2025, number, 1), hr), actor=hr)
    SalaryRecord.objects.filter(employee=employee).update(base_monthly=Decimal("20000"))
    taxes = []
    for number in range(1, 5):
        run = payroll_run_approve(run=_run(group, date(2026, number, 1), hr), actor=hr)
        taxes.append(Payslip.objects.get(run=run, employee=employee).income_tax)
    assert taxes[:3] == [Decimal("0.00")] * 3
    # By hand: April's YTD taxable = 80,000 − 60,000 − 4 × insurance, at 3 %.
    april = Payslip.objects.get(run__month=date(2026, 4, 1), employee=employee)
    insurance = april.insurance_employee + april.housing_fund_employee
    expected = (Decimal("80000") - 60000 - 4 * insurance) * Decimal("0.03")
    assert taxes[3] == expected.quantize(Decimal("0.01")) > 0


def test_a_year_not_fully_paid_here_is_no_low_income_year(group, hr):
    """Hired in March 2025: not every month of last year was withheld here."""
    employee = _beijing_employee(group, "4000", since=date(2025, 3, 1))
    for number in range(3, 13):
        payroll_run_approve(run=_run(group, date(2025, number, 1), hr), actor=hr)
    SalaryRecord.objects.filter(employee=employee).update(base_monthly=Decimal("20000"))
    january = Payslip.objects.get(run=_run(group, date(2026, 1, 1), hr), employee=employee)
    assert january.income_tax > 0
