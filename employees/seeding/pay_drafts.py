"""The pay seed's drafts: one employee's pay as drawn, before it is written."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
# The union's own rule (全国总工会, 会费 0.5 % of the basic wage), not a legal rule.
UNION_DUES_RATE = Decimal("0.005")


@dataclass
class RecordDraft:
    valid_from: date
    region: str
    base: int  # yuan a month
    reason: str
    insurance_base: Decimal | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class Deduction:
    item: str
    monthly: Decimal
    details: dict[str, Any]
    valid_from: date


@dataclass
class Declared:
    deductions: list[Deduction] = field(default_factory=list)
    first_job_this_year: bool = False
    prior_year_low_income: bool = False


@dataclass(frozen=True)
class OneOffDraft:
    month: date
    kind: str
    amount: Decimal
    taxable: bool
    bonus_tax: str
    note: str


@dataclass
class EmployeePay:
    """One employee's pay as the seed draws it (index into the plan's people)."""

    index: int
    records: list[RecordDraft]
    local_hukou: bool
    # Component code -> amount (or rate per day), the same on every record; union dues
    # are a share of each record's base.
    allowances: dict[str, Decimal]
    union_member: bool
    declared: Declared = field(default_factory=Declared)
    one_offs: list[OneOffDraft] = field(default_factory=list)

    def union_dues(self, record: RecordDraft) -> Decimal:
        return (Decimal(record.base) * UNION_DUES_RATE).quantize(CENT, ROUND_HALF_UP)

    def base_on(self, day: date) -> int:
        """The base in force on `day` (the first record's before it)."""
        found = self.records[0]
        for record in self.records:
            if record.valid_from <= day:
                found = record
        return found.base
