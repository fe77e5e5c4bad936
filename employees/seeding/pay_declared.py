"""What seeded employees declared for their income tax: special additional deductions
(专项附加扣除) and this tax year's flags.

The amounts are the rule's (`tax.special_additional_deductions` in force on the seed's
day): a child's education at the rule's amount per child times the parent's share, an
only child's support of elderly parents or a sibling's share of it, housing-loan
interest or (never with it) rent at the city's amount, continuing education. Who
declares what follows age, from the birthday in the ID number.
"""

import random
from datetime import date
from decimal import Decimal
from typing import Any

from employees.models import TaxDeduction
from employees.seeding.pay_catalogue import PaySetup
from employees.seeding.pay_drafts import Declared, Deduction, EmployeePay
from employees.seeding.plan import EmployeePlan

Item = TaxDeduction.Item
# Beijing and Shanghai are municipalities, Shenzhen a city specially designated in the
# state plan: rent is deducted at the rule's highest tier in all three.
RENT_TIER = {
    "beijing": "capital_or_designated",
    "shanghai": "capital_or_designated",
    "shenzhen": "capital_or_designated",
}
RENT_TIER_ELSEWHERE = "over_1m"
WORKDAYS_A_MONTH = Decimal("21.75")  # to estimate last year's wages with the per-day allowances
FIRST_JOB_SHARE = 0.4  # of this year's joiners: graduates and people back to work


def declared_draw(
    person: EmployeePlan, pay: EmployeePay, setup: PaySetup, rng: random.Random
) -> Declared:
    today = setup.today
    age = today.year - int(person.person.id_number[6:10])
    # Declared for the tax year before last at the latest, or from the first month here.
    since = max(date(today.year - 1, 1, 1), person.hire.replace(day=1))
    rules = setup.special_deductions
    deductions = [
        Deduction(item, monthly, details, since)
        for item, monthly, details in _items(rng, age, pay.records[-1].region, rules)
    ]
    hired_this_year = today.year == person.hire.year and person.hire <= today
    return Declared(
        deductions=deductions,
        first_job_this_year=hired_this_year and rng.random() < FIRST_JOB_SHARE,
        prior_year_low_income=_low_income_last_year(person, pay, setup),
    )


def _items(
    rng: random.Random, age: int, region: str, rules: dict[str, Any]
) -> list[tuple[str, Decimal, dict[str, Any]]]:
    found: list[tuple[str, Decimal, dict[str, Any]]] = []
    for item, children, low, high, share in (
        (Item.CHILDREN_EDUCATION, rng.choice((1, 1, 1, 2)), 30, 50, 0.45),
        (Item.INFANT_CARE, 1, 25, 40, 0.12),
    ):
        if low <= age <= high and rng.random() < share:
            rule = rules[item]
            parent_share = rng.choice(rule["parent_shares"])
            monthly = Decimal(rule["monthly_per_child"]) * children * Decimal(parent_share)
            found.append((item, monthly, {"children": children, "share": parent_share}))
    if age >= 28 and rng.random() < 0.35:
        rule = rules[Item.ELDERLY_SUPPORT]
        siblings = rng.choice((1, 1, 2, 3))
        if siblings == 1:
            monthly = Decimal(rule["monthly_only_child"])
        else:
            # Siblings split the only child's amount, each taking at most the cap.
            even = Decimal(rule["monthly_only_child"]) / siblings
            monthly = min(even, Decimal(rule["monthly_shared_max_each"]))
        found.append((Item.ELDERLY_SUPPORT, monthly, {"siblings": siblings}))
    if age >= 27 and rng.random() < 0.18:
        monthly = Decimal(rules[Item.HOUSING_LOAN_INTEREST]["monthly"])
        found.append((Item.HOUSING_LOAN_INTEREST, monthly, {"first_home": True}))
    elif age < 40 and rng.random() < 0.3:
        tier = RENT_TIER.get(region, RENT_TIER_ELSEWHERE)
        monthly = Decimal(rules[Item.RENT]["monthly_by_city"][tier])
        found.append((Item.RENT, monthly, {"city": region, "tier": tier}))
    if age < 35 and rng.random() < 0.04:
        monthly = Decimal(rules[Item.CONTINUING_EDUCATION]["monthly_academic"])
        found.append((Item.CONTINUING_EDUCATION, monthly, {"kind": "academic"}))
    return found


def _low_income_last_year(person: EmployeePlan, pay: EmployeePay, setup: PaySetup) -> bool:
    """Employed here all last year on wages of at most the rule's threshold (the wage in
    force at the year's end, its allowances included: raises only add to it)."""
    threshold = setup.low_income_threshold
    year_start = date(setup.today.year - 1, 1, 1)
    if threshold is None or person.hire > year_start:
        return False
    if person.left_on is not None and person.left_on < setup.today:
        return False
    year_end = date(setup.today.year - 1, 12, 31)
    record = next(r for r in reversed(pay.records) if r.valid_from <= year_end)
    daily = pay.allowances.get("meal", Decimal(0)) + pay.allowances.get("shift", Decimal(0))
    fixed = pay.allowances.get("transport", Decimal(0)) + pay.allowances.get("phone", Decimal(0))
    monthly = record.base + fixed + daily * WORKDAYS_A_MONTH
    return monthly * 12 <= threshold
