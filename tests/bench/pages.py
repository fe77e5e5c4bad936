"""Benchmark: the board, score sheet, search and profile of the largest job, at two sizes.

Seeds 10,000 applications over 20 jobs (the largest holding 1,000), measures,
then seeds 100,000 afresh (the largest holding 10,000) and measures again. For
each page of the largest job it prints the median and p90 server time of the
whole request (Django's test client, in process, signed in as an HR admin) and
its SQL query count; next to the board and the score sheet, a baseline measured
in the same run on the same data: the same view rendering every card of the
job, and the same sheet on one page holding every row. Then the targets (under
150 ms median at both sizes, nearly the same at both) as met or not, and for a
page over target the plan of its slowest query.

Runs by itself (`make bench`, or `.venv/bin/python tests/bench/pages.py`) in its
own database, hrflow_bench_pages, on the configured PostgreSQL server, which
must be on this machine: the database is made and migrated for each size, and
dropped at the end, even after a failure. It reports and does not assert: it
exits 0 whatever the figures, and non-zero only on an error.
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

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path[:0] = [str(REPO_ROOT), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

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


@dataclass(frozen=True)
class Page:
    key: str  # the same page at every size, for the comparison
    label: str
    url: str


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
    parser.add_argument("--sizes", default="10000,100000", help="applications, comma-separated")
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--baseline-runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]

    from bench_common import (
        command_line,
        database_drop,
        database_recreate,
        django_disconnect,
        load_average,
        with_database,
    )
    from bench_common import server_url as configured_server

    started = time.monotonic()
    print(f"$ {command_line()}\nload average at the start {load_average()}", flush=True)
    server_url = configured_server()  # refuses a server that is not on this machine
    os.environ["DATABASE_URL"] = with_database(server_url, BENCH_DATABASE)
    results: list[SizeResult] = []
    try:
        for size in sizes:
            django_disconnect()
            database_recreate(server_url, BENCH_DATABASE)
            results.append(_size_run(size, args))
        _summary(results)
    finally:
        django_disconnect()
        database_drop(server_url, BENCH_DATABASE)
    print(
        f"total runtime {time.monotonic() - started:.1f} s; load average {load_average()} "
        "(other work on this machine skews the figures)",
        flush=True,
    )
    return 0


def _django_setup() -> None:
    import django
    from django.conf import settings

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    django.setup()
    # A recreated database: forget content types cached from the previous one.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _size_run(applications: int, args: argparse.Namespace) -> SizeResult:
    _django_setup()
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
        applications=applications, jobs=args.jobs, seed=1, now=timezone.now(), progress=progress
    )
    print(
        "\n".join(
            [
                "",
                RULE,
                f"{applications:,} applications over {args.jobs} jobs "
                f"({server_version()}, {os.cpu_count()} CPUs): "
                f"migrate {migrated:.1f} s, seed {summary.seconds:.1f} s",
            ]
        ),
        flush=True,
    )
    return _pages_measure(applications, args)


def _pages_measure(applications: int, args: argparse.Namespace) -> SizeResult:
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    import recruiting.selectors.board as board_selectors
    import recruiting.views.scores as score_views
    from hrflow.accounts.roles import Role
    from hrflow.accounts.services import user_create
    from recruiting.models import Application, Job
    from recruiting.selectors.search import candidate_matches

    job = Job.objects.annotate(size=Count("applications")).order_by("-size", "pk").first()
    if job is None:
        raise RuntimeError("the seed made no job")
    active = Application.objects.filter(job=job, status=Application.Status.ACTIVE).count()
    user = user_create(email=HR_EMAIL, full_name="Bench HR", roles=(Role.HR_ADMIN,))
    client = Client()
    client.force_login(user)

    person, person_applications = _profile_candidate(job)
    searches = [
        ("张", "a common surname"),
        ("zhang", "its pinyin"),
        ("张伟", "a common full name"),
        (person.email, "an e-mail"),
    ]
    board = Page(
        "board", "board (first page of each column)", reverse("recruiting:job-board", args=[job.pk])
    )
    sheet = Page(
        "sheet",
        "score sheet (first page, composite)",
        reverse("recruiting:score-sheet", args=[job.pk]),
    )
    pages = [board, sheet]
    for q, what in searches:
        matches = candidate_matches(viewer=user, q=q).count()
        url = reverse("recruiting:candidate-list") + "?" + _query(q=q)
        key = "search-email" if "@" in q else f"search-{q}"
        shown = "<e-mail>" if "@" in q else q
        found = f"{matches:,} match{'' if matches == 1 else 'es'}"
        pages.append(Page(key, f"search q={shown} ({what}, {found})", url))
    pages.append(
        Page(
            "profile",
            f"profile ({person_applications} applications)",
            reverse("recruiting:candidate-detail", args=[person.pk]),
        )
    )

    result = SizeResult(applications=applications, job_size=job.size)
    print(
        f"largest job #{job.pk} {job.title!r}: {job.size:,} applications, {active:,} active; "
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

    print(f"baselines, up to {args.baseline_runs} timed request(s) after 1 warm-up:")
    every_card = Page("board", f"board, every active card ({active:,})", board.url)
    with mock.patch.object(board_selectors, "CARDS_PER_PAGE", max(active, 1) * 10):
        result.baselines["board"] = _measure(client, every_card, runs=args.baseline_runs, warmups=1)
    print(f"  {_row(result.baselines['board'])}", flush=True)
    every_row = Page("sheet", f"score sheet, every row on one page ({job.size:,})", sheet.url)
    with mock.patch.object(score_views, "PAGE_SIZE", max(job.size, 1)):
        result.baselines["sheet"] = _measure(client, every_row, runs=args.baseline_runs, warmups=1)
    print(f"  {_row(result.baselines['sheet'])}", flush=True)
    return result


def _query(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _profile_candidate(job: Any) -> tuple[Any, int]:
    """A candidate of the largest job with the most applications (ties: the lowest pk)."""
    from django.db.models import Count

    from recruiting.models import Application, Candidate

    row = (
        Application.objects.filter(
            candidate__in=Application.objects.filter(job=job).values("candidate_id")
        )
        .values("candidate_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "candidate_id")
        .first()
    )
    if row is None:
        raise RuntimeError("the largest job has no application")
    return Candidate.objects.get(pk=row["candidate_id"]), row["count"]


def _row(measure: Measure) -> str:
    return (
        f"{measure.page.label:<52} {measure.median:>10.1f} {measure.p90:>8.1f} "
        f"{len(measure.times_ms):>5} {measure.queries:>8} {measure.sql_ms:>7.1f} "
        f"{measure.size_kb:>6.0f}"
    )


def _measure(client: Any, page: Page, *, runs: int, warmups: int) -> Measure:
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
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
    times: list[float] = []
    budget_ends = time.monotonic() + PAGE_SECONDS
    while len(times) < runs and (len(times) < MIN_RUNS or time.monotonic() < budget_ends):
        started = time.perf_counter()
        get()
        times.append((time.perf_counter() - started) * 1000)
    return Measure(
        page=page,
        times_ms=times,
        queries=len(captured.captured_queries),
        sql_ms=sum(float(q["time"]) for q in captured.captured_queries) * 1000,
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
    lines += [
        "",
        f"targets: median under {TARGET_MS:.0f} ms at every size; nearly the same at "
        f"{_label(first)} and {_label(last)} ({_label(last)}/{_label(first)} median at most "
        f"{SAME_RATIO}x):",
        f"  {'page':<14}"
        + "".join(f" {_label(result) + ' ms':>9}" for result in results)
        + f" {'ratio':>7} {'< ' + str(int(TARGET_MS)) + ' ms':>9} {'same':>8}",
    ]
    over: list[tuple[SizeResult, Measure]] = []
    for index, measure in enumerate(first.measures):
        row = [result.measures[index] for result in results]
        ratio = row[-1].median / row[0].median
        fast = all(m.median < TARGET_MS for m in row)
        over += [(r, m) for r, m in zip(results, row, strict=True) if m.median >= TARGET_MS]
        lines.append(
            f"  {measure.page.key:<14}"
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
