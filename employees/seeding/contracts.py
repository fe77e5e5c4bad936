"""The labour contracts of a seeded employee, by the dated rules (`LegalRule`).

First contract fixed-term (mostly three years) with probation within the limit
for its term (LCL art. 19), once; renewals without probation; after the rule's
number of consecutive fixed terms, or the rule's years of service, open-ended.
Each is signed within days of its start (the written-contract rule). A contract
of someone who left ends early on their last day.
"""

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from employees.models import Contract
from employees.selectors.rules import legal_value


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


@dataclass
class ContractPlan:
    kind: str
    sequence: int
    starts_on: date
    ends_on: date | None
    probation_months: int
    probation_ends_on: date | None
    signed_on: date | None
    status: str
    renews_previous: bool = False
    ended_on: date | None = None
    end_reason: str = ""
    id: int = 0


@dataclass
class Rules:
    """The contract rules in force (read once per seed, as of today)."""

    probation: dict[str, Any]
    open_after_fixed_terms: int
    open_after_years: int
    cache: dict[int, int] = field(default_factory=dict)

    @classmethod
    def load(cls, today: date) -> "Rules":
        return cls(
            probation=legal_value("contract.probation_limits", on=today),
            open_after_fixed_terms=int(
                legal_value("contract.open_ended_after_fixed_terms", on=today)
            ),
            open_after_years=int(legal_value("contract.open_ended_after_years", on=today)),
        )

    def probation_max(self, term_months: int | None) -> int:
        """The longest probation a term allows (None: open-ended)."""
        if term_months is None:
            return int(self.probation["open_ended_max_months"])
        if term_months not in self.cache:
            self.cache[term_months] = next(
                int(band["max_months"])
                for band in self.probation["bands"]
                if band["min_term_months"] <= term_months
                and (band["below_term_months"] is None or term_months < band["below_term_months"])
            )
        return self.cache[term_months]


def contracts_plan(
    rng: random.Random, rules: Rules, *, hire: date, left_on: date | None, today: date
) -> list[ContractPlan]:
    """Every contract from the first day until today (or the last day)."""
    term_years = 3 if rng.random() < 0.8 else 1
    wanted = rng.choice((3, 6)) if term_years == 3 else rng.choice((1, 2))
    probation = min(wanted, rules.probation_max(12 * term_years))
    plans: list[ContractPlan] = []
    start, fixed_terms = hire, 0
    while True:
        served_years = (start - hire).days // 365
        open_ended = (
            fixed_terms >= rules.open_after_fixed_terms or served_years >= rules.open_after_years
        )
        ends = None if open_ended else add_years(start, term_years) - timedelta(days=1)
        months = probation if not plans else 0
        future = start > today
        plan = ContractPlan(
            kind=Contract.Kind.OPEN_ENDED if open_ended else Contract.Kind.FIXED_TERM,
            sequence=len(plans) + 1,
            starts_on=start,
            ends_on=ends,
            probation_months=months,
            probation_ends_on=add_months(start, months) - timedelta(days=1) if months else None,
            signed_on=None if future else start - timedelta(days=rng.randint(0, 10)),
            status=Contract.Status.DRAFT if future else Contract.Status.ACTIVE,
            renews_previous=bool(plans),
        )
        plans.append(plan)
        if left_on is not None and (ends is None or left_on <= ends):
            # Ended early: the signed term stays as it was; the status says so.
            plan.status = Contract.Status.TERMINATED
            plan.ended_on, plan.end_reason = left_on, "员工离职"
            return plans
        if ends is None or ends >= today:
            return plans
        plan.status, plan.ended_on = Contract.Status.ENDED, ends
        start, fixed_terms, term_years = ends + timedelta(days=1), fixed_terms + 1, 3
