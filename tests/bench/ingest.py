"""Benchmark: AI-interview result ingest, from a simulator through one worker into PostgreSQL.

For each vendor asked for (VueSim, 面试宝 or both, one after the other), makes
20,000 scored results in that vendor's simulator (an HTTP server on 127.0.0.1,
rate limit off, clock five minutes behind ours), their candidate references
cycling over the applications of a seeded database; then queues one sync to a
real Celery worker (prefork, two processes) and times it end to end, from
queueing the sync until the last result is stored. Next to it, a baseline
measured in the same run on the same rows: the assessment and dimension-score
rows that ingest stored, deleted and written back with one COPY per table in
one transaction. It prints results per second of both, their ratio, the sync
runs, the rows written per table and the CPU each process used, then the
targets (2,000 results per second, and at least a quarter of the baseline) as
met or not.

Runs by itself (`make bench`, or `.venv/bin/python tests/bench/ingest.py`) in its
own database, hrflow_bench_ingest, on the configured PostgreSQL server, and its
own Redis database (number 11) on the configured Redis server, both of which
must be on this machine: the database is made, migrated and dropped at the end,
the Redis database emptied before and after, and the simulator and worker
stopped, even after a failure. Each vendor's ingest gives up after `--timeout`
seconds. It reports and does not assert: it exits 0 whatever the figures, and
non-zero only on an error.
"""

import argparse
import io
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path[:0] = [str(REPO_ROOT), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

from bench_stats import (  # noqa: E402 - needs the path above
    backends_cpu,
    cpu_seconds,
    table_writes,
    table_writes_since,
)
from bench_worker import Worker  # noqa: E402

BENCH_DATABASE = "hrflow_bench_ingest"
# Not 0 (the demo) nor 9 (the tests, hrflow/settings/test.py); emptied before and after.
BENCH_REDIS_DB = 11
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
VENDORS = ("vuesim", "mianshibao")
VENDOR_NAMES = {"vuesim": "VueSim", "mianshibao": "面试宝"}
# The largest page each vendor serves (docs/vendors/vuesim.md: per_page <= 200;
# docs/vendors/mianshibao.md: <= 100).
PAGE_SIZES = {"vuesim": 200, "mianshibao": 100}
# The simulator's clock runs this far behind ours, so that 面试宝's windows (which end two
# minutes before our now) hold every result (as tests/recruiting/vendors/harness.py does).
SIM_CLOCK_BEHIND = 300
TARGET_PER_SECOND = 2_000.0
TARGET_SHARE = 0.25  # of the baseline's results per second
POLL_SECONDS = 0.1
# No result stored and no sync running for this long: the ingest is stuck; stop waiting.
STALL_SECONDS = 120.0
RUN_FINISH_SECONDS = 30.0
RULE = "-" * 100
WORKER_LOG = REPO_ROOT / ".artifacts" / "bench-ingest-worker.log"


@dataclass
class Ingest:
    vendor: str
    expected: int
    stored: int = 0
    seconds: float = 0.0
    first_seconds: float | None = None
    made_seconds: float = 0.0
    worker_ready_seconds: float = 0.0
    gave_up: str = ""
    dimension_rows: int = 0
    runs: list[Any] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)
    writes_before: list[tuple[str, int, int, int]] = field(default_factory=list)
    writes: list[tuple[str, int, int, int]] = field(default_factory=list)
    baseline_seconds: float = 0.0
    baseline_results: int = 0
    baseline_dimension_rows: int = 0

    @property
    def per_second(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0

    @property
    def baseline_per_second(self) -> float:
        return self.baseline_results / self.baseline_seconds if self.baseline_seconds else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=20_000, help="results per vendor")
    parser.add_argument("--vendor", choices=[*VENDORS, "both"], default="both")
    parser.add_argument("--applications", type=int, default=2_000)
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds each vendor's ingest may take"
    )
    args = parser.parse_args()
    if not 1 <= args.results <= 200_000:
        parser.error("--results must lie between 1 and 200,000 (the simulators' limit)")
    if args.applications < 1:
        parser.error("--applications must be at least 1")
    vendors = list(VENDORS) if args.vendor == "both" else [args.vendor]

    from bench_common import bench_run

    results: list[Ingest] = []
    with bench_run(BENCH_DATABASE, BENCH_REDIS_DB):
        _setup(args)
        for vendor in vendors:
            results.append(_vendor_run(vendor, args))
        _summary(results)
    return 0


