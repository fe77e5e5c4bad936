"""Benchmark: the monthly payroll run at 10,000 employees (issue 19).

A fresh database is migrated and seeded (`seed_employees`, 10,000 people by default,
with their pay: salary records in a pay group of their city, allowances, declared
deductions, one-off items; the full-time employees are the ones paid). The seed's day
is fixed (16 March 2026, `--today`), so every run pays the same two months: January,
with the annual bonuses (most taxed separately) and no locked month before it, and
February, whose tax builds on January's locked year to date. Attendance inputs are
added in bulk for both months: approved paid overtime (most of the plant, some of
the offices), a day or two of unpaid personal leave for some, an absence for a few.

Then, for each month, beside a baseline measured in the same run on the same data:

- the run of every pay group (`payroll_run_compute` with `group_payslips`): inputs,
  earnings, social insurance, tax, payslips and their lines written. Timed (the
  median of three computations, `--repeat`; all but the last rolled back), with the
  queries it made (COPY statements are not counted: they bypass Django's cursor
  wrappers) and, on a recomputation of January, the peak memory Python allocated
  (tracemalloc; that recomputation runs slower under it and is not the timed one).
  Target: 30 s for 10,000 payslips on this machine (2 cores);
- the baseline, a straightforward implementation: per employee, query its salary
  records, their components, its job on the last day, the calendar, its leave,
  absences and overtime, its pay items and declarations, its previous payslip, and
  compute with the same pure function (`payslip_compute`), then save the payslip and
  its lines; run on a sample (`--baseline-sample`) and extrapolated, in a transaction
  rolled back. Its figures must equal the run's, payslip for payslip: a check, which
  fails the benchmark if not;
- approval (`payroll_run_approve`, which reads every input again to refuse a stale
  run) and `payroll_run_verify` (the locked run recomputed from what it stored; it must
  say True).

January's time is also broken down (inputs, compute, digests, write) on a run computed
again and rolled back, and `--profile` prints cProfile's top functions of one more.

Runs by itself (`make bench`, or `.venv/bin/python tests/bench/payroll_run.py`;
`--employees 500 --baseline-sample 100` for a quick look) in its own database,
hrflow_bench_payroll, on the configured PostgreSQL server (on this machine); dropped
at the end unless `--reuse` keeps it (the seeded database is then used again by the
next `--reuse` run, its payroll runs deleted first; `--drop` drops it). Reports, and
asserts only correctness (the verification and the baseline's figures), never a time.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

import bench_common  # noqa: E402 - after the path and settings are set

BENCH_DATABASE = "hrflow_bench_payroll"
BENCH_REDIS_DB = 15  # shared with metric_import: `make bench` runs one at a time
BENCH_TODAY = date(2026, 3, 16)
TARGET_SECONDS = 30.0
TARGET_PAYSLIPS = 10_000
BASELINE_SAMPLE = 500
RULE = "-" * 104


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--baseline-sample", type=int, default=BASELINE_SAMPLE)
    parser.add_argument("--today", type=date.fromisoformat, default=BENCH_TODAY)
    parser.add_argument("--repeat", type=int, default=3, help="runs timed per month (median)")
    parser.add_argument("--profile", action="store_true", help="cProfile one more January run")
    parser.add_argument("--reuse", action="store_true", help="keep (or reuse) the seeded database")
    parser.add_argument("--drop", action="store_true", help="drop a kept database and stop")
    args = parser.parse_args()
    if args.drop:
        bench_common.database_drop(bench_common.server_url(), BENCH_DATABASE)
        return 0
    with bench_common.bench_run(BENCH_DATABASE, BENCH_REDIS_DB, keep=args.reuse):
        import django

        django.setup()
        months = _months(args.today)
        if args.reuse and _seeded():
            _migrate()
            _runs_delete()
            _analyze()
            print("\nthe kept database is used again (its payroll runs deleted)", flush=True)
        else:
            _seed(args.employees, args.today)
            attendance_inputs_make(months, args.today)
        print(f"load average before the measures {bench_common.load_average()}", flush=True)
        results = [
            month_measure(month, args, first=index == 0) for index, month in enumerate(months)
        ]
        _summary(args, results)
    return 0


def _months(today: date) -> list[date]:
    """January and February of the seed's year: the annual bonuses, then a month whose
    tax builds on a locked one."""
    if today < date(today.year, 3, 1):
        raise SystemExit("--today must be in March or later: January and February are paid")
    return [date(today.year, 1, 1), date(today.year, 2, 1)]


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _seeded() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('employees_overtimerequest') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT EXISTS (SELECT 1 FROM employees_overtimerequest)")
        return bool(cursor.fetchone()[0])


def _runs_delete() -> None:
    """A kept database's runs are locked: delete them (no service may), lines first."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM employees_payslipline")
        cursor.execute("DELETE FROM employees_payslip")
        cursor.execute("DELETE FROM employees_payrollrun")


