"""Benchmark: every list and detail page HR opens, at 10k, 100k and 1M applications.

Seeds 10,000 applications over 20 jobs (the largest holding 1,000), measures,
then 100,000 (the largest 10,000) and 1,000,000 (the largest 100,000), each
afresh. The pages are those of page_catalogue.py: the staff URL map walked with
the largest job, its busiest stage, its candidate with the most applications.
For each page it prints the median and p90 server time of the whole request
(Django's test client, in process, signed in as an HR admin, DEBUG off) and its
SQL query count; next to the board and the score sheet, a baseline measured in
the same run on the same data: the same view rendering every card of the job,
and the same sheet on one page holding every row. Then the targets (under 150 ms
median at every size; 100k within 1.5x of 10k) as met or not, and for a page over
target the plan of its slowest query.

After seeding, the tables are vacuumed and analysed, as autovacuum does on a
live database after a bulk load (the seed writes a million rows in one COPY).

Runs by itself (`make bench`, or `.venv/bin/python tests/bench/pages.py`) in its
own database, hrflow_bench_pages, on the configured PostgreSQL server, which
must be on this machine: the database is made and migrated for each size, and
dropped at the end, even after a failure. `--sizes 10000,100000` picks sizes (the
1M seed alone takes minutes). `--reuse` keeps each size's seeded database
(hrflow_bench_pages_<size>) and uses it again on the next `--reuse` run, after
migrating it, so a change can be measured at 1M without seeding again;
`--drop-kept` removes those databases. It reports and does not assert: it exits 0
whatever the figures, and non-zero only on an error.
"""

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from page_catalogue import Page

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path[:0] = [str(REPO_ROOT), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")
# As in production: DEBUG keeps every query in memory and re-reads templates per request.
os.environ["DJANGO_DEBUG"] = "false"

BENCH_DATABASE = "hrflow_bench_pages"
TARGET_MS = 150.0
# "Nearly the same at both sizes": the larger median within this factor of the smaller.
SAME_RATIO = 1.5
PLAN_LINES = 40
# Timed requests stop early (never below MIN_RUNS) once a page has used this many seconds,
# so a slow page cannot stretch the run past a few minutes.
PAGE_SECONDS = 15.0
MIN_RUNS = 5
RULE = "-" * 96
HEADER = (
    f"{'page':<52} {'median ms':>10} {'p90 ms':>8} {'runs':>5} {'queries':>8} "
    f"{'sql ms':>7} {'KB':>6}"
)
HR_EMAIL = "bench-hr@hrflow.local"
DEFAULT_SIZES = "10000,100000,1000000"


@dataclass(frozen=True)
class Measure:
    page: Page
    times_ms: list[float]
    queries: int
    sql_ms: float  # the database's share of the counted request
    size_kb: float
    slowest_sql: str = ""
    slowest_sql_ms: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p90(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[math.ceil(0.9 * len(ordered)) - 1]


@dataclass
class SizeResult:
    applications: int
    job_size: int
    measures: list[Measure] = field(default_factory=list)
    baselines: dict[str, Measure] = field(default_factory=dict)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="applications, comma-separated")
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--baseline-runs", type=int, default=5)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep each size's seeded database and use it again on the next --reuse run",
    )
    parser.add_argument(
        "--drop-kept", action="store_true", help="drop the databases --reuse kept, and stop"
    )
    parser.add_argument(
        "--only", default="", help="page keys to measure, comma-separated (default: all)"
    )
    args = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]

    from bench_common import (
        command_line,
        database_drop,
        load_average,
        server_url,
    )

    started = time.monotonic()
    print(f"$ {command_line()}\nload average at the start {load_average()}", flush=True)
    server = server_url()  # refuses a server that is not on this machine
    if args.drop_kept:
        for size in sizes:
            database_drop(server, _kept_name(size))
        print(f"dropped the kept databases of {', '.join(map(str, sizes))} applications")
        return 0
    results: list[SizeResult] = []
    name = BENCH_DATABASE
    try:
        for size in sizes:
            name = _kept_name(size) if args.reuse else BENCH_DATABASE
            results.append(_size_run(size, args, server=server, name=name))
        _summary(results)
    finally:
        django_disconnect()
        if not args.reuse:
            database_drop(server, name)
    if args.reuse:
        print(
            "kept " + ", ".join(_kept_name(size) for size in sizes) + "; `--drop-kept` drops them"
        )
    print(
        f"total runtime {time.monotonic() - started:.1f} s; load average {load_average()} "
        "(other work on this machine skews the figures)",
        flush=True,
    )
    return 0