def _setup(args: argparse.Namespace) -> None:
    import celery
    import django

    django.setup()
    from bench_common import server_version
    from django.core.management import call_command
    from django.utils import timezone

    from recruiting.seeding.builder import seed_database
    from recruiting.seeding.progress import TerminalProgress

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.monotonic() - started
    progress = (
        TerminalProgress(write=sys.stderr.write, flush=sys.stderr.flush)
        if sys.stderr.isatty()
        else None
    )
    summary = seed_database(
        applications=args.applications,
        jobs=args.jobs,
        seed=1,
        now=timezone.now(),
        progress=progress,
    )
    print(
        "\n".join(
            [
                "",
                RULE,
                f"hrflow benchmark: AI-interview result ingest ({server_version()}, "
                f"{os.cpu_count()} CPUs, {platform.machine()}, Python "
                f"{platform.python_version()}, Celery {celery.__version__})",
                f"{args.applications:,} applications over {args.jobs} jobs: "
                f"migrate {migrated:.1f} s, seed {summary.seconds:.1f} s",
                f"worker: celery -A hrflow worker --pool prefork --concurrency 2, "
                f"DEBUG off, broker {os.environ['CELERY_BROKER_URL']}",
            ]
        ),
        flush=True,
    )


def _vendor_run(vendor: str, args: argparse.Namespace) -> Ingest:
    from integrations.simulators import start_in_thread

    name = VENDOR_NAMES[vendor]
    result = Ingest(vendor=vendor, expected=args.results)
    print(f"\n{name} ({vendor}):", flush=True)
    simulator = start_in_thread(vendor, host="127.0.0.1", port=0, seed=1)
    try:
        connection = _prepare(vendor, simulator, args, result)
        worker = Worker(f"bench-ingest-{vendor}", WORKER_LOG)
        try:
            result.worker_ready_seconds = worker.start()
            _ingest(connection, args.timeout, worker, result)
        finally:
            worker.stop()
        result.writes = table_writes_since(result.writes_before)
        _ingest_report(result)
    finally:
        simulator.stop()
    _baseline(connection, result)
    return result


def _prepare(vendor: str, simulator: Any, args: argparse.Namespace, result: Ingest) -> Any:
    """Results in the simulator, and a connection to it paging as far as the vendor allows."""
    import httpx
    from django.utils import timezone

    from integrations.models import VendorConnection
    from recruiting.models import Application
    from recruiting.vendors.connections import connection_create
    from recruiting.vendors.refs import candidate_ref

    url = urlsplit(simulator.url)
    if url.hostname not in LOOPBACK:
        raise RuntimeError(f"the simulator listens on {simulator.url}, not on this machine")
    applications = list(
        Application.objects.exclude(status=Application.Status.MERGED).order_by("pk")[
            : args.applications
        ]
    )
    if not applications:
        raise RuntimeError("the seed made no application")
    references = [candidate_ref(application) for application in applications]
    with httpx.Client(base_url=simulator.url, timeout=120, trust_env=False) as control:

        def post(path: str, body: dict[str, Any]) -> Any:
            response = control.post(f"/__sim__/{path}", json=body)
            if response.status_code >= 400:
                raise RuntimeError(f"simulator {path}: {response.status_code} {response.text}")
            return response.json()

        post("config", {"rate_limit": 0})
        post("clock", {"offset_seconds": -SIM_CLOCK_BEHIND})
        ids_key = "external_ids" if vendor == "vuesim" else "outUserIds"
        made = post("bulk", {"count": args.results, ids_key: references})
    result.made_seconds = float(made["seconds"])
    credentials = simulator.credentials()
    if vendor == "vuesim":
        keys, secret = ("client_id", "client_secret"), credentials["webhook_secrets"][0]
    else:
        keys, secret = ("app_key", "app_secret"), credentials["app_secret"]
    connection = connection_create(
        name=f"bench {vendor}",
        vendor=vendor,
        base_url=simulator.url,
        credentials={key: credentials[key] for key in keys},
        webhook_secret=secret,
        # The results are a second apart and end ten minutes ago: all after this.
        backfill_from=timezone.now() - timedelta(seconds=args.results, hours=1),
        actor=None,
    )
    VendorConnection.objects.filter(pk=connection.pk).update(page_size=PAGE_SIZES[vendor])
    connection.page_size = PAGE_SIZES[vendor]
    print(
        f"  {made['created']:,} scored results made in the simulator at {simulator.url} in "
        f"{result.made_seconds:.1f} s, candidate references cycling over "
        f"{len(references):,} applications; rate limit off; page size {connection.page_size}",
        flush=True,
    )
    return connection