def _seed(employees: int, today: date) -> None:
    from employees.seeding.builder import seed_employees

    started = time.monotonic()
    _migrate()
    summary = seed_employees(count=employees, today=today, seed=1, outcomes=False)
    rows = ", ".join(
        f"{name} {summary.rows[name]:,}"
        for name in ("salary records", "salary components", "tax deductions", "pay items")
    )
    print(
        f"\n{employees:,} employees migrated and seeded in {time.monotonic() - started:.1f} s "
        f"({rows})",
        flush=True,
    )


# --- attendance inputs -----------------------------------------------------------------


def attendance_inputs_make(months: list[date], today: date) -> None:
    """Overtime, unpaid leave and absences over both months' attendance periods (from
    the day after December's 25th, the earliest cut-off), written in bulk."""
    from django.db import transaction

    from employees.models import PayGroup, SalaryRecord
    from employees.pay.periods import month_last, pay_period
    from employees.worktime.calendar import day_kinds

    started = time.monotonic()
    first = min(
        pay_period(months[0], group.cut_off_day).attendance_start
        for group in PayGroup.objects.all()
    )
    last = month_last(months[-1])
    kinds = day_kinds(first, last)
    plant = set(
        SalaryRecord.objects.filter(pay_group__cut_off_day__lt=31).values_list(
            "employee_id", flat=True
        )
    )
    paid = sorted(set(SalaryRecord.objects.values_list("employee_id", flat=True)))
    rng = random.Random(19)  # made-up data, not secrets
    with transaction.atomic():
        overtime = _overtime_write(paid, plant, kinds, rng, today)
        leaves = _unpaid_leave_write(paid, months, rng)
        absences = _absences_write(paid, months, kinds, rng)
    _analyze()
    print(
        f"attendance inputs: {overtime:,} approved paid overtime requests, {leaves:,} unpaid "
        f"leaves, {absences:,} absences ({time.monotonic() - started:.1f} s)",
        flush=True,
    )