def _kept_name(size: int) -> str:
    return f"{BENCH_DATABASE}_{size}"


def _django_setup() -> None:
    import django
    from django.conf import settings

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Static files as found, not through collectstatic's manifest, which a checkout lacks;
    # a dictionary lookup either way.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()
    # A recreated database: forget content types cached from the previous one.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _size_run(applications: int, args: argparse.Namespace, *, server: str, name: str) -> SizeResult:
    """Seed (or, with --reuse, find seeded) `applications` in database `name`, and measure."""
    from bench_common import database_recreate, with_database

    django_disconnect()
    os.environ["DATABASE_URL"] = with_database(server, name)
    if "django" in sys.modules:
        # Set up by an earlier size: its settings were read then, so point them here.
        from django.conf import settings
        from django.db import connections

        settings.DATABASES["default"]["NAME"] = name
        connections["default"].settings_dict["NAME"] = name
    reused = args.reuse and _seeded(server, name, applications)
    if not reused:
        database_recreate(server, name)
    _django_setup()
    from bench_common import server_version
    from django.core.management import call_command
    from django.utils import timezone

    from recruiting.seeding.builder import seed_database
    from recruiting.seeding.progress import TerminalProgress

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.monotonic() - started
    if reused:
        # New indexes need their statistics, as autovacuum gathers them on a live database.
        _analyze()
        how = f"migrate {migrated:.1f} s, seeded by an earlier --reuse run"
    else:
        progress = (
            TerminalProgress(write=sys.stderr.write, flush=sys.stderr.flush)
            if sys.stderr.isatty()
            else None
        )
        summary = seed_database(
            applications=applications, jobs=args.jobs, seed=1, now=timezone.now(), progress=progress
        )
        started = time.monotonic()
        _vacuum()
        how = (
            f"migrate {migrated:.1f} s, seed {summary.seconds:.1f} s, "
            f"vacuum {time.monotonic() - started:.1f} s"
        )
    print(
        "\n".join(
            [
                "",
                RULE,
                f"{applications:,} applications over {args.jobs} jobs "
                f"({server_version()}, {os.cpu_count()} CPUs): {how}",
            ]
        ),
        flush=True,
    )
    return _pages_measure(applications, args)


def _seeded(server: str, name: str, applications: int) -> bool:
    """Whether database `name` exists and holds a whole seed of this size (it lands whole)."""
    from contextlib import closing

    import psycopg2
    from bench_common import with_database

    try:
        connection = psycopg2.connect(with_database(server, name))
    except psycopg2.OperationalError:
        return False
    with closing(connection), connection.cursor() as cursor:
        try:
            cursor.execute("SELECT count(*) FROM recruiting_application")
        except psycopg2.Error:
            return False
        return cursor.fetchone()[0] == applications


def _vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def django_disconnect() -> None:
    from bench_common import django_disconnect as disconnect

    disconnect()


