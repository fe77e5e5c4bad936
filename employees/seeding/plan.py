"""Plan the employees in memory: who sits where, who reports to whom, their dated job
records and contracts. The writer turns the plan into rows.

The org: every department has a head; a head reports to the head of the parent
department (the top department's head to nobody). Teams (the leaf departments)
hold leads, about one for every ten members, and the members report to a lead.
Heads and leads joined early and stay; members joined over the last six years
(more of them recently), some moved team or were promoted, some left. Pipeline
hires take members' seats in a team of the department they were hired for.
"""

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from employees.models import Assignment, EmployeeStatus, EmploymentType
from employees.seeding.contracts import ContractPlan, Rules, add_months, contracts_plan
from employees.seeding.outcomes import LeavingPlan, OutcomeDraw, ProbationPlan
from employees.seeding.people import People, Person

Progress = Callable[[str, int, int], None]
SPAN = 10  # members per lead
MEMBER_YEARS = 6


# A few members start so that their probation ends within the next ten days,
# whatever day the seed runs: the probation review (opened 14 days before the end)
# is due now, so HR always has a decision to make and the demo always shows one.
PROBATIONS_DUE = 3
PROBATION_DUE_DAYS = (3, 10)


@dataclass(frozen=True)
class PipelineScore:
    dimension_code: str
    vendor_label: str
    score: Decimal
    pool_percentile: Decimal | None
    pool_size: int | None


@dataclass(frozen=True)
class PipelineHire:
    """A hired application the seed turns into an employee with AI skills evidence
    (built by recruiting's seed from its own rows: employees never reads recruiting)."""

    application_id: int
    candidate_id: int
    full_name: str
    phone: str
    email: str
    job_title: str
    hired_at: datetime
    assessment_id: int
    vendor: str
    completed_at: datetime
    overall_score: Decimal | None
    scores: tuple[PipelineScore, ...]
    department_id: int | None = None  # of the job they were hired for
    start_date: date | None = None  # of the accepted offer: their first day


@dataclass(frozen=True)
class Seat:
    """A department of the seed's org, with its positions (slug -> (id, title))."""

    department_id: int
    parent_id: int | None
    is_team: bool
    location_id: int | None
    location_code: str
    positions: dict[str, tuple[int, str]]
    weight: int = 0
    code: str = ""  # the department's


@dataclass(frozen=True)
class Job:
    department_id: int
    position_id: int
    manager: int | None  # index into the plan's people
    location_id: int | None
    job_title: str


@dataclass
class Row:
    valid_from: date
    job: Job
    status: str
    change: str
    valid_to: date | None = None


@dataclass
class EmployeePlan:
    index: int
    person: Person
    hire: date
    employment_type: str
    job: Job
    rows: list[Row] = field(default_factory=list)
    contracts: list[ContractPlan] = field(default_factory=list)
    left_on: date | None = None
    hired: PipelineHire | None = None
    # Outcomes of the last months (outcomes.py), when the seed writes them.
    probation: ProbationPlan | None = None
    leaving: LeavingPlan | None = None


@dataclass
class Plan:
    employees: list[EmployeePlan] = field(default_factory=list)
    # Members still to date so their probation ends in the coming days (see _add).
    probations_due: int = PROBATIONS_DUE
    outcomes: OutcomeDraw | None = None


def employees_plan(
    rng: random.Random,
    *,
    count: int,
    seats: list[Seat],
    today: date,
    rules: Rules,
    hires: list[PipelineHire],
    report: Progress,
    outcomes: OutcomeDraw | None = None,
) -> Plan:
    """`count` employees over `seats` (departments in tree order, parents first); with
    `outcomes`, the probation reviews and leavers of the last months too."""
    people = People(rng)
    plan = Plan(outcomes=outcomes)
    head_of: dict[int, int] = {}
    teams = [seat for seat in seats if seat.is_team]
    # Heads first, in tree order, while there are people for them.
    for seat in seats[:count]:
        manager = head_of.get(seat.parent_id) if seat.parent_id else None
        years = 12 if manager is None else rng.randint(6, 11)
        job = _seat_job(seat, "head", manager)
        hire = today - timedelta(days=years * 365 + rng.randint(0, 300))
        head_of[seat.department_id] = _add(plan, people, rng, hire, job, seat, rules, today).index
    members = count - len(plan.employees)
    shares = _shares(members, teams)
    hires_by_team = _hires_seat(hires, seats, teams, shares)
    for team, share in zip(teams, shares, strict=True):
        _team_plan(plan, people, rng, team, share, head_of, hires_by_team, teams, rules, today)
        report("employees planned", len(plan.employees), count)
    return plan


