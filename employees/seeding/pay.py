"""The pay seed: what each seeded employee is paid, so `manage.py seed --employees E`
gives a company whose payroll can run.

For every full-time employee: dated salary records from the first day (a starting
salary, annual raises on 1 April for some, a raise with a promotion, a new record in
the new city's pay group after a transfer between cities), each with its allowances
(transport, phone, a meal and a shift allowance per day worked, union dues after
tax); the hukou, a declared insurance base for a few; the special additional
deductions a share of them declared (pay_declared.py) and the month's one-off items:
bonuses, January's annual bonus, dormitory charges (pay_one_offs.py).

Dispatched and outsourced workers are paid by their agency, and interns and part-timers
are paid outside the monthly payroll (labour remuneration, hourly pay): the seed pays
only the full-time employees, as the monthly run computes a full-time employee's pay.
Draws come from their own stream (`{seed}-pay`), so the rest of the seed is the same with
or without pay, and the pay the same for the same seed.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from employees.models import Assignment, EmploymentType
from employees.seeding.pay_catalogue import PaySetup
from employees.seeding.pay_declared import declared_draw
from employees.seeding.pay_drafts import EmployeePay, RecordDraft
from employees.seeding.pay_one_offs import one_offs_draw
from employees.seeding.pay_writer import pay_write
from employees.seeding.plan import EmployeePlan, Job

RAISE_DAY = (4, 1)  # the annual review's raises take effect on 1 April

# Monthly base salary bands by grade (yuan, low–high), for an office in Shanghai or
# Beijing: the made-up company's pay scale, roughly what such jobs pay there.
GRADE_BANDS: dict[str, tuple[int, int]] = {
    "M5": (80_000, 120_000),
    "M3": (40_000, 60_000),
    "M2": (25_000, 38_000),
    "P7": (35_000, 48_000),
    "P6": (24_000, 34_000),
    "P5": (16_000, 24_000),
    "P4": (10_000, 15_000),
    "P3": (7_000, 10_000),
    "S4": (13_000, 19_000),
    "S3": (8_500, 13_000),
    "S2": (6_000, 9_000),
    "S1": (4_200, 6_000),
}
OTHER_GRADE = (8_000, 15_000)
REGION_FACTOR = {"shenzhen": 0.9}
PLANT_FLOOR_FACTOR = 0.75  # the plant's S grades: production work pays less than sales
# Share of employees with the city's household registration.
LOCAL_HUKOU = {"shenzhen": 0.35}
LOCAL_HUKOU_ELSEWHERE = 0.6
DECLARED_BASE_SHARE = 0.06
UNION_SHARE = {"plant": 0.7}
UNION_SHARE_ELSEWHERE = 0.4

REASONS = {
    "hire": ("入职定薪", "Starting salary"),
    "raise": ("年度调薪", "Annual raise"),
    "promotion": ("晋升调薪", "Raise with the promotion"),
    "transfer": ("调动", "Transfer to another city"),
}


@dataclass(frozen=True)
class PaySeed:
    setup: PaySetup
    seed: int


def pay_seed_write(
    people: list[EmployeePlan], ids: list[int], pay: PaySeed, now: datetime
) -> dict[str, int]:
    """Draw and write the pay of the plan's people (`ids`: their keys, by index)."""
    rng = random.Random(f"{pay.seed}-pay")  # noqa: S311 - reproducible made-up data
    return pay_write(pay_plan(people, pay.setup, rng), ids, pay.setup, now)


def pay_plan(people: list[EmployeePlan], setup: PaySetup, rng: random.Random) -> list[EmployeePay]:
    """The pay of every full-time employee whose work location's city has a pay group."""
    planned = []
    for person in people:
        if person.employment_type != EmploymentType.FULL_TIME:
            continue
        pay = _employee_pay(person, setup, rng)
        if pay is not None:
            planned.append(pay)
    return planned


def _employee_pay(person: EmployeePlan, setup: PaySetup, rng: random.Random) -> EmployeePay | None:
    jobs = _jobs_from_hire(person)
    regions = [setup.region_by_location.get(job.location_id or 0, "") for _day, job, _c in jobs]
    if not all(region in setup.group_by_region for region in regions):
        return None
    grade, family = setup.positions.get(jobs[-1][1].position_id, ("", ""))
    region = regions[-1]
    records = _records(person, jobs, regions, _base_now(rng, grade, family, region), setup, rng)
    pay = EmployeePay(
        index=person.index,
        records=records,
        local_hukou=rng.random() < LOCAL_HUKOU.get(regions[0], LOCAL_HUKOU_ELSEWHERE),
        allowances=_allowances(rng, grade, family),
        union_member=rng.random() < UNION_SHARE.get(family, UNION_SHARE_ELSEWHERE),
    )
    if rng.random() < DECLARED_BASE_SHARE:
        # Last year's average wage with its bonuses, as declared to the insurance agency.
        latest = records[-1]
        latest.insurance_base = Decimal(round(latest.base * rng.uniform(1.05, 1.3)))
    pay.declared = declared_draw(person, pay, setup, rng)
    pay.one_offs = one_offs_draw(person, pay, family, setup, rng)
    return pay


