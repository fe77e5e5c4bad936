"""CSV and XLSX files of the payroll reports (employees.pay.reports), written by the
project's spreadsheet helpers (hrflow.core.spreadsheets: UTF-8 with a byte-order mark,
no cell a spreadsheet would run as a formula, money as number cells to the fen).

Headers are translated when the file is written, so a file is in the language of
whoever downloads it. Each file ends with its total row.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from employees.models import PayslipLine
from employees.pay.reports import (
    AccountingRow,
    AccountingSummary,
    EmployerCost,
    EmployerCostRow,
    InsuranceRow,
    InsuranceSummary,
    TaxRow,
    TaxSummary,
)
from hrflow.core.spreadsheets import to_csv, to_xlsx

Row = TypeVar("Row")
Category = PayslipLine.Category
MONEY_FORMAT = "0.00"


@dataclass(frozen=True)
class FileColumn(Generic[Row]):
    header: Promise
    value: Callable[[Row], Any]


def _column(header: Promise, field: str) -> "FileColumn[Any]":
    return FileColumn(header, lambda row: getattr(row, field))


EMPLOYEE_NUMBER = gettext_lazy("Employee number")
NAME = pgettext_lazy("person", "Name")
DEPARTMENT = gettext_lazy("Department")
EMPLOYEES_PAID = gettext_lazy("Employees paid")

TAX_COLUMNS: tuple[FileColumn[TaxRow], ...] = (
    _column(EMPLOYEE_NUMBER, "employee_number"),
    _column(NAME, "employee_name"),
    _column(gettext_lazy("Income this month"), "income"),
    _column(gettext_lazy("Income, year to date"), "ytd_income"),
    _column(gettext_lazy("Exempt income, year to date"), "ytd_exempt_income"),
    _column(gettext_lazy("Basic deduction, year to date"), "ytd_basic_deduction"),
    _column(
        gettext_lazy("Social insurance and housing fund, year to date"), "ytd_social_insurance"
    ),
    _column(gettext_lazy("Special additional deductions, year to date"), "ytd_special_deductions"),
    _column(gettext_lazy("Other deductions, year to date"), "ytd_other_deductions"),
    _column(gettext_lazy("Deductions, year to date"), "ytd_deductions"),
    _column(gettext_lazy("Taxable income, year to date"), "ytd_taxable"),
    _column(gettext_lazy("Withholding rate"), "rate"),
    _column(gettext_lazy("Quick deduction"), "quick_deduction"),
    _column(gettext_lazy("Tax, year to date"), "ytd_tax"),
    _column(gettext_lazy("Withheld in earlier months"), "earlier_withheld"),
    _column(gettext_lazy("Tax withheld this month"), "tax"),
    _column(gettext_lazy("Annual one-off bonus"), "bonus"),
    _column(gettext_lazy("Tax on the bonus"), "bonus_tax"),
)

INSURANCE_COLUMNS: tuple[FileColumn[InsuranceRow], ...] = (
    _column(gettext_lazy("Region"), "region"),
    _column(gettext_lazy("Insurance"), "label"),
    _column(EMPLOYEES_PAID, "employees"),
    _column(gettext_lazy("Contribution bases"), "base"),
    _column(gettext_lazy("Employee part"), "employee"),
    _column(gettext_lazy("Employer part"), "employer"),
)

ACCOUNTING_COLUMNS: tuple[FileColumn[AccountingRow], ...] = (
    _column(DEPARTMENT, "department"),
    _column(gettext_lazy("Category"), "category_label"),
    _column(gettext_lazy("Code"), "code"),
    _column(gettext_lazy("Item"), "label"),
    _column(gettext_lazy("Amount"), "amount"),
    _column(EMPLOYEES_PAID, "employees"),
)

COST_COLUMNS: tuple[FileColumn[EmployerCostRow], ...] = (
    _column(DEPARTMENT, "department"),
    _column(EMPLOYEES_PAID, "employees"),
    _column(gettext_lazy("Gross pay"), "gross"),
    _column(gettext_lazy("Social insurance (employer)"), "insurance_employer"),
    _column(gettext_lazy("Housing fund (employer)"), "housing_fund_employer"),
    _column(gettext_lazy("Employer cost"), "total"),
)


def _table(
    columns: Sequence[FileColumn[Row]], rows: Sequence[Row], totals: Sequence[Sequence[Any]]
) -> tuple[list[str], list[list[Any]]]:
    header = [str(column.header) for column in columns]
    return header, [[column.value(row) for column in columns] for row in rows] + [
        list(total) for total in totals
    ]


def _insurance_totals(summary: InsuranceSummary) -> list[list[Any]]:
    # No base in the total: the bases of different insurances do not add up.
    return [[_("Total"), "", summary.employees, None, summary.employee, summary.employer]]


def _accounting_totals(summary: AccountingSummary) -> list[list[Any]]:
    """The whole file's total of each category."""
    total = summary.total
    by_category = (
        (Category.EARNING, total.earnings),
        (Category.DEDUCTION, total.deductions),
        (Category.INSURANCE_EMPLOYEE, total.insurance_employee),
        (Category.TAX, total.tax),
        (Category.EMPLOYER, total.employer),
    )
    return [
        [_("Total"), str(category.label), "", "", amount, total.employees]
        for category, amount in by_category
    ]


