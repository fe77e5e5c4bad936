"""Benchmark: the webhook receiver - signed deliveries accepted per second over HTTP.

A VueSim connection and a seeded database (its applications are the candidate
references the deliveries carry). gunicorn serves the project as production runs
it (`hrflow.wsgi:application`, sync workers, DEBUG off, an access log), with
GUNICORN_WORKERS workers; 16 concurrent senders (asyncio, one TCP connection per
delivery, as gunicorn's sync workers close each one) post full `interview.scored`
events, each signed as Standard Webhooks says (HMAC-SHA256 over id, timestamp and
raw body, a fresh webhook-id each) and built before the clock starts. Each
measurement runs for --seconds after a short warm-up and prints deliveries
accepted per second (2xx) and the p50 / p95 ack latency (connect to last byte).

Ours is the real endpoint (verify, store in the inbox, wake the inbox's drainer).
Beside it, in the same run and the same gunicorn: a bare Django view that inserts
the same row (webhooks_site/urls.py). Both first with no worker running, then
with a Celery worker (prefork, two processes) recording the results as they
arrive (and the first phase's backlog); in that phase the bare view also queues
the processing task per delivery, so that the worker records its deliveries too.

The machine this runs on may be shared, so next to the rates it prints the CPU
time each party used per accepted delivery (gunicorn's processes, the bench
database's PostgreSQL sessions, the senders, the worker; from /proc) and the
rate two idle cores would reach at that cost of the receiver (gunicorn and
PostgreSQL): a figure other work on the machine changes far less.

Runs by itself (`make bench`, or `.venv/bin/python tests/bench/webhooks.py`) in its
own database (hrflow_bench_webhooks) and Redis database (10) on this machine,
both emptied and removed at the end, gunicorn and the worker stopped, even after
a failure. It reports and does not assert; it exits non-zero only on an error.
"""

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path[:0] = [str(REPO_ROOT), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

from bench_worker import WORKER_PRELUDE, Worker, children  # noqa: E402 - needs the path above

BENCH_DATABASE = "hrflow_bench_webhooks"
# Not the demo's 0, the tests' 9 and 13-15, the ingest bench's 11 nor decisions' 12.
BENCH_REDIS_DB = 10
SENDERS = 16
# gunicorn's rule for sync workers, 2 x cores + 1, on the 2-core machine the target is
# set for: a request waits on PostgreSQL's commit (a disk flush) and on Redis, so more
# processes than cores keep both cores busy; many more would only add switching.
GUNICORN_WORKERS = 5
WARM_UP = 200  # deliveries per measurement before the clock starts (connections, imports)
START_SECONDS = 60.0
WORKER_LOG = REPO_ROOT / ".artifacts" / "bench-webhooks-worker.log"
GUNICORN_LOG = REPO_ROOT / ".artifacts" / "bench-webhooks-gunicorn.log"
RULE = "-" * 100


@dataclass
class Measurement:
    name: str
    phase: str
    seconds: float = 0.0
    accepted: int = 0
    refused: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    recorded: int | None = None
    load: str = ""
    # CPU seconds each party used during the timed window (from /proc).
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="per measurement")
    parser.add_argument("--senders", type=int, default=SENDERS)
    parser.add_argument("--workers", type=int, default=GUNICORN_WORKERS, help="gunicorn's")
    parser.add_argument("--applications", type=int, default=500)
    args = parser.parse_args()

    from bench_common import bench_run

    with bench_run(BENCH_DATABASE, BENCH_REDIS_DB):
        _run(args)
    return 0


def _run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from bench_common import load_average, server_version
    from django.core.management import call_command
    from django.utils import timezone

    from recruiting.seeding.builder import seed_database

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    seed_database(applications=args.applications, jobs=2, seed=1, now=timezone.now())
    references = _references()
    print(
        "\n".join(
            [
                "",
                RULE,
                f"hrflow benchmark: the webhook receiver ({server_version()}, {os.cpu_count()} "
                f"CPUs, {platform.machine()}, Python {platform.python_version()})",
                f"migrate and seed ({len(references)} applications): "
                f"{time.monotonic() - started:.1f} s",
                f"gunicorn hrflow.wsgi:application, {args.workers} sync workers (2 x cores + 1), "
                f"DEBUG off; {args.senders} concurrent senders, full VueSim events of about "
                f"{len(_body('iv_x', 'hrflow-app-1'))} bytes, {args.seconds:.0f} s per "
                "measurement after a warm-up",
            ]
        ),
        flush=True,
    )
    results: list[Measurement] = []
    gunicorn = Gunicorn(args.workers)
    try:
        gunicorn.start()
        for phase in ("no worker", "worker recording"):
            worker = Worker("bench-webhooks", WORKER_LOG) if phase != "no worker" else None
            try:
                if worker is not None:
                    worker.start()
                for name in ("ours", "bare"):
                    measurement = Measurement(name, phase)
                    _measure(measurement, gunicorn, references, args, worker=worker)
                    measurement.load = load_average()
                    results.append(measurement)
                    _report(measurement)
            finally:
                if worker is not None:
                    worker.stop()
    finally:
        gunicorn.stop()
    _summary(results)


