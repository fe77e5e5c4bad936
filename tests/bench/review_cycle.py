"""Benchmark: open a review cycle of 10,000 employees, then show and close it.

A fresh database is migrated and seeded with 10,500 employees (`seed_employees`, the
same org `manage.py seed --employees` builds; about 10,000 of them are employed
today, the rest not yet started or gone), vacuumed and analysed; one review
template for the whole company (KPI, competencies, comments) and a safety-incident
metric are made. Then, timed with their SQL statement counts:

- the baseline: one INSERT ... SELECT writing a review per person in force today,
  the floor under any opening (rolled back);
- `review_cycle_open` for everyone, with one KPI goal each from the plan;
- the overview's reads (`cycle_progress`, `rating_distribution` per department and
  per manager), each once the manager ratings are set;
- HR's cycle overview and calibration pages (a page of 50 reviews each), requested
  in process as an HR admin: median time and SQL query count;
- `review_cycle_close`: every review scored, final ratings fixed, 10,000 outcomes.

Targets (issue 16, point 13): the opening within 10 s; the overview under 150 ms.
Runs by itself (`make bench`, or `.venv/bin/python tests/bench/review_cycle.py`) in
its own database,
hrflow_bench_reviews, on the configured PostgreSQL server (on this machine),
dropped at the end, even after a failure. `--employees 2000` for a quick look. It
reports and does not assert.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

import bench_common  # noqa: E402 - after the path and settings are set

BENCH_DATABASE = "hrflow_bench_reviews"
BENCH_REDIS_DB = 13
OPEN_TARGET_SECONDS = 10.0
PAGE_TARGET_MS = 150.0
RULE = "-" * 78
BASELINE_SQL = """
    INSERT INTO employees_review (created_at, updated_at, cycle_id, employee_id, manager_id,
                                  department_id, template_id, stage)
    SELECT now(), now(), %s, a.employee_id, a.manager_id, a.department_id, %s, 'self'
    FROM employees_assignment a
    WHERE a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to > %s)
      AND a.status IN ('probation', 'regular', 'leaving')
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_500)
    parser.add_argument("--runs", type=int, default=15, help="requests per page timed")
    args = parser.parse_args()
    with bench_common.bench_run(BENCH_DATABASE, BENCH_REDIS_DB):
        _django_setup()
        _run(args.employees, args.runs)
    return 0


def _django_setup() -> None:
    import django
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()


