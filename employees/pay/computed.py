"""A payslip as computed, before it is written: the figures and the lines explaining
them. Pure data; the run writes it (employees.pay.runs) and compares it (review)."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Line:
    category: str  # PayslipLine.Category
    code: str
    label: str
    amount: Decimal
    # {"inputs": {...}, "rules": [...], "steps": [[label, amount], ...]}
    explanation: dict[str, Any] = field(default_factory=dict)


@dataclass
class ComputedPayslip:
    employee_id: int
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
    lines: list[Line] = field(default_factory=list)

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

    def figures(self) -> dict[str, Any]:
        """Everything a recomputation must reproduce, in a form a digest can take."""
        return {
            "employee": self.employee_id,
            **{name: str(getattr(self, name)) for name in self.FIGURES},
            "ytd": self.ytd,
            "lines": [[line.code, str(line.amount)] for line in self.lines],
        }