def _references() -> list[str]:
    from recruiting.models import Application
    from recruiting.vendors.refs import candidate_ref

    return [
        candidate_ref(application)
        for application in Application.objects.exclude(status=Application.Status.MERGED)
        .order_by("pk")
        .only("pk")
    ]


def _connection(name: str) -> Any:
    from recruiting.vendors.connections import connection_create

    secret = "whsec_" + base64.b64encode(hashlib.sha256(name.encode()).digest()).decode()
    return connection_create(
        name=name,
        vendor="vuesim",
        base_url="http://127.0.0.1:9",
        credentials={"client_id": "bench", "client_secret": "bench"},
        webhook_secret=secret,
        actor=None,
    )


def _body(interview_id: str, reference: str) -> bytes:
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    interview = {
        "id": interview_id,
        "version": 3,
        "status": "scored",
        "attempt": 1,
        "previous_attempt_id": None,
        "candidate": {"id": f"cand_{interview_id}", "external_id": reference, "email": ""},
        "position": {"id": "pos_1", "title": "Data Analyst"},
        "started_at": now,
        "completed_at": now,
        "updated_at": now,
        "overall": {"rating": 4.2, "scale": {"min": 1, "max": 5}, "recommendation": "yes"},
        "competencies": [
            {"key": key, "name": key.replace("_", " ").title(), "rating": 4, "rationale": "ok"}
            for key in ("communication", "problem_solving", "role_fit", "collaboration")
        ],
        "responses": [
            {
                "question_id": "q1",
                "order": 1,
                "prompt": "Tell us about a project you are proud of.",
                "duration_seconds": 94,
                "video_url": f"https://media.vuesim.local/r/{interview_id}?sig=abc&exp=1999999999",
                "keywords": ["SQL", "A/B testing"],
                "transcript_excerpt": "I led the migration of our reporting to...",
            }
        ],
        "report_url": f"https://app.vuesim.local/reports/{interview_id}",
        "deleted": False,
    }
    event = {"type": "interview.scored", "timestamp": now, "data": interview}
    return json.dumps(event, separators=(",", ":")).encode()