def _run(employees: int, runs: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from employees.seeding.builder import seed_employees

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    seeded = seed_employees(count=employees, today=timezone.localdate(), seed=1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"\n{employees:,} employees migrated and seeded in {time.monotonic() - started:.1f} s "
        f"(seed {seeded.seconds:.1f} s)",
        flush=True,
    )
    template, plan, cycle_input = _setup()
    print(RULE)
    print(f"{'step':<44} {'seconds':>9} {'statements':>11} {'rows':>9}")
    print(RULE)
    _row("baseline: INSERT ... SELECT (rolled back)", *_timed(lambda: _baseline(template)))
    cycle, seconds, statements = _timed_result(lambda: _open(cycle_input, plan))
    reviews = cycle.reviews.count()
    _row("review_cycle_open", seconds, statements, reviews)
    _ratings_set(cycle)
    _row("overview: cycle_progress", *_timed(lambda: _progress(cycle)))
    _row(
        "overview: distribution per department", *_timed(lambda: _distribution(cycle, "department"))
    )
    _row("overview: distribution per manager", *_timed(lambda: _distribution(cycle, "manager")))
    _pages(cycle, runs)
    _row("review_cycle_close (scores, outcomes)", *_timed(lambda: _close(cycle)))
    print(RULE)
    verdict = "within" if seconds <= OPEN_TARGET_SECONDS else "OVER"
    print(
        f"opening {reviews:,} reviews took {seconds:.2f} s: {verdict} the "
        f"{OPEN_TARGET_SECONDS:.0f} s target; load average {bench_common.load_average()}",
        flush=True,
    )


def _pages(cycle: Any, runs: int) -> None:
    """HR's overview and calibration pages, requested in process: median and p90."""
    import statistics

    from django.contrib.auth.models import Group
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse

    from hrflow.accounts.models import User
    from hrflow.accounts.roles import Role

    user = User.objects.create_user(email="bench-hr@hrflow.local", password=None, full_name="HR")
    user.groups.set(Group.objects.filter(name=Role.HR_ADMIN.value))
    client = Client()
    client.force_login(user)
    for name in ("employees:performance-cycle", "employees:performance-calibration"):
        url = reverse(name, kwargs={"pk": cycle.pk})
        client.get(url)  # warm
        times = []
        for _ in range(runs):
            connection.force_debug_cursor = True
            reset_queries()
            started = time.perf_counter()
            status = client.get(url).status_code
            times.append((time.perf_counter() - started) * 1000)
            queries = len(connection.queries)
            connection.force_debug_cursor = False
        ordered = sorted(times)
        print(
            f"{'page ' + name.split(':')[1]:<44} {statistics.median(times) / 1000:>9.3f} "
            f"{queries:>11} {'':>9} (HTTP {status}; p90 {ordered[int(0.9 * len(ordered)) - 1]:.0f}"
            f" ms; target {PAGE_TARGET_MS:.0f} ms median)",
            flush=True,
        )


def _setup() -> tuple[Any, Any, Any]:
    from decimal import Decimal

    from django.utils import timezone

    from employees.models import Metric, SectionKind
    from employees.performance.cycles import CycleInput, GoalPlan, GoalSpec
    from employees.performance.templates import SectionInput, review_template_save
    from hrflow.competencies.models import Competency
    from hrflow.org.models import Department

    root = Department.objects.filter(parent=None).order_by("path").first()
    competency = Competency.objects.filter(is_active=True).order_by("code").first()
    template = review_template_save(
        name="bench",
        department=root,
        actor=None,
        sections=[
            SectionInput(kind=SectionKind.KPI, title="KPI", weight=Decimal(60)),
            SectionInput(
                kind=SectionKind.COMPETENCIES,
                title="competencies",
                weight=Decimal(40),
                competency_ids=(competency.pk,),  # type: ignore[union-attr]
            ),
            SectionInput(kind=SectionKind.COMMENTS, title="comments", weight=Decimal(0)),
        ],
    )
    metric = Metric.objects.create(
        code="bench_incidents", name_zh="安全事故", name_en="Safety incidents", direction="lower"
    )
    plan = GoalPlan(
        by_department={
            root.pk: [  # type: ignore[union-attr]
                GoalSpec(
                    metric_id=metric.pk,
                    direction="lower",
                    target=Decimal(2),
                    bands=[[2, 100], [3, 60]],
                )
            ]
        }
    )
    today = timezone.localdate()
    cycle_input = CycleInput(
        name="bench",
        kind="annual",
        period_start=today.replace(month=1, day=1),
        period_end=today,
        template=template,
    )
    return template, plan, cycle_input


def _open(cycle_input: Any, plan: Any) -> Any:
    from employees.performance.cycles import review_cycle_open

    return review_cycle_open(cycle=cycle_input, actor=None, goals=plan)


def _baseline(template: Any) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from employees.models import ReviewCycle

    today = timezone.localdate()
    with transaction.atomic():
        scratch = ReviewCycle.objects.create(
            name="baseline", kind="annual", period_start=today, period_end=today
        )
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, [scratch.pk, template.pk, today, today])
            written = cursor.rowcount
        transaction.set_rollback(True)
    return written


def _ratings_set(cycle: Any) -> None:
    """Every manager rates 3 (written straight, the set-up of the close, untimed)."""
    from django.db.models import F, Value
    from django.db.models.functions import Mod

    from employees.models import Review

    Review.objects.filter(cycle=cycle).update(
        manager_rating=Mod(F("employee_id"), Value(5)) + 1, stage="calibration"
    )


def _progress(cycle: Any) -> int:
    from employees.performance.selectors import cycle_progress

    return sum(cycle_progress(cycle).values())


def _distribution(cycle: Any, by: str) -> int:
    from employees.performance.selectors import rating_distribution

    return len(rating_distribution(cycle, by))


def _close(cycle: Any) -> int:
    from employees.models import Outcome
    from employees.performance.calibration import review_cycle_close

    review_cycle_close(cycle=cycle, actor=None)
    return Outcome.objects.filter(review__cycle=cycle).count()


def _timed(step: Callable[[], int]) -> tuple[float, int, int]:
    result, seconds, statements = _timed_result(step)
    return seconds, statements, result


def _timed_result(step: Callable[[], Any]) -> tuple[Any, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = step()
        seconds = time.perf_counter() - started
    return result, seconds, len(queries)


def _row(label: str, seconds: float, statements: int, rows: int) -> None:
    print(f"{label:<44} {seconds:>9.3f} {statements:>11} {rows:>9,}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
