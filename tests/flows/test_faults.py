"""Failure cases 17-26 of docs/vendors/scenarios.md, on the pull path.

Syncs run in this process here (the same service the worker runs) unless the
case is about retries, which need the real worker's retry policy.
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import close_old_connections
from django.utils import timezone

from hrflow.accounts.roles import Role
from hrflow.notifications.models import OutboxMessage
from integrations.contracts import RawRecord, ResultPage
from integrations.models import DeadLetter, HeldPayload, SyncRun, VendorConnection
from recruiting.models import Assessment
from recruiting.vendors.refs import candidate_ref
from recruiting.vendors.results import Origin, ingest_record
from recruiting.vendors.sync import connection_sync
from tests.hrflow.factories import UserFactory
from tests.recruiting.vendors.harness import Harness, wait_until

VENDORS = ["vuesim", "mianshibao"]


@pytest.fixture(params=VENDORS)
def harness(request, db):
    running = Harness(request.param)
    yield running
    running.close()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["auth_revoked", "scope"])
def test_revoked_credentials_pause_the_connection_and_tell_hr_admins_once(harness, kind):
    admin = UserFactory(roles=[Role.HR_ADMIN])
    harness.scenario("S1", harness.applications[0])
    harness.faults({"kind": kind})

    first = harness.sync_here()
    second_outcome = connection_sync(connection_id=harness.connection.pk)

    harness.connection.refresh_from_db()
    assert first.status == SyncRun.Status.FAILED
    assert harness.connection.state == VendorConnection.State.NEEDS_REAUTH
    assert harness.connection.state_reason
    assert second_outcome.run is None  # paused: no retry storm
    assert (
        OutboxMessage.objects.filter(recipient=admin.email, event="integration_alert").count() == 1
    )
    assert harness.assessments() == []


@pytest.mark.django_db
def test_new_credentials_that_work_resume_a_paused_connection(harness):
    from recruiting.vendors.connections import connection_set_credentials

    harness.faults({"kind": "auth_revoked", "times": 1})
    harness.sync_here()
    credentials = harness.running.credentials()
    keys = (
        ("client_id", "client_secret") if harness.vendor == "vuesim" else ("app_key", "app_secret")
    )

    health = connection_set_credentials(
        connection=harness.connection, credentials={k: credentials[k] for k in keys}, actor=None
    )

    harness.connection.refresh_from_db()
    assert health.ok, health.message
    assert harness.connection.state == VendorConnection.State.ACTIVE


@pytest.mark.django_db
def test_test_connection_says_plainly_what_is_wrong(harness):
    from recruiting.vendors.connections import connection_test

    fine = connection_test(connection=harness.connection)
    harness.faults({"kind": "auth_revoked"})
    refused = connection_test(connection=harness.connection)
    harness.running.stop()
    unreachable = connection_test(connection=harness.connection)

    assert fine.ok
    assert "position" in fine.message
    assert not refused.ok
    assert "reject" in refused.message or "refused" in refused.message
    assert not unreachable.ok
    assert "reach" in unreachable.message


@pytest.mark.django_db
def test_the_watermark_follows_the_vendors_clock_not_ours():
    """Case 26: our clock may be off; the VueSim `Date` header is the watermark."""
    harness = Harness("vuesim")
    try:
        harness.scenario("S1", harness.applications[0])
        harness.sync_here()
        harness.connection.refresh_from_db()
        vendor_now = datetime.fromisoformat(
            harness.control("GET", "clock")["now"].replace("Z", "+00:00")
        )
        # The simulator's clock runs five minutes behind ours (tests/recruiting/vendors/harness.py).
        assert abs(harness.connection.watermark - vendor_now) < timedelta(seconds=5)
        assert timezone.now() - harness.connection.watermark > timedelta(minutes=4)
    finally:
        harness.close()


@pytest.mark.django_db
def test_a_poller_down_for_days_catches_up_window_by_window():
    """Case 24: 面试宝 windows are at most 7 days, so ten days back are two passes."""
    harness = Harness("mianshibao")
    try:
        VendorConnection.objects.filter(pk=harness.connection.pk).update(
            backfill_from=timezone.now() - timedelta(days=10)
        )
        references = [candidate_ref(a) for a in harness.applications]
        made = harness.control(
            "POST",
            "bulk",
            {"count": 40, "outUserIds": references, "spacing_ms": 5 * 60 * 60 * 1000},
        )

        run = harness.sync_here()

        assert run.status == SyncRun.Status.SUCCEEDED
        assert len(harness.assessments()) == made["created"] == 40
        windows = {
            r["query"]["startTime"] for r in harness.requests("/openapi/v2/interview/result/list")
        }
        assert len(windows) >= 2
    finally:
        harness.close()


@pytest.mark.django_db(transaction=True)
def test_one_sync_per_connection_at_a_time():
    harness = Harness("vuesim")
    try:
        harness.scenario("S1", harness.applications[0])
        harness.faults({"kind": "slow", "delay": 1.5, "path": "/api/v1/interviews"})
        outcomes = []

        def sync() -> None:
            try:
                outcomes.append(connection_sync(connection_id=harness.connection.pk, inline=True))
            finally:
                close_old_connections()

        threads = [threading.Thread(target=sync) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        skipped = [o for o in outcomes if o.run is None]
        assert len(skipped) == 1
        assert "another sync" in skipped[0].skipped
        assert len(harness.assessments()) == 1
    finally:
        harness.close()


@pytest.mark.django_db(transaction=True)
def test_the_same_results_from_eight_threads_are_stored_once_each():
    """docs/RELIABILITY.md row 8: concurrent deliveries serialise on the row; none fails."""
    harness = Harness("vuesim")
    try:
        references = [candidate_ref(a) for a in harness.applications]
        harness.control("POST", "bulk", {"count": 100, "external_ids": references})
        from integrations.connections import adapter_for

        adapter = adapter_for(harness.connection)
        records: list[RawRecord] = []
        token = None
        while True:
            page = adapter.fetch_results(timezone.now() - timedelta(days=1), token)
            records += page.items
            token = page.next_page_token
            if page.exhausted:
                break
        errors: list[BaseException] = []

        def deliver(order: list[RawRecord]) -> None:
            try:
                for record in order:
                    ingest_record(
                        connection=harness.connection,
                        adapter=adapter,
                        raw=record,
                        origin=Origin("webhook"),
                    )
            except BaseException as error:
                errors.append(error)
            finally:
                close_old_connections()

        threads = [
            threading.Thread(target=deliver, args=(records[i:] + records[:i],))
            for i in range(0, 80, 10)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        assert Assessment.objects.filter(source=harness.connection.source_key).count() == 100
    finally:
        harness.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery_worker
def test_an_http_200_error_envelope_is_transient_and_retried(celery_worker_process):
    """Case 20: 面试宝's code 50000 in a 200 is never data; the worker retries with backoff."""
    harness = Harness("mianshibao")
    try:
        harness.scenario("S1", harness.applications[0])
        harness.faults({"kind": "code", "code": 50000, "times": 2, "path": "/openapi/v2/interview"})

        harness.sync_in_worker(timeout=90)

        assert len(harness.assessments()) == 1
        failed = SyncRun.objects.filter(connection=harness.connection, status="failed")
        assert failed.count() == 2
        assert all("50000" in run.error for run in failed)
    finally:
        harness.close()


