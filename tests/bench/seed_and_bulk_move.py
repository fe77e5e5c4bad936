"""Benchmark: seed 100,000 applications, then move 1,000 of the largest job at once.

Prints the seed time and rows per table, then the time and query count of
`application_bulk_move` of 1,000 applications (one transaction) next to a
naive loop of `application_move` over 1,000 others (one transaction each),
measured in the same run on the same data.

Runs by itself (`make bench`, or `.venv/bin/python tests/bench/seed_and_bulk_move.py`)
in its own database, hrflow_bench, on the configured PostgreSQL server, which
must be on this machine: the database is made, migrated, and dropped at the end,
even after a failure. Sizes are fixed unless given (`--applications 20000` for a
quick look); nothing else is touched and nothing keeps running.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

import bench_common  # noqa: E402 - after the path and settings are set

BENCH_DATABASE = "hrflow_bench"
BULK_MOVE_TARGET_SECONDS = 2.0
RULE = "-" * 84


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--moved", type=int, default=1_000)
    args = parser.parse_args()

    server_url = bench_common.server_url()
    bench_common.database_recreate(server_url, BENCH_DATABASE)
    try:
        os.environ["DATABASE_URL"] = bench_common.with_database(server_url, BENCH_DATABASE)
        return _run(args.applications, args.jobs, args.moved)
    finally:
        bench_common.django_disconnect()
        bench_common.database_drop(server_url, BENCH_DATABASE)


@dataclass(frozen=True)
class Timing:
    method: str
    moved: int
    seconds: float
    queries: int


def _run(applications: int, jobs: int, moved: int) -> int:
    import django

    django.setup()
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
        applications=applications, jobs=jobs, seed=1, now=timezone.now(), progress=progress
    )
    lines = [
        f"hrflow benchmark: seed and bulk move ({bench_common.server_version()}, "
        f"{os.cpu_count()} CPUs)",
        RULE,
        f"{'migrate an empty database':<52} {migrated:>9.1f} s",
        f"{f'seed {applications:,} applications over {jobs} jobs':<52} {summary.seconds:>9.1f} s",
        "rows per table:",
        *(f"  {table:<24} {count:>12,}" for table, count in summary.rows.items()),
    ]
    print("\n".join(["", *lines]), flush=True)
    _moves_report(moved)
    return 0


def _moves_report(count: int) -> None:
    """Bulk-move `count` active applications of the largest job, then move `count`
    others one by one, each fetched and moved in its own transaction as a
    per-row caller would; print both side by side."""
    from django.db.models import Count

    from recruiting.models import Application, Job, StageKind
    from recruiting.services.applications import application_bulk_move, application_move

    job = Job.objects.annotate(size=Count("applications")).order_by("-size", "pk").first()
    if job is None:
        raise SystemExit("benchmark: the seed made no job")
    target = job.stages.filter(kind=StageKind.INTERVIEW).order_by("position").first()
    target = target or job.stages.order_by("-position").first()
    ids = list(
        Application.objects.filter(job=job, status=Application.Status.ACTIVE)
        .exclude(stage=target)
        .order_by("pk")
        .values_list("pk", flat=True)[: 2 * count]
    )
    bulk_ids, naive_ids = ids[:count], ids[count:]
    if len(naive_ids) < count:
        print(f"(only {len(ids):,} active applications to move; the runs below are smaller)")

    def bulk() -> int:
        return application_bulk_move(application_ids=bulk_ids, to_stage=target).moved

    def naive() -> int:
        for pk in naive_ids:
            application_move(application=Application.objects.get(pk=pk), to_stage=target)
        return len(naive_ids)

    timings = [
        _timed("application_bulk_move, one transaction", bulk),
        _timed("application_move per row (naive baseline)", naive),
    ]
    fast, slow = timings
    verdict = "met" if fast.seconds < BULK_MOVE_TARGET_SECONDS else "MISSED"
    lines = [
        "",
        f"move {count:,} active applications of the largest job ({job.size:,}) to {target.name!r}:",
        f"  {'method':<44} {'moved':>6} {'seconds':>8} {'queries':>8} {'ms each':>8}",
        *(
            f"  {t.method:<44} {t.moved:>6,} {t.seconds:>8.2f} {t.queries:>8,} "
            f"{t.seconds * 1000 / max(t.moved, 1):>8.2f}"
            for t in timings
        ),
        f"  bulk is {slow.seconds / fast.seconds * fast.moved / max(slow.moved, 1):.0f}x "
        f"faster per application; target {count:,} in under "
        f"{BULK_MOVE_TARGET_SECONDS:.0f} s: {verdict}",
        RULE,
    ]
    print("\n".join(lines), flush=True)


def _timed(method: str, work: Callable[[], int]) -> Timing:
    from django.db import connection

    queries = 0

    def count(execute: Callable[..., Any], *args: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(*args)

    # Counted with a wrapper, not captured: the naive loop runs past the
    # 9,000 queries Django keeps in connection.queries.
    with connection.execute_wrapper(count):
        started = time.monotonic()
        moved = work()
        seconds = time.monotonic() - started
    return Timing(method, moved, seconds, queries)


if __name__ == "__main__":
    sys.exit(main())