def _jobs_from_hire(person: EmployeePlan) -> list[tuple[date, Job, str]]:
    """The job records from the first day on, one a day (a pre-boarding row and the
    start both fall on the first day)."""
    by_day: dict[date, tuple[date, Job, str]] = {}
    for row in person.rows:
        day = max(row.valid_from, person.hire)
        by_day[day] = (day, row.job, row.change)
    return [by_day[day] for day in sorted(by_day)]


def _base_now(rng: random.Random, grade: str, family: str, region: str) -> int:
    low, high = GRADE_BANDS.get(grade, OTHER_GRADE)
    factor = REGION_FACTOR.get(region, 1.0)
    if family == "plant" and grade.startswith("S"):
        factor *= PLANT_FLOOR_FACTOR
    return _hundreds(rng.uniform(low, high) * factor)


def _hundreds(amount: float) -> int:
    return max(round(amount / 100) * 100, 100)


def _records(
    person: EmployeePlan,
    jobs: list[tuple[date, Job, str]],
    regions: list[str],
    base_now: int,
    setup: PaySetup,
    rng: random.Random,
) -> list[RecordDraft]:
    """From the first day: a record for each change of pay (raises, promotions) or of
    city, the latest at `base_now`, earlier ones worked back from it."""
    hire = person.hire
    # Day -> (the raise that day, the city from that day, why).
    changes: dict[date, tuple[float, str, str]] = {}
    before = [regions[0], *regions[:-1]]
    for (day, _job, change), region, previous_region in zip(jobs, regions, before, strict=True):
        if day == hire:
            continue
        if change == Assignment.Change.PROMOTION:
            changes[day] = (rng.uniform(0.10, 0.20), region, "promotion")
        elif region != previous_region:
            changes[day] = (0.0, region, "transfer")
    last_day = min(setup.today, person.left_on) if person.left_on else setup.today
    for year in range(hire.year + 1, last_day.year + 1):
        day = date(year, *RAISE_DAY)
        if hire + timedelta(days=365) <= day <= last_day and rng.random() < 0.55:
            raised, region, why = changes.get(day, (0.0, _region_on(day, jobs, regions), ""))
            changes[day] = (raised + rng.uniform(0.03, 0.10), region, why or "raise")
    records = [RecordDraft(hire, regions[0], 0, _reason("hire", setup))]
    records += [
        RecordDraft(day, region, 0, _reason(why, setup))
        for day, (_raised, region, why) in sorted(changes.items())
    ]
    records[-1].base = base_now
    for earlier, later in reversed(list(pairwise(records))):
        earlier.valid_to = later.valid_from
        earlier.base = _hundreds(later.base / (1 + changes[later.valid_from][0]))
    return records


def _region_on(day: date, jobs: list[tuple[date, Job, str]], regions: list[str]) -> str:
    found = regions[0]
    for (start, _job, _change), region in zip(jobs, regions, strict=True):
        if start <= day:
            found = region
    return found


def _reason(why: str, setup: PaySetup) -> str:
    zh, en = REASONS[why]
    return en if setup.english else zh


def _allowances(rng: random.Random, grade: str, family: str) -> dict[str, Decimal]:
    """The allowances of the job's family: the plant pays a shift allowance and a
    smaller meal allowance (its canteen is subsidised), sales and managers a phone."""
    found: dict[str, Decimal] = {}
    if family == "plant":
        found["transport"] = Decimal(200)
        found["meal"] = Decimal(15)
        if grade in ("S1", "S2"):
            found["shift"] = Decimal(rng.choice((20, 25, 30)))
    else:
        found["transport"] = Decimal(rng.choice((300, 400, 500, 600, 800)))
        found["meal"] = Decimal(30 if family in ("tech", "sales") else 25)
    if family == "sales" or grade.startswith("M"):
        found["phone"] = Decimal(rng.choice((200, 300, 500)))
    return found