class _LoopingAdapter:
    """A vendor whose cursor never moves on (scenarios.md case 22), without any HTTP."""

    lookback = timedelta(hours=1)

    def fetch_results(self, since: datetime, page_token: str | None) -> ResultPage:
        return ResultPage((), "same-token", exhausted=False, high_watermark=datetime.now(UTC))

    def close(self) -> None:
        """Nothing to release."""


@pytest.mark.django_db
def test_a_cursor_that_repeats_ends_the_run_with_a_dead_letter(vuesim_connection, monkeypatch):
    import recruiting.vendors.sync as vendor_sync

    monkeypatch.setattr(vendor_sync, "adapter_for", lambda connection: _LoopingAdapter())

    outcome = vendor_sync.connection_sync(connection_id=vuesim_connection.pk)

    outcome.run.refresh_from_db()
    assert outcome.run.status == SyncRun.Status.FAILED
    assert "same page token" in outcome.run.error
    assert DeadLetter.objects.filter(connection=vuesim_connection, kind="sync").count() == 1
    vuesim_connection.refresh_from_db()
    assert vuesim_connection.watermark is None  # nothing claimed as stored


@pytest.mark.django_db
def test_a_run_stops_at_its_page_budget_and_asks_to_continue(harness):
    references = [candidate_ref(a) for a in harness.applications]
    body = {"count": 9, "external_ids" if harness.vendor == "vuesim" else "outUserIds": references}
    harness.control("POST", "bulk", body)
    harness.page_size(2)

    first = connection_sync(connection_id=harness.connection.pk, max_pages=2, inline=True)
    second = connection_sync(connection_id=harness.connection.pk, inline=True)

    assert first.again_in == timedelta(0)
    assert (first.run.status, first.run.pages) == (SyncRun.Status.PARTIAL, 2)
    assert second.run.status == SyncRun.Status.SUCCEEDED
    assert len(harness.assessments()) == 9