def _seat_job(seat: Seat, slug: str, manager: int | None) -> Job:
    position_id, title = seat.positions[slug]
    return Job(seat.department_id, position_id, manager, seat.location_id, title)


def _shares(members: int, teams: list[Seat]) -> list[int]:
    total = sum(team.weight for team in teams) or 1
    shares = [members * team.weight // total for team in teams]
    for index in range(members - sum(shares)):
        shares[index % len(shares)] += 1
    return shares


def _leads_count(share: int) -> int:
    return (share + SPAN) // (SPAN + 1) if share >= 3 else 0


def _hires_seat(
    hires: list[PipelineHire], seats: list[Seat], teams: list[Seat], shares: list[int]
) -> dict[int, list[PipelineHire]]:
    """Seat each hire in a team of the department they were hired for (that team, or
    one below it), else in any team: the one with the most members' seats still free.
    Hires beyond the members' seats are left for a later seed."""
    parent = {seat.department_id: seat.parent_id for seat in seats}
    free = {
        team.department_id: share - _leads_count(share)
        for team, share in zip(teams, shares, strict=True)
    }
    seated: dict[int, list[PipelineHire]] = {team.department_id: [] for team in teams}

    def within(department_id: int | None, ancestor: int | None) -> bool:
        while department_id is not None:
            if department_id == ancestor:
                return True
            department_id = parent.get(department_id)
        return False

    for hire in hires:
        open_teams = [team for team in teams if free[team.department_id] > 0]
        if not open_teams:
            break
        inside = [team for team in open_teams if within(team.department_id, hire.department_id)]
        team = max(inside or open_teams, key=lambda team: free[team.department_id])
        seated[team.department_id].append(hire)
        free[team.department_id] -= 1
    return seated


def _team_plan(
    plan: Plan,
    people: People,
    rng: random.Random,
    team: Seat,
    share: int,
    head_of: dict[int, int],
    hires_by_team: dict[int, list["PipelineHire"]],
    teams: list[Seat],
    rules: Rules,
    today: date,
) -> None:
    head = head_of.get(team.department_id)
    leads_count = _leads_count(share)
    leads = []
    for _ in range(leads_count):
        job = _seat_job(team, "lead", head)
        hire = today - timedelta(days=rng.randint(4 * 365, 9 * 365))
        leads.append(_add(plan, people, rng, hire, job, team, rules, today).index)
    member_slugs = [slug for slug in team.positions if slug not in ("head", "lead")]
    pipeline = hires_by_team.get(team.department_id, [])
    for number in range(share - leads_count):
        manager = leads[number % len(leads)] if leads else head
        slug = member_slugs[min(int(rng.expovariate(1.2)), len(member_slugs) - 1)]
        hired = pipeline.pop() if pipeline else None
        position_id, title = team.positions[slug]
        job = Job(team.department_id, position_id, manager, team.location_id, title)
        if hired is not None and hired.start_date is not None:
            hire = hired.start_date
        elif hired is not None:
            hire = hired.hired_at.date() + timedelta(days=rng.randint(7, 30))
            # The seat they were hired for, where the team has one of that title.
            slug = next((s for s in member_slugs if team.positions[s][1] == hired.job_title), slug)
            position_id = team.positions[slug][0]
            job = Job(team.department_id, position_id, manager, team.location_id, hired.job_title)
        else:
            hire = _member_hire(rng, today)
        _add(
            plan, people, rng, hire, job, team, rules, today, member=True, hired=hired, teams=teams
        )


def _member_hire(rng: random.Random, today: date) -> date:
    if rng.random() < 0.005:
        return today + timedelta(days=rng.randint(1, 30))  # pre-boarding
    days = min(int(rng.expovariate(1 / (1.8 * 365))), MEMBER_YEARS * 365)
    return today - timedelta(days=days)


def _employment_type(rng: random.Random, team: Seat, member: bool) -> str:
    if not member:
        return EmploymentType.FULL_TIME
    draw = rng.random()
    if team.location_code == "sz-plant":
        cut = (
            (0.76, EmploymentType.FULL_TIME),
            (0.86, EmploymentType.DISPATCHED),
            (0.95, EmploymentType.OUTSOURCED),
            (1.0, EmploymentType.INTERN),
        )
    else:
        cut = (
            (0.88, EmploymentType.FULL_TIME),
            (0.93, EmploymentType.INTERN),
            (0.97, EmploymentType.PART_TIME),
            (1.0, EmploymentType.OUTSOURCED),
        )
    return next(kind for limit, kind in cut if draw < limit)


def _add(
    plan: Plan,
    people: People,
    rng: random.Random,
    hire: date,
    job: Job,
    seat: Seat,
    rules: Rules,
    today: date,
    *,
    member: bool = False,
    hired: PipelineHire | None = None,
    teams: list[Seat] | None = None,
) -> EmployeePlan:
    kind = EmploymentType.FULL_TIME if hired else _employment_type(rng, seat, member)
    if kind == EmploymentType.INTERN and hire < today - timedelta(days=300):
        hire = today - timedelta(days=rng.randint(30, 300))
    person = people.person(location_code=seat.location_code, born=people.birthday(hire))
    if hired is not None:
        person = Person(
            hired.full_name,
            person.sex,
            person.email_name,
            hired.phone or person.phone,
            person.id_number,
            person.address,
            person.city,
        )
    employee = EmployeePlan(len(plan.employees), person, hire, kind, job, hired=hired)
    tenure = (today - hire).days
    if member and hired is None and tenure > 365 and rng.random() < 0.07:
        employee.left_on = hire + timedelta(days=rng.randint(180, tenure - 1))
    if kind == EmploymentType.FULL_TIME:
        drawn = rng.getstate()
        employee.contracts = contracts_plan(
            rng, rules, hire=hire, left_on=employee.left_on, today=today
        )
        months = employee.contracts[0].probation_months
        if member and hired is None and months and plan.probations_due > 0:
            plan.probations_due -= 1
            employee.hire, employee.left_on = _hire_for_probation_due(rng, today, months), None
            # The same draws again: the same term and probation, from the new start.
            rng.setstate(drawn)
            employee.contracts = contracts_plan(
                rng, rules, hire=employee.hire, left_on=None, today=today
            )
        elif member and plan.outcomes is not None:
            planned = employee.left_on
            _outcomes(plan.outcomes, employee, seat)
            if employee.left_on != planned:
                # The same draws again: the same terms, the contract ended on the last day.
                rng.setstate(drawn)
                employee.contracts = contracts_plan(
                    rng, rules, hire=hire, left_on=employee.left_on, today=today
                )
    if member and plan.outcomes is not None and employee.leaving is None:
        left_on = employee.left_on
        if left_on is not None and left_on >= plan.outcomes.start:
            employee.leaving = plan.outcomes.leaver(left_on)  # the plan's older leavers
    employee.rows = _history(rng, employee, today, member=member, teams=teams or [])
    plan.employees.append(employee)
    return employee


def _outcomes(draw: OutcomeDraw, employee: EmployeePlan, seat: Seat) -> None:
    """The probation review and decision of someone whose probation ended lately, and
    whether they left since (outcomes.py): a leaver's last day becomes `left_on`."""
    hired = employee.hired
    measure = draw.measure(hired.overall_score if hired else None)
    months = employee.contracts[0].probation_months
    probation = draw.probation(hire=employee.hire, months=months, measure=measure, team=seat.code)
    planned = employee.left_on  # an older leaver of the plan's own
    if probation is None or (planned is not None and planned <= probation.ends_on):
        return
    employee.probation = probation
    leaving = draw.leaving(hire=employee.hire, probation=probation)
    if leaving is not None and (planned is None or leaving.on < planned):
        employee.leaving, employee.left_on = leaving, leaving.on


def _hire_for_probation_due(rng: random.Random, today: date, months: int) -> date:
    """A start day whose probation of `months` ends PROBATION_DUE_DAYS from today.

    Counted forward from the start as the contract counts it (add_months, then the
    day before): counting back from the wanted end is not its inverse at month ends
    (31 March less a month is 28 February, whose month ends 27 March)."""
    low, high = (today + timedelta(days=days) for days in PROBATION_DUE_DAYS)
    hire = add_months(today + timedelta(days=rng.randint(*PROBATION_DUE_DAYS) + 1), -months)

    def ends(start: date) -> date:
        return add_months(start, months) - timedelta(days=1)

    # The end moves with the start by at most a few days a step, never past the window.
    while ends(hire) < low:
        hire += timedelta(days=1)
    while ends(hire) > high:
        hire -= timedelta(days=1)
    return hire


def _history(
    rng: random.Random, employee: EmployeePlan, today: date, *, member: bool, teams: list[Seat]
) -> list[Row]:
    """The dated job records: hire, probation passed, a transfer or a promotion for some,
    leaving for a few; each row runs until the next one starts."""
    hire, job = employee.hire, employee.job
    probation = employee.contracts[0].probation_months if employee.contracts else 0
    first = job
    tenure = (today - hire).days
    changes: list[tuple[date, str]] = []
    if member and tenure > 2 * 365 and teams and rng.random() < 0.12:
        other = rng.choice(teams)
        slug = next(slug for slug in other.positions if slug not in ("head", "lead"))
        first = Job(
            other.department_id,
            other.positions[slug][0],
            None,
            other.location_id,
            other.positions[slug][1],
        )
        changes.append(
            (hire + timedelta(days=rng.randint(365, tenure - 180)), Assignment.Change.TRANSFER)
        )
    elif member and tenure > 3 * 365 and rng.random() < 0.15:
        first = Job(
            job.department_id,
            job.position_id,
            job.manager,
            job.location_id,
            f"初级{job.job_title}" if not job.job_title.startswith("初级") else job.job_title,
        )
        changes.append(
            (hire + timedelta(days=rng.randint(2 * 365, tenure - 90)), Assignment.Change.PROMOTION)
        )
    if first.manager is None and first is not job:
        first = Job(
            first.department_id, first.position_id, job.manager, first.location_id, first.job_title
        )
    rows: list[Row] = []
    start_status = EmployeeStatus.PROBATION if probation else EmployeeStatus.REGULAR
    if hire > today:
        rows.append(Row(today, first, EmployeeStatus.PRE_BOARDING, Assignment.Change.HIRE))
        rows.append(Row(hire, first, start_status, Assignment.Change.START))
        return _chain(rows)
    rows.append(Row(hire, first, start_status, Assignment.Change.HIRE))
    passed = add_months(hire, probation)
    if probation and passed <= today and (employee.left_on is None or passed < employee.left_on):
        rows.append(Row(passed, first, EmployeeStatus.REGULAR, Assignment.Change.PROBATION_PASSED))
    for day, change in changes:
        if employee.left_on is None or day < employee.left_on:
            status = rows[-1].status if rows[-1].valid_from <= day else EmployeeStatus.REGULAR
            rows.append(Row(day, job, status, change))
    rows.sort(key=lambda row: row.valid_from)
    if employee.left_on is not None:
        rows.append(
            Row(employee.left_on, rows[-1].job, EmployeeStatus.LEFT, Assignment.Change.LEAVING)
        )
    elif member and tenure > 365 and rng.random() < 0.01:
        day = today - timedelta(days=rng.randint(0, 20))
        if day > rows[-1].valid_from:
            rows.append(Row(day, rows[-1].job, EmployeeStatus.LEAVING, Assignment.Change.LEAVING))
    return _chain(rows)


def _chain(rows: list[Row]) -> list[Row]:
    """One row per start day (the later wins), each running until the next."""
    by_day: dict[date, Row] = {}
    for row in sorted(rows, key=lambda row: row.valid_from):
        by_day[row.valid_from] = row
    chained = list(by_day.values())
    for row, following in itertools.pairwise(chained):
        row.valid_to = following.valid_from
    return chained