def _row_cells(columns: Sequence[FileColumn[Row]], row: Row) -> list[Any]:
    return [column.value(row) for column in columns]


TAX_TITLE = gettext_lazy("Income tax withholding")
INSURANCE_TITLE = gettext_lazy("Social insurance and housing fund")
ACCOUNTING_TITLE = gettext_lazy("Payroll accounting summary")
COST_TITLE = gettext_lazy("Employer cost")


def _tax_totals(summary: TaxSummary) -> list[list[Any]]:
    return [_row_cells(TAX_COLUMNS, replace(summary.total, employee_name=_("Total")))]


def tax_summary_csv(summary: TaxSummary) -> bytes:
    return to_csv(*_table(TAX_COLUMNS, summary.rows, _tax_totals(summary)))


def tax_summary_xlsx(summary: TaxSummary) -> bytes:
    table = _table(TAX_COLUMNS, summary.rows, _tax_totals(summary))
    return to_xlsx(*table, title=str(TAX_TITLE), decimal_format=MONEY_FORMAT)


def insurance_summary_csv(summary: InsuranceSummary) -> bytes:
    return to_csv(*_table(INSURANCE_COLUMNS, summary.rows, _insurance_totals(summary)))


def insurance_summary_xlsx(summary: InsuranceSummary) -> bytes:
    table = _table(INSURANCE_COLUMNS, summary.rows, _insurance_totals(summary))
    return to_xlsx(*table, title=str(INSURANCE_TITLE), decimal_format=MONEY_FORMAT)


def accounting_summary_csv(summary: AccountingSummary) -> bytes:
    return to_csv(*_table(ACCOUNTING_COLUMNS, summary.lines, _accounting_totals(summary)))


def accounting_summary_xlsx(summary: AccountingSummary) -> bytes:
    table = _table(ACCOUNTING_COLUMNS, summary.lines, _accounting_totals(summary))
    return to_xlsx(*table, title=str(ACCOUNTING_TITLE), decimal_format=MONEY_FORMAT)


def _cost_totals(report: EmployerCost) -> list[list[Any]]:
    return [_row_cells(COST_COLUMNS, replace(report.total, department=_("Total")))]


def employer_cost_csv(report: EmployerCost) -> bytes:
    return to_csv(*_table(COST_COLUMNS, report.rows, _cost_totals(report)))


def employer_cost_xlsx(report: EmployerCost) -> bytes:
    table = _table(COST_COLUMNS, report.rows, _cost_totals(report))
    return to_xlsx(*table, title=str(COST_TITLE), decimal_format=MONEY_FORMAT)
