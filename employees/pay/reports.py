"""The month's payroll reports, for one run or for every locked run of a month:

- the income-tax withholding summary: per employee the year-to-date figures of the
  cumulative method, which the monthly withholding return (个税扣缴申报) asks for;
- social insurance and housing fund per rules region and insurance: bases, the
  employee's and the employer's parts, people (the agencies' monthly bills);
- the accounting summary: each payslip line summed by department, and each department's
  totals by category (the cost goes where the payslip's department was on the cut-off);
- the employer cost: gross pay and the employer's contributions, by department.

Every figure is read from the stored payslips and their lines, never recomputed: a
report of a locked run shows exactly what was paid. Each report is plain rows; a
report's total is a row of the same shape without an employee or department (whoever
shows it names it "Total"). CSV and XLSX files of them are employees.pay.report_files.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from employees.models import PayrollRun, PayslipLine
from employees.pay.payslip_rows import (
    EMPLOYER_PREFIX,
    PayslipRow,
    department_names,
    payslip_rows,
    summary_label,
)
from employees.pay.periods import month_first
from employees.pay.social_insurance import INSURANCE_LABELS, REQUIRED_INSURANCES
from hrflow.core.errors import ApplicationError

ZERO = Decimal(0)
Category = PayslipLine.Category


def report_payslips(
    *, run: PayrollRun | None = None, month: date | None = None
) -> list[PayslipRow]:
    """The payslips a report covers: one run's (in review or locked), or those of every
    locked run of `month` across the pay groups."""
    if (run is None) == (month is None):
        raise ApplicationError(_("Choose a payroll run or a month."))
    if run is not None:
        return payslip_rows(Q(run_id=run.pk))
    assert month is not None
    return payslip_rows(Q(run__month=month_first(month), run__status=PayrollRun.Status.LOCKED))


# Income-tax withholding.


@dataclass(frozen=True)
class TaxRow:
    employee_id: int | None  # None: the total
    employee_number: str
    employee_name: str
    income: Decimal  # taxable income this month
    ytd_income: Decimal
    ytd_exempt_income: Decimal
    ytd_basic_deduction: Decimal
    ytd_social_insurance: Decimal  # 专项扣除: the employee's insurance and housing fund
    ytd_special_deductions: Decimal  # 专项附加扣除
    ytd_other_deductions: Decimal  # personal pension included
    ytd_deductions: Decimal  # all of the above deductions
    ytd_taxable: Decimal
    rate: Decimal | None
    quick_deduction: Decimal | None
    ytd_tax: Decimal
    earlier_withheld: Decimal
    tax: Decimal  # withheld from this month's wage
    bonus: Decimal  # an annual one-off bonus taxed on its own
    bonus_tax: Decimal


@dataclass(frozen=True)
class TaxSummary:
    rows: list[TaxRow]
    total: TaxRow


DEDUCTION_STEPS = (
    "ytd_exempt_income",
    "ytd_basic_deduction",
    "ytd_social_insurance",
    "ytd_special_additional_deductions",
    "ytd_personal_pension",
    "ytd_other_deductions",
)
TAX_SUMMED = (
    "income",
    "ytd_income",
    "ytd_exempt_income",
    "ytd_basic_deduction",
    "ytd_social_insurance",
    "ytd_special_deductions",
    "ytd_other_deductions",
    "ytd_deductions",
    "ytd_taxable",
    "ytd_tax",
    "earlier_withheld",
    "tax",
    "bonus",
    "bonus_tax",
)


def _steps(row: PayslipRow, code: str) -> dict[str, Decimal]:
    """The figures a tax line was worked out with (employees.pay.payslip_compute)."""
    line = row.line(code)
    if line is None:
        return {}
    return {step[0]: Decimal(str(step[2])) for step in line.explanation.get("steps", [])}


def tax_withholding_summary(payslips: list[PayslipRow]) -> TaxSummary:
    rows = []
    for payslip in payslips:
        wage = _steps(payslip, "income_tax")
        bonus = _steps(payslip, "bonus_tax")
        rows.append(
            TaxRow(
                employee_id=payslip.employee_id,
                employee_number=payslip.employee_number,
                employee_name=payslip.employee_name,
                income=wage.get("income", ZERO),
                ytd_income=wage.get("ytd_income", ZERO),
                ytd_exempt_income=wage.get("ytd_exempt_income", ZERO),
                ytd_basic_deduction=wage.get("ytd_basic_deduction", ZERO),
                ytd_social_insurance=wage.get("ytd_social_insurance", ZERO),
                ytd_special_deductions=wage.get("ytd_special_additional_deductions", ZERO),
                ytd_other_deductions=wage.get("ytd_other_deductions", ZERO)
                + wage.get("ytd_personal_pension", ZERO),
                ytd_deductions=sum((wage.get(key, ZERO) for key in DEDUCTION_STEPS), ZERO),
                ytd_taxable=wage.get("ytd_taxable", ZERO),
                rate=wage.get("rate"),
                quick_deduction=wage.get("quick_deduction"),
                ytd_tax=wage.get("ytd_tax", ZERO),
                earlier_withheld=wage.get("earlier_tax_withheld", ZERO),
                tax=wage.get("tax", ZERO),
                bonus=bonus.get("bonus", ZERO),
                bonus_tax=bonus.get("tax", ZERO),
            )
        )
    total = TaxRow(
        employee_id=None,
        employee_number="",
        employee_name="",
        rate=None,
        quick_deduction=None,
        **{name: sum((getattr(row, name) for row in rows), ZERO) for name in TAX_SUMMED},
    )
    return TaxSummary(rows=rows, total=total)


# Social insurance and housing fund.


@dataclass(frozen=True)
class InsuranceRow:
    region: str  # the rules region whose policy applied ("beijing")
    insurance: str  # "pension", ..., "housing_fund"
    label: str
    employees: int
    base: Decimal  # the bases summed
    employee: Decimal  # the employee's part, as a positive amount
    employer: Decimal


@dataclass(frozen=True)
class InsuranceSummary:
    rows: list[InsuranceRow]
    employees: int  # people with any contribution
    employee: Decimal
    employer: Decimal


def insurance_summary(payslips: list[PayslipRow]) -> InsuranceSummary:
    # (region, insurance) -> [people, base, employee, employer]
    sums: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    contributing = set()
    for payslip in payslips:
        seen: dict[str, Decimal] = {}
        for line in payslip.lines:
            if line.category == Category.INSURANCE_EMPLOYEE:
                insurance, side, amount = line.code, 2, -line.amount
            elif line.category == Category.EMPLOYER and line.code.startswith(EMPLOYER_PREFIX):
                insurance, side, amount = line.code.removeprefix(EMPLOYER_PREFIX), 3, line.amount
            else:
                continue
            key = (payslip.region, insurance)
            sums[key][side] += amount
            if insurance not in seen:
                # Both sides' lines carry the same base: counted once per person.
                seen[insurance] = Decimal(str(line.explanation.get("inputs", {}).get("base", 0)))
                sums[key][0] += 1
                sums[key][1] += seen[insurance]
                contributing.add(payslip.employee_id)
    order = {insurance: index for index, insurance in enumerate(REQUIRED_INSURANCES)}
    rows = [
        InsuranceRow(
            region=region,
            insurance=insurance,
            label=str(INSURANCE_LABELS.get(insurance, insurance)),
            employees=int(people),
            base=base,
            employee=employee,
            employer=employer,
        )
        for (region, insurance), (people, base, employee, employer) in sorted(
            sums.items(), key=lambda item: (item[0][0], order.get(item[0][1], 99), item[0][1])
        )
    ]
    return InsuranceSummary(
        rows=rows,
        employees=len(contributing),
        employee=sum((row.employee for row in rows), ZERO),
        employer=sum((row.employer for row in rows), ZERO),
    )


# Accounting, by department.


@dataclass(frozen=True)
class AccountingRow:
    department_id: int | None
    department: str
    category: str  # PayslipLine.Category
    category_label: str
    code: str
    label: str
    amount: Decimal  # signed as on the payslips: a deduction, insurance or tax is negative
    employees: int


@dataclass(frozen=True)
class DepartmentTotals:
    """A department's payslips by category. Earnings, deductions, the employee's
    insurance and the tax add up to net pay; `employer` is the employer's
    contributions, paid on top."""

    department_id: int | None
    department: str
    employees: int
    earnings: Decimal
    deductions: Decimal
    insurance_employee: Decimal
    tax: Decimal
    net: Decimal
    employer: Decimal


@dataclass(frozen=True)
class AccountingSummary:
    lines: list[AccountingRow]
    departments: list[DepartmentTotals]
    total: DepartmentTotals


def _by_department(payslips: list[PayslipRow]) -> dict[int | None, list[PayslipRow]]:
    grouped: dict[int | None, list[PayslipRow]] = defaultdict(list)
    for payslip in payslips:
        grouped[payslip.department_id].append(payslip)
    return grouped


def _department_order(names: dict[int | None, str], ids: set[int | None]) -> list[int | None]:
    """By name, the payslips without a department last."""
    return sorted(ids, key=lambda pk: (pk is None, _name(names, pk), pk or 0))


def _name(names: dict[int | None, str], pk: int | None) -> str:
    return names.get(pk, str(pk))


def _category_sum(payslips: list[PayslipRow], category: str) -> Decimal:
    return sum(
        (line.amount for row in payslips for line in row.lines if line.category == category),
        ZERO,
    )


def _department_totals(
    department_id: int | None, department: str, payslips: list[PayslipRow]
) -> DepartmentTotals:
    return DepartmentTotals(
        department_id=department_id,
        department=department,
        employees=len(payslips),
        earnings=_category_sum(payslips, Category.EARNING),
        deductions=_category_sum(payslips, Category.DEDUCTION),
        insurance_employee=_category_sum(payslips, Category.INSURANCE_EMPLOYEE),
        tax=_category_sum(payslips, Category.TAX),
        net=sum((row.net for row in payslips), ZERO),
        employer=_category_sum(payslips, Category.EMPLOYER),
    )


def accounting_summary(payslips: list[PayslipRow]) -> AccountingSummary:
    grouped = _by_department(payslips)
    names = department_names(set(grouped))
    category_order = {category: index for index, category in enumerate(Category.values)}
    lines: list[AccountingRow] = []
    departments = []
    for pk in _department_order(names, set(grouped)):
        sums: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        labels: dict[tuple[str, str], str] = {}
        for payslip in grouped[pk]:
            for line in payslip.lines:
                key = (line.category, line.code)
                sums[key][0] += line.amount
                sums[key][1] += 1
                labels.setdefault(key, summary_label(line.category, line.code, line.label))
        for category, code in sorted(sums, key=lambda key: (category_order[key[0]], key[1])):
            amount, people = sums[(category, code)]
            lines.append(
                AccountingRow(
                    department_id=pk,
                    department=_name(names, pk),
                    category=category,
                    category_label=str(Category(category).label),
                    code=code,
                    label=labels[(category, code)],
                    amount=amount,
                    employees=int(people),
                )
            )
        departments.append(_department_totals(pk, _name(names, pk), grouped[pk]))
    return AccountingSummary(
        lines=lines,
        departments=departments,
        total=_department_totals(None, "", payslips),
    )


# Employer cost, by department.


@dataclass(frozen=True)
class EmployerCostRow:
    department_id: int | None
    department: str
    employees: int
    gross: Decimal
    insurance_employer: Decimal
    housing_fund_employer: Decimal
    total: Decimal


@dataclass(frozen=True)
class EmployerCost:
    rows: list[EmployerCostRow]
    total: EmployerCostRow


def _cost_row(
    department_id: int | None, department: str, payslips: list[PayslipRow]
) -> EmployerCostRow:
    gross = sum((row.gross for row in payslips), ZERO)
    insurance = sum((row.insurance_employer for row in payslips), ZERO)
    housing = sum((row.housing_fund_employer for row in payslips), ZERO)
    return EmployerCostRow(
        department_id=department_id,
        department=department,
        employees=len(payslips),
        gross=gross,
        insurance_employer=insurance,
        housing_fund_employer=housing,
        total=gross + insurance + housing,
    )


def employer_cost(payslips: list[PayslipRow]) -> EmployerCost:
    grouped = _by_department(payslips)
    names = department_names(set(grouped))
    return EmployerCost(
        rows=[
            _cost_row(pk, _name(names, pk), grouped[pk])
            for pk in _department_order(names, set(grouped))
        ],
        total=_cost_row(None, "", payslips),
    )
