"""Benchmark: the supervisor's training suggestions page, for a team of 20 and of 200.

A fresh database is migrated and seeded with a company (`seed_employees`, 2,000
people by default), then a workshop supervisor with 20, and another with 200,
direct reports on one position, each report with AI-interview evidence on safety
awareness and hands-on ability (a third of them in the bottom 30 % of the pool),
and a job-family requirement on hands-on ability so gaps count as well. The
page is requested in process (Django's test client, signed in as the supervisor,
DEBUG off) and its median and p90 time and SQL query count printed, beside two
baselines measured in the same run on the same data: the "My team" page (the
same people, no training), and the one SQL query that reads the 200 reports
with their job record, the floor under any team page. Targets: under 150 ms
median for 200 reports, and the same number of queries for 20 and 200.

Runs by itself (`.venv/bin/python tests/bench/training_suggestions.py`) in its
own database, hrflow_bench_training, on the configured PostgreSQL server (on
this machine); dropped at the end, even after a failure. It reports and does
not assert.
"""

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

import bench_common  # noqa: E402 - after the path and settings are set
from page_timing import Measure, measure_row, page_measure, times_ms  # noqa: E402

BENCH_DATABASE = "hrflow_bench_training"
BENCH_REDIS_DB = 13
TARGET_MS = 150.0
TEAMS = (20, 200)
RULE = "-" * 96
BASELINE_SQL = """
    SELECT e.id, e.number, e.full_name, a.job_title, a.status, p.title, p.job_family
    FROM employees_assignment a
    JOIN employees_employee e ON e.id = a.employee_id
    LEFT JOIN employees_position p ON p.id = a.position_id
    WHERE a.manager_id = %s AND a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to > %s)
    ORDER BY e.full_name, e.id
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--company", type=int, default=2000, help="employees seeded around")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with bench_common.bench_run(BENCH_DATABASE, BENCH_REDIS_DB):
        _django_setup()
        _seed(args.company)
        results = {size: _team_run(size, args.runs) for size in TEAMS}
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


def _seed(company: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.utils import timezone

    from employees.seeding.builder import seed_employees

    bench_common.django_disconnect()
    bench_common.database_recreate(bench_common.server_url(), BENCH_DATABASE)
    ContentType.objects.clear_cache()
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    seed_employees(count=company, today=timezone.localdate(), seed=1)
    print(f"\n{company:,} employees migrated and seeded in {time.monotonic() - started:.1f} s")


def _team_run(size: int, runs: int) -> dict[str, Measure]:
    from decimal import Decimal

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from employees.models import CompetencyRequirement, SkillEvidence, TrainingSettings
    from tests.employees.training.scene import workshop_make

    # Every third report in the bottom 30 % of the pool on safety awareness.
    workshop = workshop_make(reports=size, percentiles=[10 + 30 * (n % 3) for n in range(size)])
    SkillEvidence.objects.bulk_create(
        SkillEvidence(
            employee=person,
            competency=workshop.hands_on,
            source="ai_interview",
            dimension_code="hands_on_ability",
            score=Decimal(55),
            pool_percentile=Decimal(55),
            pool_size=120,
            origin_ref=f"bench:{person.pk}",
        )
        for person in workshop.reports
    )
    CompetencyRequirement.objects.get_or_create(
        job_family="production", competency=workshop.hands_on, defaults={"level": 4}
    )
    TrainingSettings.current()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(workshop.boss_user)
    print(f"\nsupervisor with {size} reports")
    print(f"  {'page':<48} {'median ms':>10} {'p90 ms':>8} {'runs':>5} {'queries':>8}")
    measured = {
        "suggestions page": page_measure(
            "suggestions page", client, reverse("employees:training-team"), runs
        ),
        "baseline: My team page": page_measure(
            "baseline: My team page", client, reverse("employees:my-team"), runs
        ),
        "baseline: one SQL for the team": _baseline(workshop.boss.pk, runs),
    }
    for measure in measured.values():
        print(f"  {measure_row(measure)}", flush=True)
    return measured


def _baseline(manager_id: int, runs: int) -> Measure:
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()

    def query() -> None:
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, [manager_id, today, today])
            cursor.fetchall()

    query()
    return Measure("baseline: one SQL for the team", times_ms(query, runs), 1)


def _summary(results: dict[int, dict[str, Measure]]) -> None:
    print(f"\n{RULE}\ntargets: median under {TARGET_MS:.0f} ms with {TEAMS[-1]} reports; "
          "the same queries at every team size")  # fmt: skip
    for label in results[TEAMS[0]]:
        measures = [results[size][label] for size in TEAMS]
        medians = " / ".join(f"{m.median:.0f}" for m in measures)
        queries = " / ".join(str(m.queries) for m in measures)
        fast = measures[-1].median < TARGET_MS
        constant = len({m.queries for m in measures}) == 1
        print(
            f"  {label:<48} {medians:>12} ms  {queries:>9} queries  "
            f"{'met' if fast else 'MISSED'}, {'constant' if constant else 'NOT constant'}"
        )
    print(f"  (team sizes: {' / '.join(str(size) for size in TEAMS)})\n{RULE}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
