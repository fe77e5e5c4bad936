"""Benchmark: import 100,000 metric values from one file (issue 16, point 13: <= 10 s).

Seeds 2,000 employees, writes a CSV of 100,000 values (every employee x 5 metrics
x 10 days), then times `metric_file_import` on it: the first import (every value
new), the same file again (every value unchanged) and a file where every value
changed (each change audited old -> new). Beside them, a baseline measured in the
same run on the same rows: a plain COPY of the 100,000 values into the table, with
no reading, checking, upsert or audit. The same values as XLSX are timed too (its
reader parses XML, the larger share of the time). Prints figures; asserts nothing.

Runs by itself (`make bench`, or `.venv/bin/python tests/bench/metric_import.py`)
in its own database, hrflow_bench_metrics, on the configured PostgreSQL server,
which must be on this machine; the database is removed at the end, even after a
failure.
"""

import argparse
import io
import os
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

import bench_common  # noqa: E402 - after the path and settings are set

BENCH_DATABASE = "hrflow_bench_metrics"
BENCH_REDIS_DB = 15  # not used by another benchmark
TARGET_SECONDS = 10.0
METRICS = ("safety_incidents", "output_units", "quality_defects", "customer_satisfaction",
           "attendance_rate")  # fmt: skip
RULE = "-" * 84


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=2_000)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--no-xlsx", action="store_true", help="skip the XLSX timing")
    args = parser.parse_args()
    with bench_common.bench_run(BENCH_DATABASE, BENCH_REDIS_DB):
        _run(args.employees, args.days, xlsx=not args.no_xlsx)
    return 0


def _run(employees: int, days: int, *, xlsx: bool) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from employees.models import Employee
    from employees.seeding.builder import seed_employees

    call_command("migrate", interactive=False, verbosity=0)
    started = time.monotonic()
    seed_employees(count=employees, today=timezone.localdate())
    numbers = list(Employee.objects.order_by("pk").values_list("number", flat=True))
    hr = _hr_admin()
    first_day = timezone.localdate() - timedelta(days=days)
    rows = [
        (number, metric, (first_day + timedelta(days=day)).isoformat(), str((n + day) % 7))
        for n, number in enumerate(numbers)
        for metric in METRICS
        for day in range(days)
    ]
    changed = [(number, metric, on, str(int(value) + 1)) for number, metric, on, value in rows]
    print(
        f"\nhrflow benchmark: metric import ({bench_common.server_version()}, "
        f"{os.cpu_count()} CPUs)\n{RULE}\n"
        f"seeded {len(numbers):,} employees in {time.monotonic() - started:.1f} s; "
        f"{len(rows):,} values per file",
        flush=True,
    )
    measured = [
        _timed("CSV, first import (every value new)", lambda: _import(_csv(rows), "kpi.csv", hr)),
        _timed(
            "CSV, the same file again (every value unchanged)",
            lambda: _import(_csv(rows), "kpi.csv", hr),
        ),
        _timed(
            "CSV, every value changed (each audited old -> new)",
            lambda: _import(_csv(changed), "kpi.csv", hr),
        ),
    ]
    if xlsx:
        workbook = _xlsx(changed)
        measured.append(_timed("XLSX, the same values again (unchanged)",
                               lambda: _import(workbook, "kpi.xlsx", hr)))  # fmt: skip
        _values_delete()
        measured.append(_timed("XLSX, first import (every value new)",
                               lambda: _import(workbook, "kpi.xlsx", hr)))  # fmt: skip
        measured.append(_timed("  of which reading the sheet (python-calamine)",
                               lambda: _read_calamine(workbook)))  # fmt: skip
        measured.append(_timed("  baseline: reading it with openpyxl (read-only)",
                               lambda: _read_openpyxl(workbook)))  # fmt: skip
    _values_delete()
    measured.append(_timed("baseline: plain COPY of the same rows, nothing checked",
                           lambda: _baseline(rows)))  # fmt: skip
    print(f"  {'what':<58} {'seconds':>8} {'values/s':>10} {'queries':>8}")
    for label, seconds, count, queries in measured:
        print(f"  {label:<58} {seconds:>8.2f} {count / seconds:>10,.0f} {queries:>8}")
    first_imports = [seconds for label, seconds, _, _ in measured if "first import" in label]
    verdict = "met" if max(first_imports) <= TARGET_SECONDS else "MISSED"
    print(f"target {len(rows):,} new values in under {TARGET_SECONDS:.0f} s (CSV and XLSX): "
          f"{verdict}\n{RULE}",
          flush=True)  # fmt: skip


def _hr_admin() -> Any:
    from django.contrib.auth.models import Group

    from hrflow.accounts.models import User
    from hrflow.accounts.roles import Role

    user = User.objects.create_user(email="bench-hr@hrflow.local", password=None, full_name="HR")
    user.groups.set(Group.objects.filter(name=Role.HR_ADMIN.value))
    return user


def _csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    lines = ["工号,指标代码,日期,数值", *(",".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("gb18030")  # as Chinese Excel saves it


def _xlsx(rows: list[tuple[str, str, str, str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["工号", "指标代码", "日期", "数值"])
    for number, metric, on, value in rows:
        sheet.append([number, metric, on, int(value)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _read_calamine(data: bytes) -> int:
    from hrflow.core.tabular import table_read

    return len(table_read(name="kpi.xlsx", data=data).rows)


def _read_openpyxl(data: bytes) -> int:
    """What the reader did before python-calamine: the figure it replaced."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True)) - 1
    workbook.close()
    return rows


def _import(data: bytes, name: str, hr: Any) -> int:
    from employees.metrics.importing import metric_file_import

    return metric_file_import(name=name, data=data, actor=hr).batch.rows


def _values_delete() -> None:
    from employees.models import MetricValue

    MetricValue.objects.all().delete()


def _baseline(rows: list[tuple[str, str, str, str]]) -> int:
    """The same rows written by COPY alone into the emptied table, in one transaction
    (ids looked up by two queries, as the import does)."""
    from django.db import transaction

    from employees.models import Employee, Metric, MetricValue
    from hrflow.core.bulk_rows import rows_copy

    employee_ids = dict(Employee.objects.values_list("number", "pk"))
    metric_ids = dict(Metric.objects.values_list("code", "pk"))
    with transaction.atomic():
        return rows_copy(
            MetricValue,
            ["metric", "employee", "on", "value", "source", "recorded_at"],
            (
                (metric_ids[metric], employee_ids[number], on, value, "import", "now")
                for number, metric, on, value in rows
            ),
        )


def _timed(label: str, work: Callable[[], int]) -> tuple[str, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        count = work()
        seconds = time.monotonic() - started
    return label, seconds, count, len(queries.captured_queries)


if __name__ == "__main__":
    sys.exit(main())
