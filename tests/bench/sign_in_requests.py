"""Benchmark: the two forms that mail a link to an address, known address vs unknown one.

The candidate portal's sign-in link and the staff password reset must answer
an address nobody holds as fast as a known one (issue 12, point 8): the time
of the answer must not tell a stranger which addresses are known. This posts
each form through Django's test client (the whole request: middleware,
session, view, rate limits), alternating a known and an unknown address,
and prints the median and p90 of each with the queries it ran. The limits'
counters are emptied between requests (outside the timing), so every request
does the full work; a fresh client address is used each time.

Runs by itself (`make bench`, or `.venv/bin/python tests/bench/sign_in_requests.py`) in its
own database (hrflow_bench_sign_in, seeded with --applications) and Redis database (10)
on this machine, both emptied and removed at the end. No worker runs: what the
requests queue stays queued. It reports and does not assert.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path[:0] = [str(REPO_ROOT), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

BENCH_DATABASE = "hrflow_bench_sign_in"
BENCH_REDIS_DB = 10
RULE = "-" * 78


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200, help="timed requests per address")
    args = parser.parse_args()

    from bench_common import bench_run

    # The test client's host, and mail kept in memory should anything be sent.
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["EMAIL_URL"] = "memorymail://"
    with bench_run(BENCH_DATABASE, BENCH_REDIS_DB):
        _run(args)
    return 0


def _run(args: argparse.Namespace) -> None:
    import django
    from django.conf import settings

    # Static files as in development: a bench checkout has no collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from hrflow.accounts.models import User
    from recruiting.models import Candidate
    from recruiting.seeding.builder import seed_database

    call_command("migrate", interactive=False, verbosity=0)
    seed_database(applications=args.applications, jobs=8, seed=1, now=timezone.now())
    candidate = Candidate.objects.filter(applications__isnull=False).exclude(email="").first()
    staff = User.objects.create_user(
        email="bench-staff@hrflow.local", password="bench-password-1234", full_name="Bench"
    )
    assert candidate is not None
    print(
        f"\n{RULE}\nhrflow benchmark: mailing forms, known vs unknown address "
        f"({args.applications:,} applications, {args.runs} requests each, median / p90 ms)\n"
        f"{RULE}",
        flush=True,
    )
    for label, url, field, known in (
        ("portal sign-in link", "/portal/sign-in/", "email", candidate.email),
        ("staff password reset", "/accounts/password/reset/", "email", staff.email),
    ):
        _compare(label, url, field, known, args.runs)


def _compare(label: str, url: str, field: str, known: str, runs: int) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    queries: dict[str, int] = {}
    statuses: dict[str, set[int]] = {"known": set(), "unknown": set()}
    for run in range(runs + 5):  # the first five warm up
        for kind in ("known", "unknown") if run % 2 else ("unknown", "known"):
            address = known if kind == "known" else f"nobody{run}@example.com"
            cache.clear()  # the limits' counters: every request does the full work
            host = 1 if kind == "known" else 2
            client = Client(REMOTE_ADDR=f"10.{run // 250}.{run % 250}.{host}")
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.post(url, {field: address})
                elapsed = (time.perf_counter() - started) * 1000
            if run >= 5:
                timings[kind].append(elapsed)
                queries[kind] = len(captured.captured_queries)
                statuses[kind].add(response.status_code)
    for kind in ("known", "unknown"):
        ordered = sorted(timings[kind])
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(
            f"{label:<24} {kind:<8} median {statistics.median(ordered):6.2f}  p90 {p90:6.2f}  "
            f"queries {queries[kind]:>3}  status {sorted(statuses[kind])}",
            flush=True,
        )
    gap = statistics.median(timings["known"]) - statistics.median(timings["unknown"])
    print(f"{label:<24} known minus unknown: {gap:+.2f} ms (median)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
