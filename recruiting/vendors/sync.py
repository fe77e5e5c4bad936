"""Pull sync: page through a vendor's results since the watermark, exactly once.

One sync per connection at a time (a PostgreSQL advisory lock, released by the
server even when the worker is killed). Pages are fetched and stored in order;
each page's records are stored (as one batch per ingest lane) in the
transaction that moves the cursor past them, so a crash resumes at the first
page not stored. Lane workers then record the batches in parallel, each lane
in fetch order (vendor_lanes); the run is finished when its last batch is
recorded. The watermark moves only when a pass ends. Rate limits, time
budgets and a backlog of unrecorded batches end the run early with a delay for
the next one (the worker never sleeps); auth failures pause the connection.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import connection as db
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from integrations.adapters.base import Adapter
from integrations.connections import adapter_for
from integrations.errors import (
    AuthError,
    CursorInvalid,
    MalformedPayload,
    RateLimited,
    TransientError,
    VendorError,
)
from integrations.lanes import encode_records, split_by_lane
from integrations.models import DeadLetter, HeldPayload, PulledBatch, SyncRun, VendorConnection
from recruiting.task_names import CONNECTION_SYNC, LANES_DRAIN, WEBHOOK_EVENT_PROCESS
from recruiting.vendors.alerts import alert_hr_admins
from recruiting.vendors.lanes import (
    lane_drain,
    lanes_pending,
    lanes_wake,
    pulled_commit_async,
)
from recruiting.vendors.results import Origin, hold_unreadable
from recruiting.vendors.selectors import lanes_stalled, webhook_events_stalled
from recruiting.vendors.sync_runs import dead_letter, run_finish, run_settle

MAX_PAGES_PER_RUN = 200
TIME_BUDGET = timedelta(minutes=4)
MAX_CURSOR_RESTARTS = 3
# A throttle without Retry-After (面试宝's 42900): wait a few seconds, jittered.
DEFAULT_RATE_LIMIT_WAIT = timedelta(seconds=4)
LOCK_NAMESPACE = 0x5F1C  # advisory-lock key space for vendor syncs
# Stop fetching while this many stored records of the connection wait for their lanes:
# the lanes are behind, and fetching further would only pile up pages.
MAX_PENDING_RECORDS = 10_000
BACKLOG_WAIT = timedelta(seconds=2)


@dataclass
class SyncOutcome:
    run: SyncRun | None
    # Run again after this delay: a rate limit, or a budget spent with work left.
    again_in: timedelta | None = None
    skipped: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def connection_sync(
    *,
    connection_id: int,
    trigger: str = SyncRun.Trigger.SCHEDULE,
    max_pages: int = MAX_PAGES_PER_RUN,
    time_budget: timedelta = TIME_BUDGET,
    inline: bool = False,
) -> SyncOutcome:
    """Run one sync of the connection now; TransientError propagates for the retry policy.

    In a worker the stored pages are recorded by lane tasks; `inline` records
    each page in this process before fetching the next (the command line, and
    tests of the service itself), so the run is finished when this returns.
    """
    if not _try_lock(connection_id):
        return SyncOutcome(None, skipped="another sync of this connection is running")
    try:
        connection = VendorConnection.objects.get(pk=connection_id)  # DoesNotExist: caller's
        if not connection.pollable:
            return SyncOutcome(None, skipped=f"connection is {connection.get_state_display()}")
        adapter = adapter_for(connection)
        try:
            return _Sync(connection, adapter, trigger, max_pages, time_budget, inline).run()
        finally:
            adapter.close()
    finally:
        _unlock(connection_id)


def connection_resync(*, connection: VendorConnection, since: datetime) -> VendorConnection:
    """Re-read everything changed since `since` on the next sync (identical results are no-ops)."""
    VendorConnection.objects.filter(pk=connection.pk).update(
        watermark=since, page_token="", pass_since=None, pass_watermark=None, next_sync_at=None
    )
    connection.refresh_from_db()
    return connection


class _Sync:
    def __init__(
        self,
        connection: VendorConnection,
        adapter: Adapter,
        trigger: str,
        max_pages: int,
        time_budget: timedelta,
        inline: bool,
    ) -> None:
        self.connection, self.adapter, self.inline = connection, adapter, inline
        self.lanes = max(1, int(settings.HRFLOW_INGEST_LANES))
        self.max_pages, self.deadline = max_pages, timezone.now() + time_budget
        self.run_row = SyncRun.objects.create(
            connection=connection, trigger=trigger, status=SyncRun.Status.RUNNING
        )
        self.seen_tokens: set[str] = set()
        self.restarts = 0
        self.stop_reason = ""
        self.extra_quarantined = 0  # a whole page held as unreadable

    def run(self) -> SyncOutcome:
        run = self.run_row
        # Work an earlier run left stored (its worker died, its task was lost) goes first.
        self._drain(lanes_pending(connection_id=self.connection.pk))
        try:
            again_in = self._passes()
        except RateLimited as error:
            wait = error.retry_after or DEFAULT_RATE_LIMIT_WAIT * random.uniform(1, 2)  # noqa: S311
            self._fetch_ended(SyncRun.Status.PARTIAL, f"rate limited; next try in {wait}")
            return SyncOutcome(run, again_in=wait)
        except AuthError as error:
            self._pause(error.describe())
            self._finish(SyncRun.Status.FAILED, error.describe())
            return SyncOutcome(run)
        except MalformedPayload as error:
            # A page we cannot read: kept whole, the cursor stays before it, HR sees it.
            hold_unreadable(
                connection=self.connection,
                body=error.raw,
                reason=f"page after token {self.connection.page_token[:80]!r}: {error.message}",
                origin=Origin(HeldPayload.Origin.POLL, sync_run=run),
            )
            self.extra_quarantined += 1
            self._finish(SyncRun.Status.FAILED, error.message)
            return SyncOutcome(run)
        except TransientError as error:
            self._finish(SyncRun.Status.FAILED, error.describe())
            raise
        except VendorError as error:
            # A cursor that keeps failing, a refused request: retrying now cannot help.
            self._finish(SyncRun.Status.FAILED, error.describe())
            dead_letter(
                connection=self.connection,
                kind=DeadLetter.Kind.SYNC,
                reference=f"sync:{self.connection.pk}",
                error=error.describe(),
                attempts=1,
            )
            return SyncOutcome(run)
        status = SyncRun.Status.PARTIAL if again_in is not None else SyncRun.Status.SUCCEEDED
        self._fetch_ended(status, self.stop_reason)
        return SyncOutcome(run, again_in=again_in)

    def _passes(self) -> timedelta | None:
        """Page until the vendor has nothing newer; a delay if the budget ran out first."""
        while True:
            if self.run_row.pages >= self.max_pages or timezone.now() >= self.deadline:
                return timedelta(0)
            if not self.inline and self._backlog() >= MAX_PENDING_RECORDS:
                self.stop_reason = "the lanes are behind; fetching resumes when they catch up"
                return BACKLOG_WAIT
            try:
                page_done, more = self._page()
            except CursorInvalid:
                self.restarts += 1
                if self.restarts > MAX_CURSOR_RESTARTS:
                    raise
                self._restart_pass()
                continue
            if page_done and not more:
                return None

    def _page(self) -> tuple[bool, bool]:
        """Fetch and store one page; (this pass ended, another pass should follow)."""
        connection = self.connection
        since = connection.pass_since or self._window_start()
        token = connection.page_token or None
        if token is not None:
            if token in self.seen_tokens:
                raise CursorInvalid("the vendor sent the same page token twice")
            self.seen_tokens.add(token)
        page = self.adapter.fetch_results(since, token)
        origin = Origin(HeldPayload.Origin.POLL, sync_run=self.run_row)
        lanes = split_by_lane(page.items, self.lanes)
        with transaction.atomic():
            pulled_commit_async()  # see there: durable enough for a pull
            PulledBatch.objects.bulk_create(
                PulledBatch(
                    connection=connection,
                    sync_run=self.run_row,
                    lane=lane,
                    records=encode_records(records),
                    count=len(records),
                )
                for lane, records in sorted(lanes.items())
            )
            for bad in page.bad_records:
                hold_unreadable(
                    connection=connection, body=bad.raw.encode(), reason=bad.reason, origin=origin
                )
            run = self.run_row
            run.pages += 1
            run.fetched += len(page.items)
            # The cursor moves in the transaction that stored the page it covers.
            updates: dict[str, object] = {}
            if token is None:
                updates |= {"pass_since": since, "pass_watermark": page.high_watermark}
            if page.exhausted:
                watermark = (
                    connection.pass_watermark if token is not None else page.high_watermark
                ) or connection.watermark
                updates |= {
                    "page_token": "",
                    "pass_since": None,
                    "pass_watermark": None,
                    "watermark": watermark,
                }
            else:
                updates["page_token"] = page.next_page_token or ""
            VendorConnection.objects.filter(pk=connection.pk).update(**updates)
            SyncRun.objects.filter(pk=run.pk).update(
                pages=run.pages,
                fetched=run.fetched,
                quarantined=F("quarantined") + len(page.bad_records),
                since=since,
            )
            if not self.inline:  # woken once this transaction commits
                self._drain(set(lanes))
        if self.inline:  # recorded now that the page is committed
            self._drain(set(lanes))
        for name, value in updates.items():
            setattr(connection, name, value)
        return page.exhausted, page.more_after

    def _window_start(self) -> datetime:
        if self.connection.watermark is None:
            return self.connection.backfill_from
        return self.connection.watermark - self.adapter.lookback

    def _restart_pass(self) -> None:
        """The vendor refused our cursor: start the pass again from where it began."""
        VendorConnection.objects.filter(pk=self.connection.pk).update(page_token="")
        self.connection.page_token = ""
        self.seen_tokens.clear()

    def _drain(self, lanes: set[int]) -> None:
        """Have the lanes record their batches: here when inline, else by lane tasks."""
        if not self.inline:
            lanes_wake(connection_id=self.connection.pk, lanes=lanes)
            return
        for lane in sorted(lanes):
            lane_drain(connection_id=self.connection.pk, lane=lane, adapter=self.adapter)

    def _backlog(self) -> int:
        """Records stored and not yet recorded."""
        pending = PulledBatch.objects.filter(
            connection=self.connection, status=PulledBatch.Status.PENDING
        ).aggregate(records=Sum("count"))
        return pending["records"] or 0

    def _finish(self, status: str, error: str) -> None:
        """The run failed: finished now (batches it stored are still recorded)."""
        with transaction.atomic():
            run = SyncRun.objects.select_for_update().get(pk=self.run_row.pk)
            run.quarantined += self.extra_quarantined
            run.fetch_ended_at = timezone.now()
            run.save(update_fields=["quarantined", "fetch_ended_at"])
            run_finish(run=run, status=status, error=error)
        self.run_row.refresh_from_db()

    def _fetch_ended(self, status: str, note: str) -> None:
        """Fetching is over; the run finishes with `status` once its batches are recorded."""
        with transaction.atomic():
            SyncRun.objects.filter(pk=self.run_row.pk).update(
                fetch_ended_at=timezone.now(),
                final_status=status,
                error=note[:4000],
                quarantined=F("quarantined") + self.extra_quarantined,
            )
            run_settle(run_id=self.run_row.pk)
        self.run_row.refresh_from_db()

    def _pause(self, reason: str) -> None:
        """No retry storm on bad credentials: needs re-auth until a person fixes them."""
        VendorConnection.objects.filter(pk=self.connection.pk).update(
            state=VendorConnection.State.NEEDS_REAUTH, state_reason=reason[:2000]
        )
        alert_hr_admins(
            connection=self.connection,
            what="needs re-authentication",
            detail=f"Syncing stopped: {reason}. Update the credentials, then resume.",
        )


def _lock_key(connection_id: int) -> tuple[int, int]:
    return (LOCK_NAMESPACE, connection_id)


def _try_lock(connection_id: int) -> bool:
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", _lock_key(connection_id))
        return bool(cursor.fetchone()[0])


def _unlock(connection_id: int) -> None:
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", _lock_key(connection_id))


def connections_due_claim(*, now: datetime) -> list[int]:
    """Claim the next sync of every active connection whose interval is up; their ids.

    Each claim is a conditional update of the connection's next sync time, so two
    beats running at once cannot both start the same connection.
    """
    due = VendorConnection.objects.filter(
        state=VendorConnection.State.ACTIVE, deleted_at__isnull=True
    ).filter(Q(next_sync_at__isnull=True) | Q(next_sync_at__lte=now))
    claimed = []
    for connection in due:
        if VendorConnection.objects.filter(
            pk=connection.pk, next_sync_at=connection.next_sync_at
        ).update(next_sync_at=now + connection.poll_interval):
            claimed.append(connection.pk)
    return claimed


def sync_gave_up(*, connection_id: int, error: str, attempts: int) -> None:
    """A sync that failed its last retry becomes a dead letter HR admins can retry."""
    dead_letter(
        connection=VendorConnection.objects.get(pk=connection_id),
        kind=DeadLetter.Kind.SYNC,
        reference=f"sync:{connection_id}",
        error=error,
        attempts=attempts,
    )


def vendor_work_resume(*, now: datetime) -> int:
    """The minute beat: wake the lanes and webhook events whose task was lost (they have
    waited too long), and start the syncs that are due; how many syncs it started."""
    for connection_id, lane in lanes_stalled():
        current_app.send_task(LANES_DRAIN, args=[connection_id, lane])
    for event_id in webhook_events_stalled():
        current_app.send_task(WEBHOOK_EVENT_PROCESS, args=[event_id])
    claimed = connections_due_claim(now=now)
    for connection_id in claimed:
        current_app.send_task(CONNECTION_SYNC, args=[connection_id, SyncRun.Trigger.SCHEDULE])
    return len(claimed)