def _ingest(connection: Any, timeout: float, worker: Worker, result: Ingest) -> None:
    """Queue one sync; wait until every result is stored (or the ingest gives up)."""
    from django.db import connection as db

    from integrations.models import SyncRun
    from recruiting.models import Assessment
    from recruiting.tasks import connection_sync_task

    stored = Assessment.objects.filter(source=connection.source_key)
    running = SyncRun.objects.filter(connection=connection, status=SyncRun.Status.RUNNING)
    result.writes_before = table_writes()
    backends: dict[int, float] = {}
    backends_cpu(backends)
    worker_cpu = cpu_seconds(worker.pids())
    own_cpu = time.process_time()

    started = time.monotonic()
    connection_sync_task.delay(connection.pk, SyncRun.Trigger.MANUAL)
    deadline, progress_at, count = started + timeout, started, 0
    while True:
        now = time.monotonic()
        latest = stored.count()
        if latest > count:
            count, progress_at = latest, now
            if result.first_seconds is None:
                result.first_seconds = now - started
        if count >= result.expected:
            break
        if now > deadline:
            result.gave_up = f"gave up after the {timeout:.0f} s timeout"
            break
        if now - progress_at > STALL_SECONDS and not running.exists():
            result.gave_up = (
                f"gave up: nothing stored and no sync running for {STALL_SECONDS:.0f} s"
            )
            break
        if not worker.alive():
            raise RuntimeError(f"the celery worker exited during the ingest; see {WORKER_LOG}")
        backends_cpu(backends)
        time.sleep(POLL_SECONDS)
    result.seconds = time.monotonic() - started
    result.stored = count

    # Read the process figures before the worker stops, and let the last run finish
    # (it notes it has nothing more to fetch) so that its figures are complete.
    backends_cpu(backends)
    result.cpu = {
        "worker": cpu_seconds(worker.pids()) - worker_cpu,
        "postgres": sum(backends.values()),
        "here": time.process_time() - own_cpu,
    }
    # A run stopped by its page or time budget has queued the next; wait for the last one.
    finish_by = time.monotonic() + RUN_FINISH_SECONDS
    ended = (SyncRun.Status.SUCCEEDED, SyncRun.Status.FAILED)
    runs = SyncRun.objects.filter(connection=connection).order_by("-started_at", "-pk")
    while not result.gave_up and time.monotonic() < finish_by:
        last = runs.values_list("status", flat=True).first()
        if last in ended:
            break
        time.sleep(POLL_SECONDS)
    result.runs = list(SyncRun.objects.filter(connection=connection).order_by("started_at", "pk"))
    result.dimension_rows = _dimension_rows(connection.source_key)
    db.close()  # a fresh session for the baseline, whatever happened here