def _analyze() -> None:
    """Fresh statistics for the planner, as the seed leaves them for its own tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _overtime_write(
    paid: list[int], plant: set[int], kinds: dict[date, Any], rng: random.Random, today: date
) -> int:
    """Most of the plant works two or three hours after some shifts and an occasional
    Saturday; a few office people stay late now and then. All approved, paid."""
    from django.utils import timezone

    from employees.models import OvertimeRequest
    from employees.models.worktime import DayKind
    from employees.selectors.rules import legal_value
    from hrflow.core.pgcopy import line, lines_copy
    from hrflow.org.selectors import company_current

    rates = {
        kind: Decimal(str(rate)) for kind, rate in legal_value("overtime.rates", on=today).items()
    }
    zone = company_current().zone
    now = timezone.now()
    fields = [
        "created_at", "updated_at", "status", "decided_at", "decision_note", "employee", "day",
        "starts", "ends", "minutes", "kind", "compensation", "rate", "after_the_fact", "reason",
        "override_reason",
    ]  # fmt: skip

    def rows() -> Iterator[str]:
        for employee_id in paid:
            in_plant = employee_id in plant
            if rng.random() >= (0.6 if in_plant else 0.1):
                continue
            for day, kind in kinds.items():
                if kind == DayKind.WORKDAY and rng.random() < (0.3 if in_plant else 0.1):
                    start, hours, ot_kind = (18, 0), rng.choice((2, 3)), "workday"
                elif (
                    in_plant
                    and day.isoweekday() == 6
                    and kind == DayKind.REST_DAY
                    and rng.random() < 0.25
                ):
                    start, hours, ot_kind = (9, 0), 8, "rest_day"
                else:
                    continue
                starts = datetime(day.year, day.month, day.day, *start, tzinfo=zone)
                ends = starts + timedelta(hours=hours)
                yield line(
                    now, now, "approved", now, "", employee_id, day, starts, ends, hours * 60,
                    ot_kind, "pay", rates[ot_kind], False, "", "",
                )  # fmt: skip

    return lines_copy(OvertimeRequest, fields, rows())


def _unpaid_leave_write(paid: list[int], months: list[date], rng: random.Random) -> int:
    """A day or two of personal leave (事假, unpaid) in a month, for one in sixteen."""
    from employees.models import LeaveRequest, LeaveType

    personal = LeaveType.objects.get(code="personal")
    requests = []
    for month in months:
        for employee_id in paid:
            if rng.random() >= 1 / 16:
                continue
            days = _weekdays(month + timedelta(days=rng.randint(2, 20)), rng.choice((1, 2)))
            requests.append(
                LeaveRequest(
                    employee_id=employee_id,
                    leave_type=personal,
                    start_day=days[0],
                    end_day=days[-1],
                    hours=Decimal(8 * len(days)),
                    minutes_by_day={day.isoformat(): 480 for day in days},
                    status=LeaveRequest.Status.APPROVED,
                    step=LeaveRequest.Step.DONE,
                )
            )
    LeaveRequest.objects.bulk_create(requests, batch_size=5_000)
    return len(requests)


def _absences_write(
    paid: list[int], months: list[date], kinds: dict[date, Any], rng: random.Random
) -> int:
    """Half a day or a day absent without leave, once in a month, for one in a hundred."""
    from employees.models import DailyResult
    from employees.models.attendance import DayStatus
    from employees.models.worktime import DayKind

    results = []
    for month in months:
        workdays = [
            day
            for day, kind in kinds.items()
            if kind == DayKind.WORKDAY and day.month == month.month
        ]
        for employee_id in paid:
            if rng.random() >= 0.01:
                continue
            results.append(
                DailyResult(
                    employee_id=employee_id,
                    day=rng.choice(workdays),
                    day_kind=DayKind.WORKDAY,
                    status=DayStatus.ABSENT,
                    planned_minutes=480,
                    absent_minutes=rng.choice((240, 480)),
                )
            )
    DailyResult.objects.bulk_create(results, batch_size=5_000, ignore_conflicts=True)
    return len(results)


def _weekdays(first: date, count: int) -> list[date]:
    days: list[date] = []
    day = first
    while len(days) < count:
        if day.isoweekday() <= 5:
            days.append(day)
        day += timedelta(days=1)
    return days


# --- measuring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Timed:
    label: str
    payslips: int
    seconds: float
    queries: int | None = None
    peak_mb: float | None = None
    note: str = ""


@dataclass
class MonthResult:
    month: date
    payslips: int
    run: Timed
    baseline: Timed
    steps: list[Timed]
    breakdown: list[Timed]


@contextmanager
def queries_counted() -> Iterator[list[int]]:
    """The queries Django runs in the block (DEBUG is off: the query log stays empty)."""
    from django.db import connection

    counted = [0]

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        counted[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counted


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    from django.db import transaction

    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def _groups() -> list[Any]:
    from employees.models import PayGroup

    return list(PayGroup.objects.order_by("name"))


def _compute_all(month: date) -> list[Any]:
    from employees.pay.payslip_compute import group_payslips
    from employees.pay.runs import payroll_run_compute

    return [
        payroll_run_compute(group=group, month=month, actor=None, computer=group_payslips)
        for group in _groups()
    ]


def month_measure(month: date, args: argparse.Namespace, *, first: bool) -> MonthResult:
    from employees.models import Payslip
    from employees.pay.payslip_compute import group_payslips
    from employees.pay.runs import payroll_run_approve, payroll_run_verify

    label = f"{month:%Y-%m}"
    print(f"\n{label}:", flush=True)
    runs, seconds, queries = _runs_timed(month, args.repeat)
    payslips = Payslip.objects.filter(run__in=runs).count()
    spread = f"median of {len(seconds)}: {min(seconds):.1f}–{max(seconds):.1f} s"
    run = Timed(
        f"{label} run, {len(runs)} pay groups",
        payslips,
        statistics.median(seconds),
        queries,
        note=spread if len(seconds) > 1 else "",
    )
    print(f"  {_row(run)}", flush=True)
    steps: list[Timed] = []
    breakdown: list[Timed] = []
    if first:
        steps.append(_memory_measure(month, payslips))
        breakdown = breakdown_measure(month)
        if args.profile:
            _profile(month)
    baseline = baseline_measure(month, args.baseline_sample, payslips)
    with queries_counted() as queries:
        started = time.perf_counter()
        for run_row in runs:
            payroll_run_approve(run=run_row, actor=None)
        steps.append(Timed(f"{label} approve", payslips, time.perf_counter() - started, queries[0]))
    print(f"  {_row(steps[-1])}", flush=True)
    with queries_counted() as queries:
        started = time.perf_counter()
        verified = [payroll_run_verify(run_row, computer=group_payslips) for run_row in runs]
        steps.append(
            Timed(
                f"{label} verify (recomputed)", payslips, time.perf_counter() - started, queries[0]
            )
        )
    print(f"  {_row(steps[-1])}", flush=True)
    # A correctness check, not a timing one: the locked runs recompute identical.
    assert all(verified), f"{label}: payroll_run_verify said a locked run differs"
    return MonthResult(month, payslips, run, baseline, steps, breakdown)


def _runs_timed(month: date, repeat: int) -> tuple[list[Any], list[float], int]:
    """The month's runs computed `repeat` times, each a first computation: all but the
    last rolled back, their keys checked as the commit would. Other work on this
    machine comes and goes: the median says more than one run."""
    seconds: list[float] = []
    runs: list[Any] = []
    queries = 0
    for attempt in range(max(repeat, 1)):
        last = attempt == max(repeat, 1) - 1
        with nullcontext() if last else rolled_back(), queries_counted() as counted:
            started = time.perf_counter()
            runs = _compute_all(month)
            if not last:
                _constraints_checked()
            seconds.append(time.perf_counter() - started)
        queries = counted[0]
    return runs, seconds, queries


def _memory_measure(month: date, payslips: int) -> Timed:
    """Compute the month again (it is still in review) under tracemalloc: its peak."""
    tracemalloc.start()
    started = time.perf_counter()
    with queries_counted() as queries:
        _compute_all(month)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    timed = Timed(
        f"{month:%Y-%m} computed again under tracemalloc",
        payslips,
        seconds,
        queries[0],
        peak / 2**20,
        "info: slower under tracemalloc",
    )
    print(f"  {_row(timed)}", flush=True)
    return timed


def breakdown_measure(month: date) -> list[Timed]:
    """Where a run's time goes: each step of payroll_run_compute on its own, summed over
    the groups, the payslips written and rolled back."""
    from employees.pay.inputs import group_month_inputs
    from employees.pay.payslip_compute import group_payslips
    from employees.pay.periods import pay_period
    from employees.pay.rulebook import RuleBook
    from employees.pay.runs import _payslips_write
    from employees.pay.snapshot import digest_of, inputs_dump

    spent: dict[str, float] = defaultdict(float)
    counted: dict[str, int] = defaultdict(int)
    payslips = 0

    def step(name: str, work: Callable[..., Any], *arguments: Any) -> Any:
        with queries_counted() as queries:
            started = time.perf_counter()
            found = work(*arguments)
            spent[name] += time.perf_counter() - started
        counted[name] += queries[0]
        return found

    def figures(computed: list[Any]) -> str:
        return digest_of([payslip.figures() for payslip in computed])

    with rolled_back():
        for group in _groups():
            run = group.runs.get(month=month)
            period = pay_period(month, group.cut_off_day)
            inputs = step("read the inputs (group_month_inputs)", group_month_inputs, group, period)
            rules = RuleBook(month)
            computed = step("compute (group_payslips)", group_payslips, group, inputs, rules)
            used = rules.used()
            step("inputs stored and digested (inputs_dump)", inputs_dump, inputs, used)
            step("figures digested (digest_of)", figures, computed)
            step("old payslips deleted", run.payslips.all().delete)
            step("payslips and lines written (COPY)", _payslips_write, run, computed)
            payslips += len(computed)
        # The keys of the rows written are checked at commit (Django's are deferred).
        step("deferred key checks at commit", _constraints_checked)
    found = [Timed(name, payslips, seconds, counted[name]) for name, seconds in spent.items()]
    for timed in found:
        print(f"    {_row(timed)}", flush=True)
    return found


def _constraints_checked() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _profile(month: date) -> None:
    profiler = cProfile.Profile()
    with rolled_back():
        profiler.enable()
        _compute_all(month)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    print(out.getvalue(), flush=True)


def _row(timed: Timed) -> str:
    rate = timed.payslips / max(timed.seconds, 1e-9)
    queries = "" if timed.queries is None else f"{timed.queries:,}"
    peak = "" if timed.peak_mb is None else f"{timed.peak_mb:,.0f}"
    note = f"  ({timed.note})" if timed.note else ""
    return (
        f"{timed.label:<52} {timed.payslips:>8,} {timed.seconds:>8.2f} {rate:>10,.0f} "
        f"{queries:>9} {peak:>8}{note}"
    )


# --- the baseline --------------------------------------------------------------------------


def baseline_measure(month: date, sample: int, payslips: int) -> Timed:
    """Per employee, the straightforward way, on a sample of the month's payslips,
    extrapolated to all of them; its figures compared with the run's."""
    from employees.models import Payslip
    from employees.pay.components import components_for_run
    from employees.pay.rulebook import RuleBook

    by_group: dict[int, list[int]] = defaultdict(list)
    rows = Payslip.objects.filter(run__month=month).values_list("run__pay_group_id", "employee_id")
    for group_id, employee_id in rows:
        by_group[group_id].append(employee_id)
    everyone = sorted((group_id, pk) for group_id, ids in by_group.items() for pk in ids)
    chosen = sorted(random.Random(month.toordinal()).sample(everyone, min(sample, len(everyone))))
    mismatched = 0
    with queries_counted() as queries, rolled_back():
        started = time.perf_counter()
        rules, components = RuleBook(month), components_for_run()
        selecting = 0.0
        for group in _groups():
            picked = [pk for group_id, pk in chosen if group_id == group.pk]
            begun = time.perf_counter()
            candidates = set(baseline_candidates(group, month))
            selecting += time.perf_counter() - begun
            scratch = _scratch_run(group, month)
            for employee_id in picked:
                if employee_id not in candidates:
                    mismatched += 1
                    continue
                computed = baseline_payslip(group, month, employee_id, rules, components)
                if computed is None:
                    mismatched += 1
                    continue
                _baseline_write(scratch, computed)
                mismatched += computed_figures(computed) != stored_figures(month, employee_id)
        seconds = time.perf_counter() - started
    per_employee = (seconds - selecting) / max(len(chosen), 1)
    extrapolated = selecting + per_employee * payslips
    timed = Timed(
        f"{month:%Y-%m} baseline: per employee ({len(chosen):,} measured)",
        payslips,
        extrapolated,
        round(queries[0] * payslips / max(len(chosen), 1)),
        note=f"extrapolated; {len(chosen) - mismatched:,}/{len(chosen):,} identical to the run",
    )
    print(f"  {_row(timed)}", flush=True)
    # A correctness check: the same pure function on the same inputs gives the same pay.
    assert mismatched == 0, f"{mismatched} baseline payslips differ from the run's"
    return timed