def _pages_measure(applications: int, args: argparse.Namespace) -> SizeResult:
    from django.test import Client
    from page_catalogue import hr_pages, subjects_find

    import recruiting.selectors.board as board_selectors
    import recruiting.views.scores as score_views
    from hrflow.accounts.models import User
    from hrflow.accounts.roles import Role
    from hrflow.accounts.services import user_create
    from recruiting.selectors.search import candidate_matches

    subjects = subjects_find()
    user = User.objects.filter(email=HR_EMAIL).first() or user_create(
        email=HR_EMAIL, full_name="Bench HR", roles=(Role.HR_ADMIN,)
    )
    client = Client()
    client.force_login(user)
    searches = [
        (q, what, candidate_matches(viewer=user, q=q).count())
        for q, what in [
            ("张", "a common surname"),
            ("zhang", "its pinyin"),
            ("张伟", "a common full name"),
            (subjects.person.email, "an e-mail"),
        ]
    ]
    pages = hr_pages(subjects, searches)
    if args.only:
        pages = [page for page in pages if page.key in args.only.split(",")]
    job = subjects.job
    result = SizeResult(applications=applications, job_size=subjects.job_size)
    print(
        f"largest job #{job.pk} {job.title!r}: {subjects.job_size:,} applications, "
        f"{subjects.active:,} active; "
        f"median and p90 of up to {args.runs} timed requests (fewer past "
        f"{PAGE_SECONDS:.0f} s a page, at least {min(MIN_RUNS, args.runs)}) after "
        f"{args.warmups} warm-up request(s); queries and sql ms of one more request",
        flush=True,
    )
    print(f"  {HEADER}")
    for page in pages:
        measure = _measure(client, page, runs=args.runs, warmups=args.warmups)
        result.measures.append(measure)
        print(f"  {_row(measure)}", flush=True)

    board = next((page for page in pages if page.key == "board"), None)
    sheet = next((page for page in pages if page.key == "sheet"), None)
    if board is None or sheet is None:
        return result
    # At a million applications one baseline request takes a minute: the time budget
    # of a page applies from the first timed request on.
    print(
        f"baselines, up to {args.baseline_runs} timed request(s) after 1 warm-up "
        f"(fewer past {PAGE_SECONDS:.0f} s):"
    )
    every_card = Page("board", f"board, every active card ({subjects.active:,})", board.url)
    with mock.patch.object(board_selectors, "CARDS_PER_PAGE", max(subjects.active, 1) * 10):
        result.baselines["board"] = _measure(
            client, every_card, runs=args.baseline_runs, warmups=1, min_runs=1
        )
    print(f"  {_row(result.baselines['board'])}", flush=True)
    every_row = Page(
        "sheet", f"score sheet, every row on one page ({subjects.job_size:,})", sheet.url
    )
    with mock.patch.object(score_views, "PAGE_SIZE", max(subjects.job_size, 1)):
        result.baselines["sheet"] = _measure(
            client, every_row, runs=args.baseline_runs, warmups=1, min_runs=1
        )
    print(f"  {_row(result.baselines['sheet'])}", flush=True)
    return result


def _row(measure: Measure) -> str:
    return (
        f"{measure.page.label:<52} {measure.median:>10.1f} {measure.p90:>8.1f} "
        f"{len(measure.times_ms):>5} {measure.queries:>8} {measure.sql_ms:>7.1f} "
        f"{measure.size_kb:>6.0f}"
    )


