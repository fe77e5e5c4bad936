"""Benchmark: the employee list, the org chart, an employee page and the employees API,
at 5,000 and 50,000 employees.

For each size, a fresh database is migrated and seeded (`seed_employees`, the
org of heads, leads and members), vacuumed and analysed; then each page is
requested in process (Django's test client, signed in as an HR admin, DEBUG
off) and its median and p90 time and SQL query count printed. The employee
page is that of the manager with the most direct reports. Next to them, a
baseline measured in the same run on the same data: the one SQL query that
reads a page of 50 employees with their job record as of today, the floor
under any list. Then the targets: under 150 ms median at both sizes, and the
same number of queries at both sizes (constant queries).

Pages whose URL name does not exist yet are skipped with a message. Runs by
itself (`make bench`, or `.venv/bin/python tests/bench/employee_pages.py`) in its
own database, hrflow_bench_employees, on the configured PostgreSQL server (on
this machine); dropped at the end, even after a failure. `--sizes 5000` for a
quick look. It reports and does not assert.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

import bench_common  # noqa: E402 - after the path and settings are set
from page_timing import Measure, measure_row, page_measure, times_ms  # noqa: E402

BENCH_DATABASE = "hrflow_bench_employees"
BENCH_REDIS_DB = 14
TARGET_MS = 150.0
RULE = "-" * 96
# (label, URL names to try in turn, how to name the employee: None for a list)
PAGES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("employee list", ("employees:list", "employees:employee-list"), None),
    ("org chart", ("employees:org-chart",), None),
    (
        "employee page (manager with most reports)",
        ("employees:detail", "employees:employee-detail"),
        "employee",
    ),
    ("API /api/v1/employees/", ("api:employee-list",), None),
    ("API /api/v1/employees/<id>/", ("api:employee-detail",), "employee"),
)
BASELINE_SQL = """
    SELECT e.id, e.number, e.full_name, a.job_title, a.status, d.name, p.title, m.full_name
    FROM employees_employee e
    JOIN employees_assignment a ON a.employee_id = e.id
         AND a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to > %s)
    JOIN org_department d ON d.id = a.department_id
    LEFT JOIN employees_position p ON p.id = a.position_id
    LEFT JOIN employees_employee m ON m.id = a.manager_id
    ORDER BY e.number LIMIT 50
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,50000", help="employees, comma-separated")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    with bench_common.bench_run(BENCH_DATABASE, BENCH_REDIS_DB):
        _django_setup()
        results = {size: _size_run(size, args.runs) for size in sizes}
        _summary(results)
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


def _size_run(size: int, runs: int) -> dict[str, Measure | str]:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from employees.seeding.builder import seed_employees

    bench_common.django_disconnect()
    bench_common.database_recreate(bench_common.server_url(), BENCH_DATABASE)
    ContentType.objects.clear_cache()
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    seeded = seed_employees(count=size, today=timezone.localdate(), seed=1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"\n{size:,} employees: migrated and seeded in {time.monotonic() - started:.1f} s "
        f"(seed {seeded.seconds:.1f} s; {seeded.rows['job records']:,} job records, "
        f"{seeded.rows['contracts']:,} contracts)",
        flush=True,
    )
    client = _hr_client()
    target = _busiest_manager()
    measured: dict[str, Measure | str] = {}
    print(f"  {'page':<48} {'median ms':>10} {'p90 ms':>8} {'runs':>5} {'queries':>8}")
    for label, names, kind in PAGES:
        url = next((u for u in (_url(name, target if kind else None) for name in names) if u), None)
        if url is None:
            measured[label] = f"skipped: no URL named {' or '.join(names)} yet"
            print(f"  {label:<48} {measured[label]}", flush=True)
            continue
        measure = page_measure(label, client, url, runs)
        measured[label] = measure
        print(f"  {measure_row(measure)}", flush=True)
    baseline = _baseline(runs)
    measured["baseline"] = baseline
    print(f"  {measure_row(baseline)}", flush=True)
    return measured


def _hr_client() -> Any:
    from django.contrib.auth.models import Group
    from django.test import Client

    from hrflow.accounts.models import User
    from hrflow.accounts.roles import Role

    user = User.objects.create_user(email="bench-hr@hrflow.local", password=None, full_name="HR")
    user.groups.set(Group.objects.filter(name=Role.HR_ADMIN.value))
    client = Client()
    client.force_login(user)
    return client


def _busiest_manager() -> Any:
    from django.db.models import Count
    from django.utils import timezone

    from employees.models import Assignment, Employee

    top = (
        Assignment.objects.as_of(timezone.localdate())
        .exclude(manager=None)
        .values("manager")
        .annotate(reports=Count("pk"))
        .order_by("-reports", "manager")
        .first()
    )
    return Employee.objects.get(pk=top["manager"]) if top else Employee.objects.first()


def _url(name: str, employee: Any) -> str | None:
    from django.urls import NoReverseMatch, reverse

    if employee is None:
        attempts: list[dict[str, Any]] = [{}]
    else:
        attempts = [
            {"pk": employee.pk},
            {"ref": employee.number},
            {"number": employee.number},
            {"employee_id": employee.pk},
        ]
    for kwargs in attempts:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def _baseline(runs: int) -> Measure:
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()

    def query() -> None:
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, [today, today])
            cursor.fetchall()

    query()
    return Measure("baseline: one SQL page of 50 with today's job", times_ms(query, runs), 1)


def _summary(results: dict[int, dict[str, Measure | str]]) -> None:
    sizes = sorted(results)
    print(f"\n{RULE}\ntargets: median under {TARGET_MS:.0f} ms at every size; the same queries "
          "at every size")  # fmt: skip
    for label, _names, _kind in PAGES:
        measures = [results[size].get(label) for size in sizes]
        if not all(isinstance(m, Measure) for m in measures):
            print(f"  {label:<48} skipped (the page does not exist yet)")
            continue
        ok = [m for m in measures if isinstance(m, Measure)]
        fast = all(m.median < TARGET_MS for m in ok)
        constant = len({m.queries for m in ok}) == 1
        medians = " / ".join(f"{m.median:.0f}" for m in ok)
        queries = " / ".join(str(m.queries) for m in ok)
        print(
            f"  {label:<48} {medians:>12} ms  {queries:>9} queries  "
            f"{'met' if fast else 'MISSED'}, {'constant' if constant else 'NOT constant'}"
        )
    print(f"  (sizes: {' / '.join(f'{size:,}' for size in sizes)} employees)\n{RULE}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