def baseline_candidates(group: Any, month: date) -> list[int]:
    from django.db.models import Q

    from employees.models import SalaryRecord
    from employees.pay.periods import month_last

    return list(
        SalaryRecord.objects.filter(pay_group=group, valid_from__lte=month_last(month))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=month))
        .values_list("employee_id", flat=True)
        .distinct()
    )


def baseline_payslip(group: Any, month: date, employee_id: int, rules: Any, components: Any) -> Any:
    """One employee's inputs, one query (or two) at a time, then the run's own pure
    computation; None when another group pays the employee this month."""
    from django.db.models import Q, Sum

    from employees.models import (
        Assignment,
        DailyResult,
        Employee,
        LeaveRequest,
        OvertimeRequest,
        PayItem,
        PayrollRun,
        Payslip,
        SalaryItem,
        SalaryRecord,
        TaxDeduction,
        TaxYear,
    )
    from employees.models.worktime import DayKind
    from employees.pay.inputs import EmployeeMonth, OneOff, SalarySpan
    from employees.pay.payslip_compute import payslip_compute
    from employees.pay.periods import pay_period, previous_month
    from employees.worktime.calendar import day_kinds

    period = pay_period(month, group.cut_off_day)
    employee = Employee.objects.get(pk=employee_id)
    hire, left = employee.hire_date, employee.left_on
    last_day = min(period.month_end, left) if left else period.month_end
    records = list(
        SalaryRecord.objects.filter(employee=employee, valid_from__lte=period.month_end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=month))
        .order_by("valid_from")
    )
    in_force = [record for record in records if record.valid_from <= last_day]
    if not in_force or in_force[-1].pay_group_id != group.pk:
        return None
    job = Assignment.objects.as_of(last_day).select_related("location").get(employee=employee)
    row = EmployeeMonth(
        employee_id=employee_id,
        hire_date=hire,
        left_on=left,
        department_id=job.department_id,
        region=job.location.region if job.location else "",
    )
    employed_from, employed_to = max(month, hire), last_day
    for record in records:
        start = max(employed_from, record.valid_from)
        end = (
            employed_to
            if record.valid_to is None
            else min(employed_to, record.valid_to - timedelta(days=1))
        )
        if start > end:
            continue
        items = SalaryItem.objects.filter(record=record).select_related("component")
        row.spans.append(
            SalarySpan(
                start=start,
                end=end,
                base_monthly=record.base_monthly,
                insurance_base=record.insurance_base,
                local_hukou=record.local_hukou,
                tax_resident=record.tax_resident,
                amounts={item.component.code: item.amount for item in items},
            )
        )
    workdays = [
        day
        for day, kind in day_kinds(month, period.month_end, region=row.region).items()
        if kind == DayKind.WORKDAY
    ]
    row.workdays_in_month = len(workdays)
    for span in row.spans:
        span.workdays = sum(1 for day in workdays if span.start <= day <= span.end)
    row.workdays_employed = sum(span.workdays for span in row.spans)
    start, end = period.attendance_start, period.attendance_end
    leaves = LeaveRequest.objects.filter(
        employee=employee,
        status=LeaveRequest.Status.APPROVED,
        start_day__lte=end,
        end_day__gte=start,
    ).select_related("leave_type")
    for leave in leaves:
        for iso, minutes in leave.minutes_by_day.items():
            if start <= date.fromisoformat(iso) <= end:
                row.unpaid_leave_minutes += int(int(minutes) * (1 - leave.leave_type.paid_rate))
    absent = DailyResult.objects.filter(employee=employee, day__gte=start, day__lte=end).aggregate(
        total=Sum("absent_minutes")
    )
    row.absent_minutes = absent["total"] or 0
    overtime = OvertimeRequest.objects.filter(
        employee=employee, day__gte=start, day__lte=end, status="approved", compensation="pay"
    )
    for request in overtime:
        row.overtime_minutes[request.rate] = (
            row.overtime_minutes.get(request.rate, 0) + request.minutes
        )
    for item in PayItem.objects.filter(employee=employee, month=month).order_by("pk"):
        row.one_offs.append(
            OneOff(item.pk, item.kind, item.amount, item.taxable, item.bonus_tax, item.note)
        )
    january = date(month.year, 1, 1)
    declared = TaxDeduction.objects.filter(employee=employee, valid_from__lte=month).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=january)
    )
    for declaration in declared:
        # Months declared from January (or its start) to this month, valid_to exclusive.
        first = max(declaration.valid_from.replace(day=1), january)
        last = month
        if declaration.valid_to is not None:
            last = min(month, previous_month(declaration.valid_to.replace(day=1)))
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        row.special_deductions_ytd += declaration.monthly_amount * max(count, 0)
    tax_year = TaxYear.objects.filter(employee=employee, year=month.year).first()
    if tax_year is not None:
        row.first_job_this_year = tax_year.first_job_this_year
        row.prior_year_low_income = tax_year.prior_year_low_income
    last_year = Payslip.objects.filter(
        employee=employee, run__status=PayrollRun.Status.LOCKED, run__month__year=month.year - 1
    ).order_by("-run__month")
    row.prior_year_months = len({payslip.run.month for payslip in last_year.select_related("run")})
    newest = last_year.first()
    row.prior_year_income = Decimal(newest.ytd.get("income", "0")) if newest else Decimal(0)
    previous = (
        Payslip.objects.filter(
            employee=employee,
            run__status=PayrollRun.Status.LOCKED,
            run__month__gte=date(month.year, 1, 1),
            run__month__lt=month,
        )
        .order_by("-run__month")
        .first()
    )
    row.ytd = dict(previous.ytd) if previous else {}
    return payslip_compute(group, row, rules, components)


