"""The one-off pay items of seeded employees: January's annual bonus for many of those
here all last year (taxed separately while the rule allows it, for most), a sales
commission or a project bonus in one of the last three months for some, and the plant
dormitory's utilities taken off after tax each month from those who live in it."""

import random
from datetime import date
from decimal import Decimal

from employees.models import PayItem
from employees.pay.income_tax import bonus_separate_available
from employees.pay.periods import month_last, previous_month
from employees.seeding.pay_catalogue import PaySetup
from employees.seeding.pay_drafts import EmployeePay, OneOffDraft
from employees.seeding.plan import EmployeePlan

Kind = PayItem.Kind
BonusTax = PayItem.BonusTax
RECENT_MONTHS = 3
ANNUAL_BONUS_SHARE = {"plant": 0.3}
ANNUAL_BONUS_SHARE_ELSEWHERE = 0.6
MERGED_SHARE = 0.15  # those whose annual bonus is taxed with January's wages (cheaper for some)
DORMITORY_SHARE = 0.15
NOTES = {
    "annual_bonus": ("{year}年度年终奖", "Annual bonus {year}"),
    "commission": ("销售提成", "Sales commission"),
    "project": ("项目奖金", "Project bonus"),
    "dormitory": ("宿舍水电费", "Dormitory utilities"),
}


def one_offs_draw(
    person: EmployeePlan, pay: EmployeePay, family: str, setup: PaySetup, rng: random.Random
) -> list[OneOffDraft]:
    drafts = _annual_bonus(person, pay, family, setup, rng)
    months = [setup.today.replace(day=1)]
    while len(months) < RECENT_MONTHS:
        months.insert(0, previous_month(months[0]))
    dormitory = family == "plant" and rng.random() < DORMITORY_SHARE
    for month in months:
        if not _employed_in(person, month):
            continue
        if rng.random() < (0.15 if family == "sales" else 0.03):
            why, hundreds = ("commission", (10, 80)) if family == "sales" else ("project", (5, 50))
            amount = Decimal(rng.randint(*hundreds) * 100)
            drafts.append(OneOffDraft(month, Kind.BONUS, amount, True, "", _note(why, setup)))
        if dormitory:
            amount = Decimal(rng.randint(60, 150))
            note = _note("dormitory", setup)
            drafts.append(OneOffDraft(month, Kind.DEDUCTION, amount, False, "", note))
    return drafts


def _annual_bonus(
    person: EmployeePlan, pay: EmployeePay, family: str, setup: PaySetup, rng: random.Random
) -> list[OneOffDraft]:
    january = date(setup.today.year, 1, 1)
    last_year_end = date(january.year - 1, 12, 31)
    # Here since last autumn at least, and still here when January is paid.
    if person.hire > date(january.year - 1, 10, 1) or not _employed_in(person, january):
        return []
    if rng.random() >= ANNUAL_BONUS_SHARE.get(family, ANNUAL_BONUS_SHARE_ELSEWHERE):
        return []
    months = rng.choice((1, 1.5, 2, 3))
    amount = Decimal(round(pay.base_on(last_year_end) * months / 100) * 100)
    separate = setup.bonus_separate_until is not None and bonus_separate_available(
        month_last(january), separate_until=setup.bonus_separate_until
    )
    bonus_tax = (
        BonusTax.MERGED if not separate or rng.random() < MERGED_SHARE else BonusTax.SEPARATE
    )
    note = _note("annual_bonus", setup).format(year=january.year - 1)
    return [OneOffDraft(january, Kind.ANNUAL_BONUS, amount, True, bonus_tax, note)]


def _employed_in(person: EmployeePlan, month: date) -> bool:
    return person.hire <= month_last(month) and (person.left_on is None or person.left_on >= month)


def _note(why: str, setup: PaySetup) -> str:
    zh, en = NOTES[why]
    return en if setup.english else zh
