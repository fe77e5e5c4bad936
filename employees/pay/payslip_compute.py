"""One pay group's payslips for a month, from its inputs and the legal rules: earnings,
then social insurance and housing fund for the employee's city, then income tax by
cumulative withholding on the year to date at this employer, then net pay.

Pure over its arguments (no queries), so a run and its later verification compute
the same way; the rules come from a RuleBook (live, or as the run stored them).
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from employees.models import PayGroup, PayslipLine
from employees.pay import legal_tax
from employees.pay.components import components_for_run
from employees.pay.computed import ComputedPayslip, Line
from employees.pay.earnings import ComponentSpec, Earnings, month_earnings
from employees.pay.income_tax import (
    Explanation,
    WageMonth,
    bonus_tax_separate,
    prior_year_low_income_applies,
    wage_tax_month,
)
from employees.pay.inputs import EmployeeMonth
from employees.pay.periods import months_employed_this_year
from employees.pay.rulebook import RuleBook
from employees.pay.social_insurance import (
    HOUSING_FUND,
    INSURANCE_LABELS,
    Contributions,
    contributes_in_month,
    contributions_month,
)

ZERO = Decimal(0)
Category = PayslipLine.Category
POLICY = "social_insurance.policy"
# Year-to-date figures a payslip carries for the next month's withholding.
YTD_KEYS = ("income", "insurance", "special", "tax", "bonus_tax")


def group_payslips(
    group: PayGroup, months: list[EmployeeMonth], rules: RuleBook
) -> list[ComputedPayslip]:
    components = components_for_run()
    return [payslip_compute(group, month, rules, components) for month in months]


def payslip_compute(
    group: PayGroup, month: EmployeeMonth, rules: RuleBook, components: list[ComponentSpec]
) -> ComputedPayslip:
    standard = rules.value("worktime.standard_hours", month.region)
    earnings = month_earnings(
        month,
        components,
        proration=group.proration,
        divisors=rules.value("pay.wage_divisors"),
        standard_day_minutes=int(Decimal(str(standard["per_day"])) * 60),
    )
    insured = _contributions(group, month, earnings, rules)
    employee_insurance = insured.employee_total if insured else ZERO
    tax_lines, wage_tax, bonus_tax = _taxes(month, earnings, employee_insurance, rules)
    lines = list(earnings.lines)
    lines.extend(_insurance_lines(insured))
    lines.extend(tax_lines)
    housing = _part(insured, HOUSING_FUND, "employee_amount")
    housing_employer = _part(insured, HOUSING_FUND, "employer_amount")
    income_tax = wage_tax + bonus_tax
    net = earnings.gross - employee_insurance - income_tax + earnings.after_tax
    ytd = _ytd_after(month, earnings, employee_insurance, wage_tax, bonus_tax)
    return ComputedPayslip(
        employee_id=month.employee_id,
        department_id=month.department_id,
        region=month.region,
        days_paid=earnings.days_paid,
        gross=earnings.gross,
        taxable=earnings.taxable,
        insurance_employee=employee_insurance - housing,
        housing_fund_employee=housing,
        income_tax=income_tax,
        net=net,
        insurance_employer=(insured.employer_total if insured else ZERO) - housing_employer,
        housing_fund_employer=housing_employer,
        ytd=ytd,
        lines=lines,
    )


def _contributions(
    group: PayGroup, month: EmployeeMonth, earnings: Earnings, rules: RuleBook
) -> Contributions | None:
    policy = rules.value(POLICY, month.region)
    if not contributes_in_month(month.hire_date, month.left_on, month.spans[-1].end, rule=policy):
        return None
    last = month.spans[-1]
    return contributions_month(
        policy,
        wage_base=earnings.wage,
        local_hukou=last.local_hukou,
        work_injury_rate=group.work_injury_rate,
        housing_fund_rate=group.housing_fund_rate,
        declared_base=last.insurance_base,
    )


def _part(insured: Contributions | None, insurance: str, field: str) -> Decimal:
    if insured is None:
        return ZERO
    return sum(
        (getattr(line, field) for line in insured.lines if line.insurance == insurance), ZERO
    )


def _insurance_lines(insured: Contributions | None) -> list[Line]:
    if insured is None:
        return []
    lines = []
    for part in insured.lines:
        label = str(INSURANCE_LABELS.get(part.insurance, part.insurance))
        explanation = {
            "inputs": {
                "declared": str(part.declared),
                "floor": str(part.base_floor),
                "cap": str(part.base_cap),
                "base": str(part.base),
                "employee_rate": str(part.employee_rate),
                "employee_fixed": str(part.employee_fixed),
                "employer_rate": str(part.employer_rate),
                "employer_fixed": str(part.employer_fixed),
            },
            "rules": [POLICY],
        }
        if part.employee_amount:
            lines.append(
                Line(
                    Category.INSURANCE_EMPLOYEE,
                    part.insurance,
                    label,
                    -part.employee_amount,
                    explanation,
                )
            )
        if part.employer_amount:
            lines.append(
                Line(
                    Category.EMPLOYER,
                    f"employer_{part.insurance}",
                    label,
                    part.employer_amount,
                    explanation,
                )
            )
    return lines


def _earlier(month: EmployeeMonth, key: str) -> Decimal:
    return Decimal(month.ytd.get(key, "0"))


def _taxes(
    month: EmployeeMonth, earnings: Earnings, insurance: Decimal, rules: RuleBook
) -> tuple[list[Line], Decimal, Decimal]:
    period = month.spans[-1].end
    low_income, threshold = _prior_year_low_income(month, rules)
    wage = wage_tax_month(
        WageMonth(
            period=period,
            months_employed=months_employed_this_year(month.hire_date, period),
            income=earnings.taxable,
            social_insurance=insurance,
            special_additional_deductions=_special_this_month(month),
            earlier_income=_earlier(month, "income"),
            earlier_social_insurance=_earlier(month, "insurance"),
            earlier_special_additional_deductions=_earlier(month, "special"),
            earlier_tax_withheld=_earlier(month, "tax"),
            first_job_this_year=month.first_job_this_year,
            prior_year_low_income=low_income,
        ),
        annual_table=rules.value(legal_tax.WAGE_ANNUAL_TABLE),
        basic_deduction_monthly=rules.value(legal_tax.BASIC_DEDUCTION_MONTHLY),
        first_job_from_january=rules.value(legal_tax.FIRST_JOB_FROM_JANUARY),
        low_income_prior_year_threshold=threshold,
    )
    lines = [
        Line(Category.TAX, "income_tax", _("Income tax"), -wage.tax, _explained(wage.explanation))
    ]
    bonus = ZERO
    if earnings.separate_bonus:
        taxed = bonus_tax_separate(
            earnings.separate_bonus,
            paid_on=period,
            bonus_monthly_table=rules.value(legal_tax.BONUS_MONTHLY_TABLE),
            separate_until=rules.value(legal_tax.BONUS_SEPARATE_UNTIL),
        )
        bonus = taxed.tax
        lines.append(
            Line(
                Category.TAX,
                "bonus_tax",
                _("Income tax on the annual bonus"),
                -bonus,
                _explained(taxed.explanation),
            )
        )
    return lines, wage.tax, bonus


def _special_this_month(month: EmployeeMonth) -> Decimal:
    """Declared for January to this month, less what earlier months deducted: a
    declaration made late catches up in its first month withheld."""
    return month.special_deductions_ytd - _earlier(month, "special")


def _prior_year_low_income(month: EmployeeMonth, rules: RuleBook) -> tuple[bool, Any]:
    """Whether the prior-year low-income rule applies, and its threshold: HR's decision
    where recorded, else worked out from last year's locked payslips here (every month
    withheld, the year's income within the threshold). Never with a first job."""
    threshold = rules.optional(legal_tax.LOW_INCOME_PRIOR_YEAR_THRESHOLD)
    if threshold is None or month.first_job_this_year:
        return False, None
    applies = month.prior_year_low_income
    if applies is None:
        applies = prior_year_low_income_applies(
            month.prior_year_income, month.prior_year_months, threshold=threshold
        )
    return applies, threshold if applies else None


def _explained(explanation: Explanation) -> dict[str, Any]:
    return {
        "steps": [[line.key, line.label, str(line.amount)] for line in explanation.lines],
        "rules": [rule.code for rule in explanation.rules],
    }


def _ytd_after(
    month: EmployeeMonth, earnings: Earnings, insurance: Decimal, tax: Decimal, bonus_tax: Decimal
) -> dict[str, str]:
    this_month = {
        "income": earnings.taxable,
        "insurance": insurance,
        "special": _special_this_month(month),
        "tax": tax,
        "bonus_tax": bonus_tax,
    }
    return {key: str(_earlier(month, key) + this_month[key]) for key in YTD_KEYS}