def _requests(
    path: str, secret: str, references: list[str], count: int, prefix: str
) -> list[bytes]:
    """`count` signed POSTs, ready to write to a socket (HTTP/1.1, a connection each)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    stamp = str(int(time.time()))
    made = []
    for n in range(count):
        interview_id = f"iv_{prefix}_{n}"
        body = _body(interview_id, references[n % len(references)])
        event_id = f"msg_{prefix}_{n}"
        signed = f"{event_id}.{stamp}.".encode() + body
        signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nwebhook-id: {event_id}\r\n"
            f"webhook-timestamp: {stamp}\r\nwebhook-signature: v1,{signature}\r\n"
            "Connection: close\r\n\r\n"
        )
        made.append(head.encode() + body)
    return made


def _measure(
    measurement: Measurement,
    gunicorn: "Gunicorn",
    references: list[str],
    args: argparse.Namespace,
    *,
    worker: Worker | None,
) -> None:
    from bench_stats import backends_cpu, cpu_seconds
    from django.utils import timezone

    from integrations.models import WebhookEvent

    connection = _connection(f"bench {measurement.name} {measurement.phase}")
    if measurement.name == "ours":
        path = f"/integrations/webhooks/{connection.uuid}/"
    else:
        path = f"/bench/bare/{connection.pk}/" + ("queued/" if worker else "")
    # Enough for a rate well above the target; senders stop at the deadline.
    count = int(args.seconds * 2_500) + WARM_UP
    prefix = f"{measurement.name}{connection.pk}"
    requests = _requests(path, connection.webhook_secrets[0], references, count, prefix)
    warm, timed = requests[:WARM_UP], requests[WARM_UP:]
    port = gunicorn.port
    asyncio.run(_send_all(port, warm, args.senders, None, Measurement("warm-up", "")))
    started = timezone.now()
    backends: dict[int, float] = {}
    backends_cpu(backends)
    before = dict(backends)
    used = {
        "gunicorn": -cpu_seconds(gunicorn.pids()),
        "senders": -time.process_time(),
        "worker": -cpu_seconds(worker.pids()) if worker else 0.0,
    }
    asyncio.run(_send_all(port, timed, args.senders, args.seconds, measurement))
    used["gunicorn"] += cpu_seconds(gunicorn.pids())
    used["senders"] += time.process_time()
    used["worker"] += cpu_seconds(worker.pids()) if worker else 0.0
    backends_cpu(backends)
    used["postgres"] = sum(cpu - before.get(pid, 0.0) for pid, cpu in backends.items())
    measurement.cpu = used
    if worker:  # whatever the worker finished meanwhile (an earlier backlog included)
        measurement.recorded = WebhookEvent.objects.filter(
            status__in=["done", "quarantined"], processed_at__gte=started
        ).count()


async def _send_all(
    port: int,
    requests: list[bytes],
    senders: int,
    seconds: float | None,
    measurement: Measurement,
) -> None:
    queue = iter(requests)
    started = time.perf_counter()
    deadline = started + seconds if seconds else None

    async def sender() -> None:
        for request in queue:
            if deadline is not None and time.perf_counter() >= deadline:
                return
            await _deliver(port, request, measurement)

    await asyncio.gather(*(sender() for _ in range(senders)))
    measurement.seconds = time.perf_counter() - started


async def _deliver(port: int, request: bytes, measurement: Measurement) -> None:
    began = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        answer = await reader.read()  # gunicorn's sync workers close after the answer
        writer.close()
        status = int(answer.split(b" ", 2)[1])
    except (OSError, ValueError, IndexError):
        measurement.errors += 1
        return
    if 200 <= status < 300:
        measurement.accepted += 1
        measurement.latencies.append(time.perf_counter() - began)
    else:
        measurement.refused[status] = measurement.refused.get(status, 0) + 1


def _cpu_line(m: Measurement) -> str:
    """CPU per accepted delivery: what the rate would be on idle cores, whatever else runs."""
    if not m.accepted:
        return ""
    each = {party: seconds * 1000 / m.accepted for party, seconds in m.cpu.items()}
    receiver = each["gunicorn"] + each["postgres"]
    return (
        f"    CPU per accepted delivery: gunicorn {each['gunicorn']:.2f} ms, PostgreSQL "
        f"{each['postgres']:.2f} ms, senders {each['senders']:.2f} ms"
        + (f", worker {each['worker']:.2f} ms" if each["worker"] else "")
        + f"; the receiver (gunicorn + PostgreSQL) {receiver:.2f} ms: 2 idle cores would "
        f"accept about {2000 / receiver:,.0f}/s"
    )


def _report(m: Measurement) -> None:
    refused = ", ".join(f"{n} x {status}" for status, n in sorted(m.refused.items()))
    recorded = (
        f"; the worker recorded {m.recorded:,} events meanwhile ({m.recorded / m.seconds:,.0f}/s)"
        if m.recorded is not None
        else ""
    )
    print(
        f"  {m.phase:<17} {m.name:<5} {m.accepted:>7,} accepted in {m.seconds:5.2f} s: "
        f"{m.per_second:>6,.0f}/s, ack p50 {m.percentile(0.5):6.1f} ms, p95 "
        f"{m.percentile(0.95):6.1f} ms"
        + (f"; refused {refused}" if refused else "")
        + (f"; {m.errors} connection errors" if m.errors else "")
        + recorded
        + f" (load average {m.load})\n"
        + _cpu_line(m),
        flush=True,
    )


def _summary(results: list[Measurement]) -> None:
    lines = [
        "",
        RULE,
        f"ours vs bare, deliveries accepted per second at {SENDERS} concurrent senders, "
        "same run (targets: ours >= 500/s with no worker, >= 200/s while the worker records):",
        f"  {'phase':<17} {'ours/s':>8} {'bare/s':>8} {'ratio':>7} {'ours p50':>9} "
        f"{'ours p95':>9} {'bare p50':>9} {'bare p95':>9}",
    ]
    for phase in dict.fromkeys(m.phase for m in results):
        ours = next(m for m in results if m.phase == phase and m.name == "ours")
        bare = next(m for m in results if m.phase == phase and m.name == "bare")
        ratio = ours.per_second / bare.per_second if bare.per_second else 0.0
        lines.append(
            f"  {phase:<17} {ours.per_second:>8,.0f} {bare.per_second:>8,.0f} {ratio:>7.0%} "
            f"{ours.percentile(0.5):>7.1f}ms {ours.percentile(0.95):>7.1f}ms "
            f"{bare.percentile(0.5):>7.1f}ms {bare.percentile(0.95):>7.1f}ms"
        )
    lines.append(RULE)
    print("\n".join(lines), flush=True)


class Gunicorn:
    """`gunicorn hrflow.wsgi:application` on a free port of 127.0.0.1, dying with us."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    def pids(self) -> list[int]:
        """The master and its workers."""
        if self.process is None or self.process.poll() is not None:
            return []
        return [self.process.pid, *children(self.process.pid)]

    def start(self) -> int:
        self.port = port = _free_port()
        GUNICORN_LOG.parent.mkdir(parents=True, exist_ok=True)
        environment = dict(os.environ) | {
            "DJANGO_SETTINGS_MODULE": "webhooks_site.settings",
            "PYTHONPATH": os.pathsep.join([str(HERE), str(REPO_ROOT)]),
        }
        with GUNICORN_LOG.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER_PRELUDE.replace('"-m", "celery"', '"-m", "gunicorn"'),
                    str(os.getpid()),
                    "hrflow.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(self.workers),
                    "--access-logfile",
                    str(GUNICORN_LOG.with_suffix(".access.log")),
                ],
                cwd=REPO_ROOT,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {GUNICORN_LOG}")
            with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                return port
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not listen in time; see {GUNICORN_LOG}")

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    sys.exit(main())
