"""Benchmark: screening decisions - results -> decisions -> notifications queued, per second.

Seeds a database, puts every active application of its jobs into the job's
AI-interview stage, gives each job the issue's example rule (AI >= 80 advances
to the first interview stage, < 60 suggests a reject, between waits for a
person), and splits the applications in two alternating halves. Then, with one
real Celery worker (prefork, two processes) and a VueSim simulator on 127.0.0.1
holding one scored result per application:

- baseline: the rules switched off, the first half's results pulled and recorded;
- ours: the rules on, the second half's results pulled, recorded, decided, the
  cards of those that advance moved and their messages queued (e-mail, SMS,
  portal), all in the transaction that records each result.

Both are timed from queueing the sync until the last result is stored, and
printed side by side with decisions and notifications queued per second. After
that it waits for the worker to deliver what was queued (e-mail to an SMTP
server and SMS to the Aliyun simulator, both on 127.0.0.1) and prints that rate.

Runs by itself (`make bench`, or `.venv/bin/python tests/bench/decisions.py`) in
its own database (hrflow_bench_decisions) and Redis database (12) on this
machine, both emptied and removed at the end, even after a failure. It reports
and does not assert; it exits non-zero only on an error.
"""

import argparse
import os
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path[:0] = [str(REPO_ROOT), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")

from bench_worker import Worker  # noqa: E402 - needs the path above

BENCH_DATABASE = "hrflow_bench_decisions"
BENCH_REDIS_DB = 12  # not the demo's 0, the tests' 9 nor the ingest bench's 11
SIM_CLOCK_BEHIND = 300
PAGE_SIZE = 200
POLL_SECONDS = 0.05
WORKER_LOG = REPO_ROOT / ".artifacts" / "bench-decisions-worker.log"
RULE = "-" * 100


@dataclass
class Pass:
    name: str
    results: int
    seconds: float = 0.0
    stored: int = 0
    decisions: int = 0
    advanced: int = 0
    queued: int = 0
    delivered: int = 0
    delivery_seconds: float = 0.0

    def rate(self, count: int) -> float:
        return count / self.seconds if self.seconds else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()

    from bench_common import bench_run

    with bench_run(BENCH_DATABASE, BENCH_REDIS_DB):
        _run(args)
    return 0


def _run(args: argparse.Namespace) -> None:
    import logging

    from aiosmtpd.controller import Controller

    from hrflow.notifications.simulators import start_aliyun_sms_simulator

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    sms = start_aliyun_sms_simulator()
    mail = _Counter()
    smtp_port = _free_port()
    smtp = Controller(mail, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    # The worker (started below) sends there: real sockets, nothing sent off this machine.
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    os.environ["HRFLOW_SMS_ENDPOINT"] = sms.url + "/"
    os.environ["HRFLOW_SMS_ACCESS_KEY_ID"] = "hrflow-sim-key"
    os.environ["HRFLOW_SMS_ACCESS_KEY_SECRET"] = "hrflow-sim-secret"
    os.environ["HRFLOW_SMS_SIGN_NAME"] = "hrflow"
    try:
        halves = _setup(args)
        worker = Worker("bench-decisions", WORKER_LOG)
        try:
            ready = worker.start()
            print(f"worker ready in {ready:.1f} s", flush=True)
            baseline = _pass("baseline: rules off", halves[0], rules_on=False, args=args)
            ours = _pass("ours: rules on", halves[1], rules_on=True, args=args)
            _deliveries(ours, mail, sms, args.timeout)
        finally:
            worker.stop()
        _report(baseline, ours)
    finally:
        smtp.stop()
        sms.stop()


class _Counter:
    """An SMTP handler that counts what it receives."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += 1
        return "250 OK"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _setup(args: argparse.Namespace) -> tuple[list[Any], list[Any]]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from recruiting.models import (
        Application,
        Job,
        RejectionReason,
        ScreeningDecision,
        ScreeningRule,
        StageKind,
    )
    from recruiting.screening.rules import MissingPolicy, Part, Source
    from recruiting.screening.services import screening_rule_save
    from recruiting.seeding.builder import seed_database

    call_command("migrate", interactive=False, verbosity=0)
    seed_database(applications=args.applications, jobs=args.jobs, seed=1, now=timezone.now())
    # The example rule alone on every job: none of the seed's own rules and decisions.
    ScreeningDecision.objects.all().delete()
    ScreeningRule.objects.all().delete()
    reason = RejectionReason.objects.get(code="score_below_threshold")
    for job in Job.objects.all():
        ai = job.stages.filter(kind=StageKind.AI_INTERVIEW).first()
        onsite = job.stages.filter(kind=StageKind.INTERVIEW).order_by("position").first()
        if ai is None or onsite is None:
            continue
        Application.objects.filter(job=job, status=Application.Status.ACTIVE).update(stage=ai)
        screening_rule_save(
            job=job,
            stage=ai,
            name="Campus screening",
            parts=[Part(Source.AI_OVERALL, Decimal(1))],
            missing=MissingPolicy.WAIT,
            advance_at=Decimal(80),
            advance_to=onsite,
            reject_below=Decimal(60),
            reject_reason=reason,
        )
    ai_stages = Application.objects.filter(
        status=Application.Status.ACTIVE, stage__kind=StageKind.AI_INTERVIEW
    ).order_by("pk")
    applications = list(ai_stages)
    print(
        f"\n{RULE}\nhrflow benchmark: screening decisions ({len(applications):,} active "
        f"applications in AI-interview stages of {args.jobs} jobs, one result each, halves of "
        f"{len(applications) // 2:,}; the example rule on every job)",
        flush=True,
    )
    return applications[0::2], applications[1::2]


def _pass(name: str, applications: list[Any], *, rules_on: bool, args: argparse.Namespace) -> Pass:
    from datetime import timedelta

    import httpx
    from django.db import connection as db
    from django.utils import timezone

    from hrflow.notifications.models import OutboxMessage
    from integrations.models import VendorConnection
    from integrations.simulators import start_in_thread
    from recruiting.models import Assessment, ScreeningDecision, ScreeningRule
    from recruiting.tasks import connection_sync_task
    from recruiting.vendors.connections import connection_create
    from recruiting.vendors.refs import candidate_ref

    ScreeningRule.objects.update(is_active=rules_on)
    result = Pass(name=name, results=len(applications))
    simulator = start_in_thread("vuesim", host="127.0.0.1", port=0, seed=1)
    try:
        with httpx.Client(base_url=simulator.url, timeout=120, trust_env=False) as control:
            control.post("/__sim__/config", json={"rate_limit": 0}).raise_for_status()
            control.post(
                "/__sim__/clock", json={"offset_seconds": -SIM_CLOCK_BEHIND}
            ).raise_for_status()
            control.post(
                "/__sim__/bulk",
                json={
                    "count": len(applications),
                    "external_ids": [candidate_ref(a) for a in applications],
                },
            ).raise_for_status()
        credentials = simulator.credentials()
        connection = connection_create(
            name=f"bench {name}",
            vendor="vuesim",
            base_url=simulator.url,
            credentials={k: credentials[k] for k in ("client_id", "client_secret")},
            webhook_secret=credentials["webhook_secrets"][0],
            backfill_from=timezone.now() - timedelta(seconds=len(applications), hours=1),
            actor=None,
        )
        VendorConnection.objects.filter(pk=connection.pk).update(page_size=PAGE_SIZE)
        stored = Assessment.objects.filter(source=connection.source_key)
        ids = [a.pk for a in applications]
        queued_before = OutboxMessage.objects.count()
        begun = time.monotonic()
        connection_sync_task.delay(connection.pk, "manual")
        while stored.count() < result.results and time.monotonic() - begun < args.timeout:
            time.sleep(POLL_SECONDS)
        result.seconds = time.monotonic() - begun
        result.stored = stored.count()
        decisions = ScreeningDecision.objects.filter(application_id__in=ids)
        result.decisions = decisions.count()
        result.advanced = decisions.filter(outcome="advance").count()
        result.queued = OutboxMessage.objects.count() - queued_before
        print(
            f"  {name}: {result.stored:,} of {result.results:,} results stored in "
            f"{result.seconds:.2f} s; {result.decisions:,} decisions ({result.advanced:,} "
            f"advanced), {result.queued:,} messages queued",
            flush=True,
        )
    finally:
        simulator.stop()
        db.close()
    return result


def _deliveries(ours: Pass, mail: _Counter, sms: Any, timeout: float) -> None:
    """How fast the worker hands the queued messages to the SMTP server and the SMS provider."""
    from hrflow.notifications.models import OutboxMessage

    begun = time.monotonic()
    open_ = OutboxMessage.objects.filter(status__in=["pending", "sending"], not_before__isnull=True)
    while open_.exists() and time.monotonic() - begun < timeout:
        time.sleep(POLL_SECONDS)
    ours.delivery_seconds = time.monotonic() - begun
    ours.delivered = OutboxMessage.objects.filter(status="sent").count()
    print(
        f"  delivered after the ingest: {ours.delivered:,} messages sent "
        f"({mail.received:,} e-mails at the SMTP server, {len(sms.app.messages()):,} SMS at the "
        f"simulator) {ours.delivery_seconds:.2f} s after the last result was stored",
        flush=True,
    )


def _report(baseline: Pass, ours: Pass) -> None:
    lines = [
        "",
        f"  {'':<22} {'results':>8} {'seconds':>8} {'results/s':>10} {'decisions/s':>12} "
        f"{'advanced':>9} {'notifications queued/s':>23}",
    ]
    for run in (baseline, ours):
        lines.append(
            f"  {run.name:<22} {run.stored:>8,} {run.seconds:>8.2f} "
            f"{run.rate(run.stored):>10,.0f} {run.rate(run.decisions):>12,.0f} "
            f"{run.advanced:>9,} {run.rate(run.queued):>23,.0f}"
        )
    if baseline.seconds and ours.seconds:
        share = ours.rate(ours.stored) / baseline.rate(baseline.stored)
        lines.append(
            f"  deciding, moving and queueing messages in the recording transaction keeps "
            f"{share:.0%} of the baseline's results per second ({ours.decisions:,} decisions, "
            f"{ours.queued:,} messages queued)"
        )
    lines.append(RULE)
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