@pytest.mark.django_db
def test_unknown_fields_are_ignored_and_kept_in_the_raw_payload(harness):
    """Case 12: schema drift adds fields; they are stored raw, not refused."""
    harness.scenario("S1", harness.applications[0])

    harness.sync_here()

    [assessment] = harness.assessments()
    assert assessment.raw  # the vendor's payload as received
    assert not HeldPayload.objects.filter(connection=harness.connection).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery_worker
def test_worker_retries_are_capped_then_dead_lettered(celery_worker_process):
    """Case 20: a vendor down for good ends in a dead letter, not endless retries."""
    import recruiting.tasks as tasks

    harness = Harness("vuesim")
    try:
        harness.faults({"kind": "status", "status": 503})
        admin = UserFactory(roles=[Role.HR_ADMIN])
        tasks.connection_sync_task.apply_async(
            (harness.connection.pk, "manual"), retries=tasks.MAX_RETRIES
        )

        letter = wait_until(
            lambda: DeadLetter.objects.filter(connection=harness.connection).first(), timeout=60
        )
        assert "503" in letter.error
        assert OutboxMessage.objects.filter(recipient=admin.email).exists()
        harness.connection.refresh_from_db()
        assert harness.connection.watermark is None
    finally:
        harness.close()


@pytest.mark.django_db
def test_a_pushed_result_the_database_refuses_is_held_not_retried(harness):
    """A NUL character in vendor text: PostgreSQL's jsonb cannot hold it."""
    from integrations.connections import adapter_for
    from integrations.models import WebhookEvent
    from recruiting.vendors.webhooks import webhook_event_process

    made = harness.scenario("S1", harness.applications[0])
    adapter = adapter_for(harness.connection)
    try:
        body = adapter.fetch_result(made["ids"][0]).body
    finally:
        adapter.close()
    event = WebhookEvent.objects.create(
        connection=harness.connection,
        event_id="evt-nul",
        subject_external_id=made["ids"][0],
        payload=body | {"remark": "nul \x00 byte"},
        is_thin=False,
        status=WebhookEvent.Status.RECEIVED,
    )

    outcome = webhook_event_process(event_id=event.pk)

    assert outcome == "quarantined"
    event.refresh_from_db()
    assert event.status == WebhookEvent.Status.QUARANTINED
    held = HeldPayload.objects.get(connection=harness.connection)
    assert "database refused" in held.reason
    assert not harness.assessments()
