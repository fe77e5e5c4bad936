"""Benchmark: every analytics report page at 1,000,000 applications and 100,000 employees,
and the incremental refresh after 10,000 new AI results.

A fresh database is migrated and seeded (`manage.py seed`'s builders: applications with
their history, offers, survey answers, self-identification, screening decisions;
employees with outcomes), the facts are rebuilt in full (timed), then:

- each report page is requested in process as an HR admin (Django's test client, DEBUG
  off), default filters (the last six months) and the whole two years, median and p90
  time and query count; beside it, the baseline the issue asks for: the same report's
  figures computed straight from the base tables (reading every application of the
  period with its history and counting it, which is what the page would cost without
  the fact tables);
- 10,000 AI results are added to applications waiting in an AI interview stage, and the
  incremental refresh is timed beside the full rebuild measured before.

Targets (issue 17 point 13): every report page ≤ 1 s; the refresh after 10,000 new
results ≤ 10 s. `--applications` and `--employees` pick the size (the 1M seed alone
takes minutes); `--reuse` keeps the seeded database for the next `--reuse` run and
`--drop` drops it. Reports and does not assert.
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

BENCH_DATABASE = "hrflow_bench_analytics"
BENCH_REDIS_DB = 12
TARGET_PAGE_MS = 1000.0
TARGET_REFRESH_S = 10.0
NEW_RESULTS = 10_000
RULE = "-" * 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep (or reuse) the seeded database")
    parser.add_argument("--drop", action="store_true", help="drop a kept database and stop")
    args = parser.parse_args()
    if args.drop:
        bench_common.database_drop(bench_common.server_url(), BENCH_DATABASE)
        return 0
    with bench_common.bench_run(BENCH_DATABASE, BENCH_REDIS_DB, keep=args.reuse):
        _django_setup()
        if not (args.reuse and _seeded()):
            _seed(args.applications, args.employees, args.jobs)
        else:
            _migrate()  # a kept database seeded before the latest migrations
        rebuild = _rebuild()
        pages = _pages(args.runs)
        # As the service runs: the facts just read by the pages (the beat refreshes
        # every five minutes, the reports read them all day).
        refresh = _incremental("facts in use")
        baselines = _baselines()
        # And once more after the baseline's scan of every base table has pushed the
        # facts out of memory: the worst case, on this machine's disk.
        cold = _incremental("after a scan of the base tables")
        _summary(pages, baselines, rebuild, [refresh, cold])
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


def _seeded() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('recruiting_application') IS NOT NULL")
        (exists,) = cursor.fetchone()
        if not exists:
            return False
        cursor.execute("SELECT count(*) > 0 FROM recruiting_application")
        return bool(cursor.fetchone()[0])


def _seed(applications: int, employees: int, jobs: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    bench_common.django_disconnect()
    bench_common.database_recreate(bench_common.server_url(), BENCH_DATABASE)
    ContentType.objects.clear_cache()
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed", applications=applications, employees=employees, jobs=jobs, verbosity=1)
    print(f"\nmigrated and seeded in {time.monotonic() - started:.1f} s", flush=True)


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _rebuild() -> float:
    from django.db import connection

    from analytics.facts.refresh import refresh_run

    started = time.monotonic()
    outcome = refresh_run(full=True)
    seconds = time.monotonic() - started
    assert outcome is not None
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"\nfull rebuild: {outcome.applications:,} applications, "
        f"{outcome.buckets:,} buckets in {seconds:.1f} s",
        flush=True,
    )
    return seconds


def _hr_admin_client():  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Group
    from django.test import Client

    from hrflow.accounts.models import User
    from hrflow.accounts.roles import Role

    admin, _created = User.objects.get_or_create(
        email="bench-hr@hrflow.local", defaults={"full_name": "Bench HR"}
    )
    admin.groups.add(Group.objects.get(name=Role.HR_ADMIN.value))
    client = Client()
    client.force_login(admin)
    return client


def _pages(runs: int) -> list[Measure]:
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from analytics.reports.registry import reports_all

    client = _hr_admin_client()
    today = timezone.localdate()
    two_years = f"?start={today - timedelta(days=730):%Y-%m-%d}&end={today:%Y-%m-%d}"
    measured = []
    print(f"\n  {'page':<56} {'median ms':>10} {'p90 ms':>8} {'runs':>5} {'queries':>8}")
    for spec in reports_all():
        url = reverse("analytics:report", args=[spec.key])
        for label, query in (("default filters", ""), ("two years", two_years)):
            measure = page_measure(f"{spec.key} ({label})", client, url + query, runs)
            measured.append(measure)
            print(f"  {measure_row(measure)}", flush=True)
    return measured


def _baselines() -> list[Measure]:
    """The figures straight from the base tables: every application of the default
    period read with its history and counted, as the pages would without facts."""
    from datetime import timedelta

    from django.utils import timezone

    from analytics.facts.counting import journeys_count
    from analytics.facts.journeys import journey_of
    from recruiting.models import Application
    from recruiting.selectors.reporting import ai_scores, application_records

    since = timezone.now() - timedelta(days=182)
    ids = list(Application.objects.filter(applied_at__gte=since).values_list("pk", flat=True))

    def count_all() -> None:
        for first in range(0, len(ids), 4000):
            batch = ids[first : first + 4000]
            journeys_count(
                [journey_of(record) for record in application_records(batch)], ai_scores(batch)
            )

    measure = Measure(
        f"baseline: base tables, {len(ids):,} applications of 6 months", times_ms(count_all, 1), 0
    )
    print(f"  {measure_row(measure)}", flush=True)
    return [measure]


def _incremental(label: str) -> tuple[str, float, int]:
    from django.db.models import F
    from django.utils import timezone

    from analytics.facts.refresh import refresh_run
    from recruiting.models import Assessment

    # As in service: the vendor's result completes the invitation sent when the
    # application entered the AI interview (recruiting/vendors/results.py).
    waiting = list(
        Assessment.objects.filter(
            kind=Assessment.Kind.AI_INTERVIEW,
            status=Assessment.Status.INVITED,
            application__status="active",
            application__stage__kind="ai_interview",
        )
        .order_by("-pk")
        .values_list("pk", flat=True)[:NEW_RESULTS]
    )
    now = timezone.now()
    Assessment.objects.filter(pk__in=waiting).update(
        status=Assessment.Status.COMPLETED,
        scoring_status=Assessment.Scoring.FINAL,
        overall_score=40 + F("application_id") % 60,
        completed_at=now,
        vendor_updated_at=now,
        updated_at=now,
    )
    started = time.monotonic()
    outcome = refresh_run()
    seconds = time.monotonic() - started
    assert outcome is not None
    print(
        f"\nincremental refresh after {len(waiting):,} new results ({label}): "
        f"{outcome.buckets:,} "
        f"buckets touched, {outcome.applications:,} applications counted again "
        f"in {seconds:.1f} s",
        flush=True,
    )
    return label, seconds, len(waiting)


def _summary(
    pages: list[Measure],
    baselines: list[Measure],
    rebuild: float,
    refreshes: list[tuple[str, float, int]],
) -> None:
    print(
        f"\n{RULE}\ntargets: every report page ≤ {TARGET_PAGE_MS:.0f} ms; "
        f"refresh after {NEW_RESULTS:,} results ≤ {TARGET_REFRESH_S:.0f} s"
    )
    for measure in pages:
        verdict = "met" if measure.median <= TARGET_PAGE_MS else "MISSED"
        print(f"  {measure.label:<56} {measure.median:>8.0f} ms  {verdict}")
    for measure in baselines:
        print(f"  {measure.label:<56} {measure.median:>8.0f} ms  (baseline)")
    for label, seconds, results in refreshes:
        verdict = "met" if seconds <= TARGET_REFRESH_S else "MISSED"
        row = f"incremental refresh after {results:,} results ({label})"
        print(f"  {row:<56} {seconds:>8.1f} s   {verdict}")
    print(f"  full rebuild (baseline) {rebuild:>33.1f} s\n{RULE}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