def _ingest_report(result: Ingest) -> None:
    from integrations.models import SyncRun

    first = f"{result.first_seconds:.2f} s" if result.first_seconds is not None else "never"
    lines = [
        f"  worker ready in {result.worker_ready_seconds:.1f} s; sync queued; first results "
        f"stored after {first}",
        f"  ours: {result.stored:,} of {result.expected:,} results stored in "
        f"{result.seconds:.2f} s: {result.per_second:,.0f} results/s "
        f"({result.dimension_rows:,} dimension scores)"
        + (f"; {result.gave_up}" if result.gave_up else ""),
        "  sync runs (each stops after 200 pages, 4 minutes or 10,000 results waiting for their "
        "lanes, and queues the next; a run ends when its lanes have recorded its pages):",
        f"    {'status':<10} {'pages':>6} {'fetched':>8} {'created':>8} {'updated':>8} "
        f"{'unchanged':>9} {'unmatched':>9} {'held':>5} {'errors':>6} {'seconds':>8} "
        f"{'results/s':>9}",
    ]
    for run in result.runs:
        seconds = run.duration.total_seconds() if run.duration else None
        shown = f"{seconds:>8.2f}" if seconds is not None else f"{'running':>8}"
        rate = f"{run.fetched / seconds:>9,.0f}" if seconds else f"{'':>9}"
        lines.append(
            f"    {run.status:<10} {run.pages:>6,} {run.fetched:>8,} {run.created:>8,} "
            f"{run.updated:>8,} {run.unchanged:>9,} {run.unmatched:>9,} {run.quarantined:>5,} "
            f"{run.errors:>6,} {shown} {rate}" + (f"  {run.error[:80]}" if run.error else "")
        )
    failed = [run for run in result.runs if run.status == SyncRun.Status.FAILED]
    if failed:
        lines.append(f"    {len(failed)} run(s) failed; the worker log is {WORKER_LOG}")
    cpu = result.cpu
    lines.append(
        f"  CPU seconds during the ingest: worker (3 processes) {cpu['worker']:.1f}, PostgreSQL "
        f"backends of the bench database {cpu['postgres']:.1f}, this process (simulator, "
        f"polling) {cpu['here']:.1f}; {result.seconds:.1f} s of wall time on "
        f"{os.cpu_count()} CPUs"
    )
    if result.writes and result.stored:
        lines.append("  rows written per table during the ingest (per result stored):")
        lines.append(
            f"    {'table':<40} {'inserted':>9} {'updated':>9} {'deleted':>9} {'per result':>11}"
        )
        for table, inserted, updated, deleted in result.writes:
            each = (inserted + updated + deleted) / result.stored
            lines.append(
                f"    {table:<40} {inserted:>9,} {updated:>9,} {deleted:>9,} {each:>11.2f}"
            )
    print("\n".join(lines), flush=True)


def _dimension_rows(source: str) -> int:
    from recruiting.models import AssessmentDimensionScore

    return AssessmentDimensionScore.objects.filter(assessment__source=source).count()


def _baseline(connection: Any, result: Ingest) -> None:
    """The rows the ingest stored, deleted, then written back: one COPY per table, one
    transaction, into the same tables with the same indexes and keys."""
    from django.db import connection as db
    from django.db import transaction
    from psycopg2 import sql

    from hrflow.core.pgcopy import lines_copy
    from recruiting.models import Assessment, AssessmentDimensionScore

    source = connection.source_key
    rows = Assessment.objects.filter(source=source)
    score_rows = AssessmentDimensionScore.objects.filter(assessment__source=source)
    a_lines = _copy_out(rows, Assessment)
    s_lines = _copy_out(score_rows, AssessmentDimensionScore)
    a_table, s_table = (
        sql.Identifier(m._meta.db_table) for m in (Assessment, AssessmentDimensionScore)
    )
    with db.cursor() as cursor:
        with transaction.atomic():
            cursor.execute(
                sql.SQL(
                    "DELETE FROM {} WHERE assessment_id IN (SELECT id FROM {} WHERE source = %s)"
                ).format(s_table, a_table),
                [source],
            )
            cursor.execute(sql.SQL("DELETE FROM {} WHERE source = %s").format(a_table), [source])
        # As clean as the tables the ingest wrote into: no dead rows, fresh statistics.
        cursor.execute(sql.SQL("VACUUM (ANALYZE) {}, {}").format(a_table, s_table))

    started = time.perf_counter()
    with transaction.atomic():
        written = lines_copy(Assessment, _fields(Assessment), a_lines)
        copied = time.perf_counter()
        written_scores = lines_copy(
            AssessmentDimensionScore, _fields(AssessmentDimensionScore), s_lines
        )
        committing = time.perf_counter()
    finished = time.perf_counter()
    result.baseline_seconds = finished - started
    result.baseline_results, result.baseline_dimension_rows = written, written_scores

    if (rows.count(), score_rows.count()) != (len(a_lines), len(s_lines)):
        raise RuntimeError("the baseline did not write back every row it read")
    total = written + written_scores
    megabytes = sum(len(line.encode()) + 1 for line in (*a_lines, *s_lines)) / 1e6
    print(
        f"  baseline: the same {written:,} assessment and {written_scores:,} dimension-score "
        f"rows ({megabytes:,.1f} MB of COPY text), one COPY per table in one transaction: "
        f"{result.baseline_seconds:.2f} s (assessments {copied - started:.2f} s, dimension "
        f"scores {committing - copied:.2f} s, commit {finished - committing:.2f} s), "
        f"{result.baseline_per_second:,.0f} results/s ({total / result.baseline_seconds:,.0f} "
        "rows/s)",
        flush=True,
    )


