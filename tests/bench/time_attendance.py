"""Benchmark: time and attendance at 10,000 employees (issue 18).

A fresh database is migrated and seeded with a company (`seed_employees`, 10,000
people by default) and a year of leave for everyone (a grant, four approved annual
leaves with their ledger entries, a day of personal leave, one request waiting; rows
written in bulk, as the seeder writes its people: the services per row would take an
hour and are not what is measured here). Then, each beside a baseline measured in the
same run on the same data:

- importing 1,000,000 punches (four a weekday for everyone, about five weeks) through
  `punches_record`, which inserts them in batches of 10,000, against a row-by-row
  loop (`Employee.objects.get` by number and `Punch.objects.get_or_create`, autocommit)
  run on a sample of other rows (a tenth of the import, at most 10,000) and
  extrapolated to the same count; target 60 s;
- recomputing a month of daily results for everyone (`daily_results_recompute`)
  against one employee-day at a time through the same service, on a sample of
  employee-days, extrapolated; target 60 s;
- the team calendar (`team_calendar`) of the manager with the most reports over a
  month and one employee's balances (`leave_balances`): median and p90 over runs,
  target 150 ms each, beside one plain query for the team's requests; an HR admin's
  week of the whole company is shown too. (No leave or attendance pages exist yet: the
  selectors are what the pages will call.)

Runs by itself (`make bench`, or `.venv/bin/python tests/bench/time_attendance.py`;
`--employees 200 --punches 20000` for a quick, CI-safe look) in its own database,
hrflow_bench_time, on the configured PostgreSQL server (on this machine); dropped at
the end, even after a failure. It reports and does not assert. The recompute queued
after the import's commit goes to the bench's own Redis database, flushed at the end;
no worker runs it.
"""

import argparse
import math
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

import bench_common  # noqa: E402 - after the path and settings are set
from page_timing import Measure, measure_row, page_measure, times_ms  # noqa: E402

