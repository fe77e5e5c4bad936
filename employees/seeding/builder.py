"""Seed employees, fast: `python manage.py seed --employees N`.

Steps: make sure the demo organisation exists and add teams under it
(vocabulary.TEAMS) and their positions; plan N employees (plan.py): heads,
leads and members, their dated job records and contracts by the legal rules,
some of them hired through the pipeline with their AI interview carried over
as skill evidence; with them, what happened lately (outcomes.py): the probation
reviews of the last twelve months in closed monthly cycles (a pipeline hire's
rating following their AI interview), the probation decisions and the leavers,
each with its Outcome; and their pay (pay.py): salary records in a pay group of
their city, allowances, declared tax deductions and one-off items for the full-time
employees, the demo locations given their city's rules region; write everything with
COPY (writer.py, reviews.py, pay_writer.py); set each position's headcount to at
least the people in it today.

The write services are bypassed on purpose, as in recruiting's seed: a call
per employee would take an hour for 50,000, and their audit rows and outbound
events (`employee.hired`) would report a history nobody made. What the services
guarantee is kept: one job record in force on any day from the first day on
(rows contiguous, no overlap), managers form a tree, contracts follow the rules
in `LegalRule` (probation within the limit for the term, once; open-ended after
the rule's consecutive fixed terms or years), and evidence links to its carried
assessment. One transaction: the seed lands whole or not at all.
"""

import random
import time
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from employees.models import (
    Assignment,
    Contract,
    Employee,
    Goal,
    HiredAssessment,
    HiredDimensionScore,
    HireSnapshot,
    Outcome,
    PayItem,
    Position,
    ProbationReview,
    Review,
    SalaryItem,
    SalaryRecord,
    SkillEvidence,
    TaxDeduction,
    TaxYear,
)
from employees.numbers import employee_numbers_next
from employees.seeding.contracts import Rules
from employees.seeding.outcomes import OutcomeDraw
from employees.seeding.pay import PaySeed
from employees.seeding.pay_catalogue import pay_setup_ensure
from employees.seeding.plan import PipelineHire, Progress, Seat, employees_plan
from employees.seeding.reviews import review_template_ensure
from employees.seeding.vocabulary import KIND_BY_TOP, POSITIONS, TEAMS
from employees.seeding.writer import plan_write
from employees.services.skills import competency_by_dimension
from hrflow.core.pgcopy import bulk_load_locking_tables
from hrflow.org.demo import DEMO_DEPARTMENTS, demo_language, demo_org_ensure
from hrflow.org.models import Department, Location
from hrflow.org.services import department_create

LOADED = (
    Employee,
    Assignment,
    Contract,
    HiredAssessment,
    HiredDimensionScore,
    SkillEvidence,
    HireSnapshot,
    Review,
    Goal,
    ProbationReview,
    Outcome,
    SalaryRecord,
    SalaryItem,
    TaxDeduction,
    TaxYear,
    PayItem,
)
DEMO_CODES = {code for code, *_rest in DEMO_DEPARTMENTS}
CEO_POSITION = ("ceo", "总经理", "Chief Executive Officer", "M5")


class EmployeeSeedError(Exception):
    """The seed cannot run here; the message says why and what to do."""


@dataclass(frozen=True)
class EmployeeSeedSummary:
    rows: dict[str, int]
    seconds: float


