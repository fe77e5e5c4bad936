"""SIGKILL the worker three times during a 10,000-result pull (issue 4).

Checks docs/RELIABILITY.md rows 1-3.

A whole worker (main process and its pool, one process group) dies mid-sync
three times; each time a new worker starts and the sync is queued again, as
beat does every minute. Afterwards every result is stored exactly once and the
cursor is at the end. The size is HRFLOW_CRASH_RESULTS (default 10,000).
"""

import os
import signal
import time

import pytest
from django.db.models import Count

from integrations.models import (
    HeldPayload,
    IngestTrace,
    PulledBatch,
    SyncRun,
    VendorConnection,
)
from recruiting.models import Assessment
from recruiting.vendors.refs import candidate_ref
from tests.fixtures.celery_worker import purge_queues, start_worker, stop_worker
from tests.recruiting.vendors.harness import Harness, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
RESULTS = int(os.environ.get("HRFLOW_CRASH_RESULTS", "10000"))
KILLS_AT = (0.2, 0.45, 0.7)  # of the results stored


def test_three_worker_kills_during_a_long_pull_lose_and_double_nothing(celery_worker_process):
    from hrflow.celery import app
    from recruiting.tasks import connection_sync_task

    # The session's worker would finish the sync between our kills: it leaves the
    # integrations queue to the worker we kill, and takes it back at the end.
    session_worker = [celery_worker_process.node_name]
    app.control.cancel_consumer("integrations", destination=session_worker, reply=True)
    harness = Harness("vuesim")
    worker = log = None
    try:
        harness.control("POST", "config", {"rate_limit": 0})
        references = [candidate_ref(a) for a in harness.applications]
        harness.control("POST", "bulk", {"count": RESULTS, "external_ids": references})
        harness.page_size(100)
        stored = Assessment.objects.filter(source=harness.connection.source_key)
        kills = []
        for threshold in KILLS_AT:
            worker, log = start_worker("crash-worker", "celery-crash-worker.log")
            connection_sync_task.delay(harness.connection.pk, "manual")
            wait_until(lambda t=threshold: stored.count() >= RESULTS * t, timeout=240)
            os.killpg(worker.pid, signal.SIGKILL)  # no warning, no cleanup
            worker.wait()
            log.close()
            kills.append(stored.count())
        worker, log = start_worker("crash-worker", "celery-crash-worker.log")
        started = time.monotonic()
        # A run the kills interrupted may settle as succeeded once the lanes record its
        # batches, while the new run is still paging: only a run begun now ends the test.
        runs_before = SyncRun.objects.filter(connection=harness.connection)
        last_before = runs_before.order_by("-pk").values_list("pk", flat=True).first() or 0
        connection_sync_task.delay(harness.connection.pk, "manual")  # what beat would do
        wait_until(
            lambda: (
                harness.nothing_pending()
                and SyncRun.objects.filter(
                    connection=harness.connection,
                    status=SyncRun.Status.SUCCEEDED,
                    pk__gt=last_before,
                ).exists()
            ),
            timeout=300,
        )
        recovery = time.monotonic() - started

        ids = list(stored.values_list("external_id", flat=True))
        assert len(ids) == len(set(ids)) == RESULTS
        created = IngestTrace.objects.filter(connection=harness.connection, outcome="created")
        doubled = created.values("external_result_id").annotate(n=Count("pk")).filter(n__gt=1)
        assert created.count() == RESULTS  # each result created exactly once
        assert not doubled.exists()
        connection = VendorConnection.objects.get(pk=harness.connection.pk)
        assert connection.page_token == ""  # the pass ended
        assert connection.watermark is not None
        assert not HeldPayload.objects.filter(connection=connection).exists()
        assert not PulledBatch.objects.filter(connection=connection).exists()  # none failed
        assert kills[0] < kills[1] < kills[2] < RESULTS  # each kill hit mid-pull
        print(  # figures for the closing note (pytest -s)
            f"\ncrash test: {RESULTS} results, killed at {kills}, "
            f"{created.count()} created once each, recovery after the last kill {recovery:.1f} s, "
            f"runs: {SyncRun.objects.filter(connection=connection).count()}"
        )
    finally:
        if worker is not None and worker.poll() is None:
            stop_worker(worker)
        if log is not None and not log.closed:
            log.close()
        harness.close()
        purge_queues()  # the killed workers' redelivered copies are this test's only
        app.control.add_consumer("integrations", destination=session_worker, reply=True)