BENCH_DATABASE = "hrflow_bench_time"
BENCH_REDIS_DB = 14  # shared with employee_pages: `make bench` runs one at a time
TARGET_SECONDS = 60.0
TARGET_MS = 150.0
PUNCHES_A_DAY = ((8, 52), (12, 1), (12, 58), (18, 7))  # in, lunch out, lunch in, out
BASELINE_PUNCHES = 10_000
BASELINE_EMPLOYEE_DAYS = 300
MONTH_DAYS = 30
RULE = "-" * 96


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--punches", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with bench_common.bench_run(BENCH_DATABASE, BENCH_REDIS_DB):
        _django_setup()
        today = _seed(args.employees)
        world = world_make(today)
        print(f"load average before the measures {bench_common.load_average()}")
        # A tenth of the import, at most 10,000 rows: the loop is slow by design.
        sample = min(BASELINE_PUNCHES, max(args.punches // 10, 100))
        imports = punch_import_measure(world, args.punches, sample)
        recompute = recompute_measure(world, BASELINE_EMPLOYEE_DAYS)
        reads = reads_measure(world, args.runs) + pages_measure(world, args.runs)
        _summary(args, imports, recompute, reads)
    return 0


def _django_setup() -> None:
    import django
    from django.conf import settings

    # The pages are requested in process (Django's test client), as the other benches do.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()


def _seed(employees: int) -> date:
    from django.core.management import call_command
    from django.utils import timezone

    from employees.seeding.builder import seed_employees

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    today = timezone.localdate()
    seed_employees(count=employees, today=today, seed=1, outcomes=False)
    print(f"\n{employees:,} employees migrated and seeded in {time.monotonic() - started:.1f} s")
    return today


@dataclass
class World:
    today: date
    employee_ids: list[int]
    numbers: dict[int, str]
    manager_user: Any  # the lead with the most reports, signed in
    hr_user: Any
    balance_employee: Any  # an employee with a year of leave
    team_ids: list[int]


def world_make(today: date) -> World:
    """The viewers and a year of leave for everyone (bulk rows)."""
    from django.db import connection

    from employees.models import Assignment, Employee, EmployeeStatus
    from employees.services.accounts import employee_account_create
    from hrflow.accounts.roles import Role
    from hrflow.accounts.services import user_create

    started = time.monotonic()
    people = dict(Employee.objects.order_by("pk").values_list("pk", "number"))
    jobs = Assignment.objects.as_of(today).exclude(status=EmployeeStatus.LEFT)
    teams: dict[int, list[int]] = {}
    for manager_id, employee_id in jobs.exclude(manager__isnull=True).values_list(
        "manager_id", "employee_id"
    ):
        teams.setdefault(manager_id, []).append(employee_id)
    lead_id = max(sorted(teams), key=lambda pk: len(teams[pk]))
    lead = Employee.objects.get(pk=lead_id)
    manager_user = lead.user or employee_account_create(
        employee=lead, email="bench-lead@hrflow.local", actor=None
    )
    hr_user = user_create(email="bench-hr@hrflow.local", full_name="HR", roles=[Role.HR_ADMIN])
    entries, requests = leave_year_make(list(people), today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    team = teams[lead_id]
    print(
        f"a year of leave: {requests:,} requests, {entries:,} ledger entries; the lead has "
        f"{len(team)} reports ({time.monotonic() - started:.1f} s)"
    )
    return World(
        today=today,
        employee_ids=list(people),
        numbers=people,
        manager_user=manager_user,
        hr_user=hr_user,
        balance_employee=Employee.objects.get(pk=team[0]),
        team_ids=team,
    )


def leave_year_make(employee_ids: list[int], today: date) -> tuple[int, int]:
    """For each employee: this year's annual grant; four approved annual leaves of one or
    two weekdays over the last year, each with its `taken` entry; an approved day of
    personal leave; one annual request waiting in the coming month. Returns (entries,
    requests) written."""
    from decimal import Decimal

    from employees.models import LeaveEntry, LeaveRequest, LeaveType

    annual = LeaveType.objects.get(code="annual")
    personal = LeaveType.objects.get(code="personal")
    rng = random.Random(18)  # made-up data, not secrets
    approved = LeaveRequest.Status.APPROVED
    requests: list[LeaveRequest] = []
    for employee_id in employee_ids:
        spans = [(today - timedelta(days=rng.randint(1, 365)), rng.choice((1, 2))) for _ in "1234"]
        asks = [(annual, first, days, approved) for first, days in spans]
        asks.append((personal, today - timedelta(days=rng.randint(1, 365)), 1, approved))
        asks.append(
            (annual, today + timedelta(days=rng.randint(3, 30)), 1, LeaveRequest.Status.PENDING)
        )
        for leave_type, first, days, status in asks:
            weekdays = _weekdays(first, days)
            if not weekdays:
                continue
            requests.append(
                LeaveRequest(
                    employee_id=employee_id,
                    leave_type=leave_type,
                    start_day=weekdays[0],
                    end_day=weekdays[-1],
                    hours=Decimal(8 * len(weekdays)),
                    minutes_by_day={day.isoformat(): 480 for day in weekdays},
                    status=status,
                    step="" if status == approved else LeaveRequest.Step.MANAGER,
                )
            )
    LeaveRequest.objects.bulk_create(requests, batch_size=5_000)
    entries = [
        LeaveEntry(
            employee_id=employee_id,
            leave_type=annual,
            kind=LeaveEntry.Kind.GRANT,
            hours=Decimal(rng.choice((40, 80, 120))),
            effective_on=date(today.year, 1, 1),
            reason="bench",
            key=f"annual:{today.year}",
        )
        for employee_id in employee_ids
    ]
    entries += [
        LeaveEntry(
            employee_id=request.employee_id,
            leave_type=annual,
            kind=LeaveEntry.Kind.TAKEN,
            hours=-request.hours,
            effective_on=request.start_day,
            reason="bench",
            key=f"taken:{request.pk}",
            request=request,
        )
        for request in requests
        if request.leave_type_id == annual.pk and request.status == approved
    ]
    LeaveEntry.objects.bulk_create(entries, batch_size=5_000)
    return len(entries), len(requests)


def _weekdays(first: date, count: int) -> list[date]:
    days: list[date] = []
    day = first
    while len(days) < count:
        if day.isoweekday() <= 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def punch_rows(numbers: list[str], total: int, last_day: date, zone: Any) -> tuple[list, date]:
    """About `total` punches: four a weekday for everyone, going back from `last_day`
    (whole days, so a day is never half there); and the first day."""
    from employees.attendance.punches import PunchInput

    per_day = len(numbers) * len(PUNCHES_A_DAY)
    days: list[date] = []
    day = last_day
    while len(days) < max(math.ceil(total / per_day), 1):
        if day.isoweekday() <= 5:
            days.append(day)
        day -= timedelta(days=1)
    rows = []
    for day in sorted(days):
        for index, number in enumerate(numbers):
            for hour, minute in PUNCHES_A_DAY:
                # A few minutes either way, the same on every run.
                at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
                rows.append(PunchInput(number, at + timedelta(minutes=index % 13), "gate-1"))
    return rows[:total], min(days)


@dataclass(frozen=True)
class Timed:
    label: str
    rows: int
    seconds: float
    extrapolated: bool = False


def punch_import_measure(world: World, total: int, sample: int) -> list[Timed]:
    from django.db import connection

    from employees.attendance.punches import punches_record
    from employees.models import PunchSource
    from hrflow.org.selectors import company_current

    zone = company_current().zone
    numbers = [world.numbers[pk] for pk in world.employee_ids]
    rows, first = punch_rows(numbers, total, world.today - timedelta(days=2), zone)
    # The baseline's rows: other days (before the import's), so nothing is a duplicate.
    sample_rows, _first = punch_rows(numbers, sample, first - timedelta(days=1), zone)
    started = time.perf_counter()
    result = punches_record(rows=rows, source=PunchSource.IMPORT, actor=None)
    bulk = time.perf_counter() - started
    if result.refused:
        raise RuntimeError(f"the import refused rows: {result.refused[:3]}")
    baseline = _row_by_row(sample_rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return [
        Timed("punches_record (batches of 10,000)", len(rows), bulk),
        Timed(
            f"baseline: get_or_create per row ({len(sample_rows):,} measured)",
            len(rows),
            baseline * len(rows) / max(len(sample_rows), 1),
            extrapolated=True,
        ),
    ]


def _row_by_row(rows: list) -> float:
    from employees.models import Employee, Punch, PunchSource

    started = time.perf_counter()
    for row in rows:
        employee = Employee.objects.get(number=row.employee_number)
        Punch.objects.get_or_create(
            employee=employee, device=row.device, at=row.at, defaults={"source": PunchSource.IMPORT}
        )
    return time.perf_counter() - started


def recompute_measure(world: World, sample: int) -> list[Timed]:
    from employees.attendance.recompute import daily_results_recompute

    end = world.today - timedelta(days=2)
    start = end - timedelta(days=MONTH_DAYS - 1)
    started = time.perf_counter()
    written = daily_results_recompute(employee_ids=world.employee_ids, start=start, end=end)
    bulk = time.perf_counter() - started
    rng = random.Random(15)  # a reproducible sample
    pairs = [
        (rng.choice(world.employee_ids), start + timedelta(days=rng.randrange(MONTH_DAYS)))
        for _ in range(sample)
    ]
    started = time.perf_counter()
    for employee_id, day in pairs:
        daily_results_recompute(employee_ids=[employee_id], start=day, end=day)
    one_by_one = time.perf_counter() - started
    return [
        Timed(f"daily_results_recompute ({start} – {end})", written, bulk),
        Timed(
            f"baseline: one employee-day a call ({sample:,} measured)",
            written,
            one_by_one * written / max(sample, 1),
            extrapolated=True,
        ),
    ]


def reads_measure(world: World, runs: int) -> list[Measure]:
    from employees.leave.selectors import leave_balances, team_calendar
    from employees.models import LeaveRequest

    start, end = world.today - timedelta(days=15), world.today + timedelta(days=15)

    def baseline() -> Any:
        return list(
            LeaveRequest.objects.holding()
            .filter(employee_id__in=world.team_ids, start_day__lte=end, end_day__gte=start)
            .values_list("pk", "employee__full_name", "leave_type__name_zh", "start_day")
        )

    return [
        _measure(
            "team_calendar, a manager's month",
            lambda: team_calendar(world.manager_user, start, end),
            runs,
        ),
        _measure("baseline: one query for the team's month", baseline, runs),
        _measure(
            "leave_balances, one employee",
            lambda: leave_balances(world.balance_employee, on=world.today),
            runs,
        ),
        _measure(
            "team_calendar, HR's week of everyone (info)",
            lambda: team_calendar(world.hr_user, world.today, world.today + timedelta(days=6)),
            runs,
        ),
    ]


def pages_measure(world: World, runs: int) -> list[Measure]:
    """The team calendar page as the manager, and the employee's own time page (its
    balances), requested whole: the issue's 150 ms is for what a person waits for."""
    from django.test import Client
    from django.urls import reverse

    from hrflow.accounts.models import User
    from hrflow.accounts.roles import Role
    from hrflow.accounts.services import user_set_roles

    manager = Client()
    manager.force_login(world.manager_user)
    employee_user = world.balance_employee.user
    if employee_user is None:
        employee_user = User.objects.create_user(
            email=f"bench-{world.balance_employee.pk}@example.com", full_name="bench"
        )
        world.balance_employee.user = employee_user
        world.balance_employee.save(update_fields=["user"])
    user_set_roles(user=employee_user, roles={Role.EMPLOYEE}, actor=None)
    employee = Client()
    employee.force_login(employee_user)
    calendar, mine = reverse("employees:time-calendar"), reverse("employees:time-me")
    measured = [
        page_measure("team calendar page, a manager's month", manager, calendar, runs),
        page_measure("My time page (balances), one employee", employee, mine, runs),
    ]
    for measure in measured:
        print(f"  {measure_row(measure)}", flush=True)
    return measured


def _measure(label: str, work: Callable[[], Any], runs: int) -> Measure:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    work()
    with CaptureQueriesContext(connection) as queries:
        found = work()
    measure = Measure(label, times_ms(work, runs), len(queries))
    print(f"  {measure_row(measure)}  ({len(found)} rows)", flush=True)
    return measure


def _summary(
    args: argparse.Namespace, imports: list[Timed], recompute: list[Timed], reads: list[Measure]
) -> None:
    print(f"\n{RULE}\n{args.employees:,} employees, {args.punches:,} punches asked for")
    print(f"  {'bulk work':<56} {'rows':>10} {'seconds':>9} {'rows/s':>10}")
    for timed in [*imports, *recompute]:
        note = " (extrapolated)" if timed.extrapolated else ""
        print(
            f"  {timed.label:<56} {timed.rows:>10,} {timed.seconds:>9.1f} "
            f"{timed.rows / max(timed.seconds, 1e-9):>10,.0f}{note}"
        )
    for group, name in ((imports, "import"), (recompute, "recompute")):
        ours, base = group
        met = "met" if ours.seconds <= TARGET_SECONDS else "MISSED"
        print(
            f"  {name}: {ours.seconds:.1f} s against a target of {TARGET_SECONDS:.0f} s: {met}; "
            f"{base.seconds / max(ours.seconds, 1e-9):.0f}x faster than the baseline"
        )
    print(f"\n  {'selector':<48} {'median ms':>10} {'p90 ms':>8} {'runs':>5} {'queries':>8}")
    for measure in reads:
        print(f"  {measure_row(measure)}")
    for measure in reads:
        if "baseline" in measure.label or "(info)" in measure.label:
            continue
        met = "met" if measure.p90 <= TARGET_MS else "MISSED"
        print(f"  {measure.label}: p90 {measure.p90:.1f} ms against {TARGET_MS:.0f} ms: {met}")
    print(f"  load average now {bench_common.load_average()}\n{RULE}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