def _scratch_run(group: Any, month: date) -> Any:
    """Somewhere for the baseline's payslips (the real run holds the month)."""
    from django.utils import timezone

    from employees.models import PayGroup, PayrollRun

    scratch = PayGroup.objects.create(
        name=f"baseline {group.pk}",
        work_injury_rate=group.work_injury_rate,
        housing_fund_rate=group.housing_fund_rate,
    )
    return PayrollRun.objects.create(
        pay_group=scratch,
        month=month,
        status=PayrollRun.Status.COMPUTED,
        computed_at=timezone.now(),
    )


def _baseline_write(run: Any, computed: Any) -> None:
    from employees.models import Payslip, PayslipLine

    payslip = Payslip.objects.create(
        run=run,
        employee_id=computed.employee_id,
        department_id=computed.department_id,
        region=computed.region,
        ytd=computed.ytd,
        **{name: getattr(computed, name) for name in computed.FIGURES},
    )
    PayslipLine.objects.bulk_create(
        PayslipLine(
            payslip=payslip,
            position=position,
            category=item.category,
            code=item.code,
            label=item.label,
            amount=item.amount,
            explanation=item.explanation,
        )
        for position, item in enumerate(computed.lines)
    )


def computed_figures(computed: Any) -> tuple[Any, ...]:
    cent = Decimal("0.01")
    return (
        *(Decimal(getattr(computed, name)).quantize(cent) for name in computed.FIGURES),
        computed.ytd,
        [(line.code, line.amount) for line in computed.lines],
    )