def seed_employees(
    *,
    count: int,
    today: date,
    seed: int = 1,
    force: bool = False,
    hires: Sequence[PipelineHire] = (),
    progress: Progress | None = None,
    outcomes: bool = True,
    pay: bool = True,
) -> EmployeeSeedSummary:
    """Seed `count` employees; refuse a database that has employees unless `force`.

    With `outcomes`, also what happened lately (outcomes.py): the probation reviews
    of the last months in closed cycles, the probation decisions and the leavers,
    with their Outcome rows. The demo, which tells its own performance story
    through the services (recruiting.demo.performance), leaves them out."""
    if count < 0:
        raise EmployeeSeedError("Give zero or more employees.")
    started = time.monotonic()
    report = progress or (lambda phase, done, total: None)
    rng = random.Random(seed)  # noqa: S311 - reproducible made-up data, not secrets
    with transaction.atomic():
        existing = Employee.objects.count()
        if existing and not force:
            raise EmployeeSeedError(
                f"This database already holds {existing} employees, and the seed would mix "
                "made-up people in with them. Seed an empty database, or pass --force to add "
                "to what is there."
            )
        demo_org_ensure()
        seats = _seats_ensure()
        # Its own stream: the rest of the plan draws the same with or without it.
        outcome_rng = random.Random(f"{seed}-outcomes")  # noqa: S311 - made-up data
        plan = employees_plan(
            rng,
            count=count,
            seats=seats,
            today=today,
            rules=Rules.load(today),
            hires=list(hires),
            report=report,
            outcomes=OutcomeDraw(outcome_rng, today) if outcomes else None,
        )
        setup = review_template_ensure() if outcomes else None
        english = demo_language() == "en"
        paid = PaySeed(pay_setup_ensure(today=today, english=english), seed) if pay else None
        numbers = employee_numbers_next(len(plan.employees))
        fresh = not existing
        with bulk_load_locking_tables(LOADED) if fresh else nullcontext():
            rows = plan_write(
                plan,
                numbers=numbers,
                competencies=competency_by_dimension(),
                report=report,
                reviews=setup,
                pay=paid,
            )
            report("indexes and keys", 0, 1)
        report("indexes and keys", 1, 1)
        _headcounts_cover(today)
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in LOADED)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
    return EmployeeSeedSummary(rows=rows, seconds=time.monotonic() - started)


def _seats_ensure() -> list[Seat]:
    """The departments employees go into, parents first, each with its positions
    (teams made and positions added where missing)."""
    english = demo_language() == "en"
    by_code = {d.code: d for d in Department.objects.all()}
    for parent, code, name_zh, name_en, _weight, _location in TEAMS:
        if code not in by_code and parent in by_code:
            by_code[code] = department_create(
                name=name_en if english else name_zh, code=code, parent=by_code[parent]
            )
    locations = dict(Location.objects.values_list("code", "pk"))
    weights = {code: (weight, location) for _p, code, _z, _e, weight, location in TEAMS}
    tree = sorted(
        (
            d
            for d in by_code.values()
            if d.is_active and (d.code in weights or d.code in DEMO_CODES)
        ),
        key=lambda d: (d.depth, d.path),
    )
    seats = []
    for department in tree:
        weight, location_code = weights.get(department.code, (0, "sh-hq"))
        is_team = department.code in weights
        seats.append(
            Seat(
                department_id=department.pk,
                parent_id=department.parent_id,
                is_team=is_team,
                location_id=locations.get(location_code),
                location_code=location_code,
                positions=_positions_ensure(department, by_code, is_team, english),
                weight=weight,
                code=department.code,
            )
        )
    return seats


def _positions_ensure(
    department: Department, by_code: dict[str, Department], is_team: bool, english: bool
) -> dict[str, tuple[int, str]]:
    top = _top_code(department, by_code)
    kinds = POSITIONS[KIND_BY_TOP.get(top, "office")]
    wanted = kinds if is_team else kinds[:1]
    if department.parent_id is None:
        wanted = (CEO_POSITION,)
    found: dict[str, tuple[int, str]] = {}
    for slug, zh, en, grade in wanted:
        code = f"{department.code}-{slug}"[:40]
        title = en if english else zh
        position, _created = Position.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "department": department,
                "grade": grade,
                "job_family": KIND_BY_TOP.get(top, "office"),
                "headcount": 1,
            },
        )
        found["head" if department.parent_id is None else slug] = (position.pk, position.title)
    return found


def _top_code(department: Department, by_code: dict[str, Department]) -> str:
    """The code of the department's ancestor just under the top (itself at depth 0 or 1)."""
    ids = [int(part) for part in department.path.strip("/").split("/") if part]
    if len(ids) < 2:
        return department.code
    second = ids[1]
    return next((d.code for d in by_code.values() if d.pk == second), department.code)


def _headcounts_cover(today: date) -> None:
    """Every position has at least as many seats as people in it today (plus a vacancy
    in some, so the org shows open seats)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE employees_position p
            SET headcount = LEAST(GREATEST(p.headcount, f.filled + (p.id %% 3 = 0)::int), 32767)
            FROM (
                SELECT position_id, count(*) AS filled FROM employees_assignment
                WHERE valid_from <= %s AND (valid_to IS NULL OR valid_to > %s)
                  AND position_id IS NOT NULL
                GROUP BY position_id
            ) f
            WHERE f.position_id = p.id
            """,
            [today, today],
        )
