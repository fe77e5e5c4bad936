"""A running vendor simulator wired to a real connection, a job and its applications.

Used by the scenario, fault and load tests: the simulator is a real HTTP server
on 127.0.0.1 (integrations/simulators), the adapters talk to it over sockets,
and syncs run in the real Celery worker when a test asks for `sync_in_worker`.
"""

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
from django.utils import timezone

from integrations.models import PulledBatch, SyncRun, VendorConnection
from integrations.simulators import RunningSimulator, start_in_thread
from recruiting.models import Application, Assessment, Job
from recruiting.vendors.refs import candidate_ref

# The simulators' clocks run this far behind ours: what a vendor writes "now" is
# already settled for a pull (面试宝 windows end two minutes before our now).
SIM_CLOCK_BEHIND = 300
WAIT_SECONDS = 60


def wait_until(
    check: Callable[[], Any], *, timeout: float = WAIT_SECONDS, every: float = 0.1
) -> Any:
    """Poll until `check()` is truthy; fail with the last value after `timeout`."""
    deadline = time.monotonic() + timeout
    value = check()
    while not value:
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting after {timeout:.0f} s (last: {value!r})")
        time.sleep(every)
        value = check()
    return value


class Harness:
    def __init__(self, vendor: str, *, webhook_url: str | None = None, seed: int = 1) -> None:
        from recruiting.vendors.connections import connection_create
        from tests.recruiting.factories import ApplicationFactory, JobFactory

        self.vendor = vendor
        config = {"webhook_url": webhook_url} if webhook_url else None
        self.running: RunningSimulator = start_in_thread(vendor, seed=seed, config=config)
        self.http = httpx.Client(base_url=self.running.url, timeout=30)
        self.control("POST", "clock", {"offset_seconds": -SIM_CLOCK_BEHIND})
        credentials = self.running.credentials()
        keys = ("client_id", "client_secret") if vendor == "vuesim" else ("app_key", "app_secret")
        secret = (
            credentials["webhook_secrets"][0] if vendor == "vuesim" else credentials["app_secret"]
        )
        self.connection: VendorConnection = connection_create(
            name=f"{vendor} under test",
            vendor=vendor,
            base_url=self.running.url,
            credentials={key: credentials[key] for key in keys},
            webhook_secret=secret,
            backfill_from=timezone.now() - timedelta(days=3),
            actor=None,
        )
        self.job: Job = JobFactory()
        self.applications: list[Application] = [ApplicationFactory(job=self.job) for _ in range(3)]

    # -- the simulator ------------------------------------------------------------------
    def control(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(method, f"/__sim__/{path}", json=body)
        assert response.status_code < 400, response.text
        return response.json()

    def scenario(self, name: str, application: Application | None = None, **options: Any) -> Any:
        body: dict[str, Any] = {"name": name} | options
        if application is not None:
            body["external_id" if self.vendor == "vuesim" else "outUserId"] = candidate_ref(
                application
            )
        return self.control("POST", "scenario", body)

    def faults(self, *rules: dict[str, Any]) -> None:
        self.control("POST", "faults", list(rules))

    def requests(self, path: str = "") -> list[dict[str, Any]]:
        return self.control("GET", f"requests?path={path}")["requests"]

    # -- our side -----------------------------------------------------------------------
    def page_size(self, size: int) -> None:
        VendorConnection.objects.filter(pk=self.connection.pk).update(page_size=size)
        self.connection.page_size = size

    def sync_here(self) -> SyncRun:
        """One sync in this process (for tests about the service itself)."""
        from recruiting.vendors.sync import connection_sync

        outcome = connection_sync(connection_id=self.connection.pk, trigger="manual", inline=True)
        assert outcome.run is not None, outcome.skipped
        outcome.run.refresh_from_db()
        return outcome.run

    def sync_in_worker(self, *, timeout: float = WAIT_SECONDS) -> SyncRun:
        """Queue a sync to the real worker; wait until a run started now has succeeded.

        Rate limits and spent budgets make the worker reschedule itself; this
        waits for the run that finishes the job.
        """
        from recruiting.tasks import connection_sync_task

        started = timezone.now()
        connection_sync_task.delay(self.connection.pk, "manual")
        return wait_until(
            lambda: (
                self.nothing_pending()
                and SyncRun.objects.filter(
                    connection=self.connection,
                    started_at__gte=started,
                    status=SyncRun.Status.SUCCEEDED,
                ).first()
            ),
            timeout=timeout,
        )

    def nothing_pending(self) -> bool:
        """No pulled batch waits for its lane: everything fetched is recorded."""
        return not PulledBatch.objects.filter(
            connection=self.connection, status=PulledBatch.Status.PENDING
        ).exists()

    def assessments(self) -> list[Assessment]:
        return list(
            Assessment.objects.filter(source=self.connection.source_key)
            .prefetch_related("dimension_scores")
            .order_by("attempt_no", "pk")
        )

    def close(self) -> None:
        self.http.close()
        self.running.stop()