def _fields(model: Any) -> list[str]:
    return [f.name for f in model._meta.concrete_fields]


def _copy_out(rows: Any, model: Any) -> list[str]:
    """The rows of a queryset, every column in field order, in COPY text format: one string
    each (no newline), as PostgreSQL itself writes them."""
    from django.db import connection as db

    columns = [f.attname for f in model._meta.concrete_fields]
    query, params = rows.order_by("pk").values_list(*columns).query.sql_with_params()
    buffer = io.StringIO()
    with db.cursor() as cursor:
        cursor.copy_expert(f"COPY ({cursor.mogrify(query, params).decode()}) TO STDOUT", buffer)
    # COPY escapes newlines inside values, so every "\n" ends a row; not splitlines(),
    # which also splits at characters COPY leaves alone (U+2028, \x1c, ...).
    text = buffer.getvalue()
    return text.split("\n")[:-1] if text else []


def _summary(results: list[Ingest]) -> None:
    if not results:
        return
    share = f"{TARGET_SHARE:.0%}"
    lines = [
        "",
        RULE,
        "ours vs baseline, results per second in the same run on the same rows (ours: end to "
        "end, from queueing the sync until the last result is stored; baseline: those rows "
        "written with one COPY per table):",
    ]
    for result in results:
        ratio = result.per_second / result.baseline_per_second if result.baseline_seconds else 0
        lines.append(
            f"  {result.vendor:<10} ours {result.per_second:,.0f} results/s vs baseline "
            f"{result.baseline_per_second:,.0f} results/s: {ratio:.1%} of the baseline"
        )
    lines += [
        "",
        f"targets: at least {TARGET_PER_SECOND:,.0f} results/s, and at least {share} of the "
        "baseline:",
        f"  {'vendor':<10} {'results':>8} {'ours s':>8} {'ours/s':>8} {'baseline s':>11} "
        f"{'baseline/s':>11} {'ratio':>7} {'>= ' + f'{TARGET_PER_SECOND:,.0f}/s':>11} "
        f"{'>= ' + share:>9}",
    ]
    for result in results:
        ratio = result.per_second / result.baseline_per_second if result.baseline_seconds else 0
        complete = result.stored >= result.expected
        fast = complete and result.per_second >= TARGET_PER_SECOND
        near = complete and ratio >= TARGET_SHARE
        lines.append(
            f"  {result.vendor:<10} {result.stored:>8,} {result.seconds:>8.2f} "
            f"{result.per_second:>8,.0f} {result.baseline_seconds:>11.2f} "
            f"{result.baseline_per_second:>11,.0f} {ratio:>7.1%} "
            f"{'met' if fast else 'NOT MET':>11} {'met' if near else 'NOT MET':>9}"
        )
    incomplete = [result.vendor for result in results if result.stored < result.expected]
    if incomplete:
        lines.append(f"  (incomplete ingest, targets not met: {', '.join(incomplete)})")
    lines.append(RULE)
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
