"""Payslips with their employee and their lines, read in a fixed number of queries
whatever the number of employees: what the run review and the payroll reports work on.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from employees.models import PayItem, Payslip, PayslipLine
from hrflow.org.models import Department

ZERO = Decimal(0)
EMPLOYER_PREFIX = "employer_"  # the employer's side of an insurance: "employer_pension"


@dataclass(frozen=True)
class LineRow:
    category: str  # PayslipLine.Category
    code: str
    label: str
    amount: Decimal  # signed, as on the payslip
    explanation: dict[str, Any]


@dataclass
class PayslipRow:
    payslip_id: int
    run_id: int
    employee_id: int
    employee_number: str
    employee_name: str
    hire_date: date
    left_on: date | None
    department_id: int | None
    region: str
    days_paid: Decimal
    gross: Decimal
    taxable: Decimal
    insurance_employee: Decimal
    housing_fund_employee: Decimal
    income_tax: Decimal
    net: Decimal
    insurance_employer: Decimal
    housing_fund_employer: Decimal
    ytd: dict[str, str]
    lines: list[LineRow] = field(default_factory=list)

    @property
    def contributions_employee(self) -> Decimal:
        """Social insurance and housing fund taken off the pay."""
        return self.insurance_employee + self.housing_fund_employee

    @property
    def contributions_employer(self) -> Decimal:
        return self.insurance_employer + self.housing_fund_employer

    def line(self, code: str) -> LineRow | None:
        return next((line for line in self.lines if line.code == code), None)


FIGURES = (
    "days_paid",
    "gross",
    "taxable",
    "insurance_employee",
    "housing_fund_employee",
    "income_tax",
    "net",
    "insurance_employer",
    "housing_fund_employer",
)


def payslip_rows(where: Q) -> list[PayslipRow]:
    """The payslips `where` selects, by employee number, each with its lines in order:
    two queries."""
    values = (
        Payslip.objects.filter(where)
        .order_by("employee__number", "run_id")
        .values(
            "id",
            "run_id",
            "employee_id",
            "employee__number",
            "employee__full_name",
            "employee__hire_date",
            "employee__left_on",
            "department_id",
            "region",
            "ytd",
            *FIGURES,
        )
    )
    rows = {
        value["id"]: PayslipRow(
            payslip_id=value["id"],
            run_id=value["run_id"],
            employee_id=value["employee_id"],
            employee_number=value["employee__number"],
            employee_name=value["employee__full_name"],
            hire_date=value["employee__hire_date"],
            left_on=value["employee__left_on"],
            department_id=value["department_id"],
            region=value["region"],
            ytd=dict(value["ytd"] or {}),
            **{name: value[name] for name in FIGURES},
        )
        for value in values
    }
    if not rows:
        return []
    lines: dict[int, list[LineRow]] = defaultdict(list)
    found = (
        PayslipLine.objects.filter(payslip_id__in=list(rows))
        .order_by("payslip_id", "position")
        .values_list("payslip_id", "category", "code", "label", "amount", "explanation")
    )
    for payslip_id, category, code, label, amount, explanation in found:
        lines[payslip_id].append(LineRow(category, code, label, amount, explanation or {}))
    for payslip_id, row in rows.items():
        row.lines = lines[payslip_id]
    return list(rows.values())


def department_names(ids: set[int | None]) -> dict[int | None, str]:
    """Names of the departments (one query); None, a payslip without one, is named too."""
    names: dict[int | None, str] = {None: _("No department")}
    wanted = [pk for pk in ids if pk is not None]
    if wanted:
        names.update(Department.objects.filter(pk__in=wanted).values_list("pk", "name"))
    return names


def summary_label(category: str, code: str, label: str) -> str:
    """A line's name where lines of many payslips are summed: a one-off item by its
    kind (its own label carries its note, "Bonus · Q3"), the employer's side of an
    insurance marked as such (both sides carry the insurance's name)."""
    if code in PayItem.Kind.values:
        return str(PayItem.Kind(code).label)
    if category == PayslipLine.Category.EMPLOYER and code.startswith(EMPLOYER_PREFIX):
        return _("%(insurance)s (employer)") % {"insurance": label}
    return label