def _measure(
    client: Any, page: Page, *, runs: int, warmups: int, min_runs: int = MIN_RUNS
) -> Measure:
    """Warm up, count the queries of one request, then time `runs` requests."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    get = _getter(client, page.url)
    for _warmup in range(warmups):
        get()
    # Each request empties the query log as it starts (request_started); start the
    # capture on an empty log, or it would slice past the end of the new one.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        size = len(get().content)
    # Read now: it slices the connection's log, which the next request empties.
    queries = captured.captured_queries
    slowest = max(queries, key=lambda q: float(q["time"]), default=None)
    times: list[float] = []
    budget_ends = time.monotonic() + PAGE_SECONDS
    while len(times) < runs and (len(times) < min_runs or time.monotonic() < budget_ends):
        started = time.perf_counter()
        get()
        times.append((time.perf_counter() - started) * 1000)
    return Measure(
        page=page,
        times_ms=times,
        queries=len(queries),
        sql_ms=sum(float(q["time"]) for q in queries) * 1000,
        size_kb=size / 1024,
        slowest_sql=slowest["sql"] if slowest else "",
        slowest_sql_ms=float(slowest["time"]) * 1000 if slowest else 0.0,
    )


def _getter(client: Any, url: str) -> Callable[[], Any]:
    def get() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    return get


def _label(result: SizeResult) -> str:
    return f"{result.applications // 1000:,}k"


def _summary(results: list[SizeResult]) -> None:
    if not results:
        return
    first, last = results[0], results[-1]
    lines = [
        "",
        RULE,
        "ours vs baseline, median ms in the same run on the same data (baseline: the same "
        "view with every card of the job / every row of the sheet on one page):",
        f"  {'size':>5} {'page':<6} {'ours ms':>9} {'queries':>8} {'baseline ms':>12} "
        f"{'queries':>8} {'baseline/ours':>14}",
    ]
    for result in results:
        ours = {measure.page.key: measure for measure in result.measures}
        for key, baseline in result.baselines.items():
            mine = ours[key]
            lines.append(
                f"  {_label(result):>5} {key:<6} {mine.median:>9.1f} {mine.queries:>8} "
                f"{baseline.median:>12.1f} {baseline.queries:>8} "
                f"{baseline.median / mine.median:>13.1f}x"
            )
    # "Nearly the same" compares the first two sizes (10k and 100k by default).
    small, large = results[0], results[min(1, len(results) - 1)]
    lines += [
        "",
        f"targets: median at most {TARGET_MS:.0f} ms at every size; nearly the same at "
        f"{_label(small)} and {_label(large)} ({_label(large)}/{_label(small)} median at most "
        f"{SAME_RATIO}x):",
        f"  {'page':<16}"
        + "".join(f" {_label(result) + ' ms':>9}" for result in results)
        + f" {'ratio':>7} {'<= ' + str(int(TARGET_MS)) + ' ms':>9} {'same':>8}",
    ]
    over: list[tuple[SizeResult, Measure]] = []
    for measure in first.measures:
        row = [_by_key(result, measure.page.key) for result in results]
        ratio = _by_key(large, measure.page.key).median / measure.median
        fast = all(m.median <= TARGET_MS for m in row)
        over += [(r, m) for r, m in zip(results, row, strict=True) if m.median > TARGET_MS]
        lines.append(
            f"  {measure.page.key:<16}"
            + "".join(f" {m.median:>9.1f}" for m in row)
            + f" {ratio:>6.2f}x {'met' if fast else 'NOT MET':>9}"
            + f" {'met' if ratio <= SAME_RATIO else 'NOT MET':>8}"
        )
    print("\n".join(lines), flush=True)
    # The last size's database is still there: explain the slowest query of its pages
    # over target, once per view (the searches share one query).
    explained: set[str] = set()
    for result, measure in over:
        view = measure.page.url.split("?")[0]
        if result is last and view not in explained:
            explained.add(view)
            _explain(result, measure)
    print(RULE, flush=True)


def _by_key(result: SizeResult, key: str) -> Measure:
    return next(measure for measure in result.measures if measure.page.key == key)


def _explain(result: SizeResult, measure: Measure) -> None:
    from django.db import connection

    if not measure.slowest_sql:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {measure.slowest_sql}")
        plan = [line for (line,) in cursor.fetchall()]
    shown = plan if len(plan) <= PLAN_LINES + 2 else [*plan[:PLAN_LINES], "  ...", *plan[-2:]]
    sql = " ".join(measure.slowest_sql.split())
    print(
        "\n".join(
            [
                "",
                f"over target at {result.applications:,}: {measure.page.label}, median "
                f"{measure.median:.1f} ms, of which SQL {measure.sql_ms:.1f} ms in "
                f"{measure.queries} queries; the slowest took {measure.slowest_sql_ms:.1f} ms:",
                f"  {sql[:300]}{' ...' if len(sql) > 300 else ''}",
                *(f"    {line}" for line in shown),
            ]
        ),
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