def stored_figures(month: date, employee_id: int) -> tuple[Any, ...]:
    from employees.models import Payslip
    from employees.pay.computed import ComputedPayslip

    payslip = (
        Payslip.objects.filter(run__month=month, employee_id=employee_id)
        .exclude(run__pay_group__name__startswith="baseline ")
        .get()
    )
    return (
        *(getattr(payslip, name) for name in ComputedPayslip.FIGURES),
        payslip.ytd,
        [(line.code, line.amount) for line in payslip.lines.order_by("position")],
    )


# --- the summary ---------------------------------------------------------------------------


def _summary(args: argparse.Namespace, results: list[MonthResult]) -> None:
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n{RULE}\n{args.employees:,} employees seeded on {args.today}; paid: the full-time ones"
    )
    print(
        f"  {'step':<52} {'payslips':>8} {'seconds':>8} {'payslips/s':>10} {'queries':>9} "
        f"{'peak MB':>8}"
    )
    for result in results:
        for timed in [result.run, result.baseline, *result.steps]:
            print(f"  {_row(timed)}")
    for result in results:
        run, base = result.run, result.baseline
        projected = run.seconds * TARGET_PAYSLIPS / max(run.payslips, 1)
        met = "met" if projected <= TARGET_SECONDS else "MISSED"
        print(
            f"  {result.month:%Y-%m}: {run.seconds:.1f} s for {run.payslips:,} payslips "
            f"({projected:.1f} s for {TARGET_PAYSLIPS:,} at this rate) against a target of "
            f"{TARGET_SECONDS:.0f} s: {met}; {base.seconds / max(run.seconds, 1e-9):.1f}x faster "
            "than the baseline"
        )
    for result in results:
        if result.breakdown:
            total = sum(timed.seconds for timed in result.breakdown)
            print(f"  where {result.month:%Y-%m}'s run spends its time ({total:.1f} s in all):")
            for timed in sorted(result.breakdown, key=lambda timed: -timed.seconds):
                share = timed.seconds / max(total, 1e-9)
                print(
                    f"    {timed.label:<50} {timed.seconds:>7.2f} s {share:>5.0%} "
                    f"{timed.queries:>6} queries"
                )
    print("  every locked run recomputed identical (payroll_run_verify True)")
    print(f"  the process's peak resident memory: {peak_rss:,.0f} MB (the seed included)")
    print(f"  load average now {bench_common.load_average()}\n{RULE}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
