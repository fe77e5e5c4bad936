"""Pull sync: page through a vendor's results since the watermark, exactly once.

One sync per connection at a time (a PostgreSQL advisory lock, released by the
server even when the worker is killed). Pages are processed in order; each
page's records and the page token that follows it commit in one transaction,
so a crash resumes at the first page not stored. The watermark moves only when
a pass ends. Rate limits and time budgets end the run early with a delay for
the next one (the worker never sleeps); auth failures pause the connection.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection as db
from django.db import transaction
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
from integrations.models import DeadLetter, HeldPayload, SyncRun, VendorConnection
from recruiting.services.integration_alerts import alert_hr_admins
from recruiting.services.vendor_results import (
    IngestOutcome,
    Origin,
    hold_unreadable,
    ingest_records,
)

MAX_PAGES_PER_RUN = 200
TIME_BUDGET = timedelta(minutes=4)
MAX_CURSOR_RESTARTS = 3
# A throttle without Retry-After (面试宝's 42900): wait a few seconds, jittered.
DEFAULT_RATE_LIMIT_WAIT = timedelta(seconds=4)
LOCK_NAMESPACE = 0x5F1C  # advisory-lock key space for vendor syncs


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
) -> SyncOutcome:
    """Run one sync of the connection now; TransientError propagates for the retry policy."""
    if not _try_lock(connection_id):
        return SyncOutcome(None, skipped="another sync of this connection is running")
    try:
        connection = VendorConnection.objects.get(pk=connection_id)  # DoesNotExist: caller's
        if not connection.pollable:
            return SyncOutcome(None, skipped=f"connection is {connection.get_state_display()}")
        adapter = adapter_for(connection)
        try:
            return _Sync(connection, adapter, trigger, max_pages, time_budget).run()
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
    ) -> None:
        self.connection, self.adapter = connection, adapter
        self.max_pages, self.deadline = max_pages, timezone.now() + time_budget
        self.run_row = SyncRun.objects.create(
            connection=connection, trigger=trigger, status=SyncRun.Status.RUNNING
        )
        self.seen_tokens: set[str] = set()
        self.restarts = 0

    def run(self) -> SyncOutcome:
        run = self.run_row
        try:
            again_in = self._passes()
        except RateLimited as error:
            wait = error.retry_after or DEFAULT_RATE_LIMIT_WAIT * random.uniform(1, 2)  # noqa: S311
            self._finish(SyncRun.Status.PARTIAL, f"rate limited; next try in {wait}")
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
            run.quarantined += 1
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
        self._finish(status, "")
        if status == SyncRun.Status.SUCCEEDED:
            VendorConnection.objects.filter(pk=self.connection.pk).update(
                last_success_at=timezone.now(), last_error=""
            )
            DeadLetter.objects.filter(
                connection=self.connection, kind=DeadLetter.Kind.SYNC, resolved_at__isnull=True
            ).update(resolved_at=timezone.now())
        return SyncOutcome(run, again_in=again_in)

    def _passes(self) -> timedelta | None:
        """Page until the vendor has nothing newer; a delay if the budget ran out first."""
        while True:
            if self.run_row.pages >= self.max_pages or timezone.now() >= self.deadline:
                return timedelta(0)
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
        with transaction.atomic():
            counts: dict[str, int] = {}
            for outcome in ingest_records(
                connection=connection, adapter=self.adapter, records=page.items, origin=origin
            ):
                counts[outcome] = counts.get(outcome, 0) + 1
            for bad in page.bad_records:
                hold_unreadable(
                    connection=connection, body=bad.raw.encode(), reason=bad.reason, origin=origin
                )
            self._count(len(page.items), counts, len(page.bad_records))
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
            SyncRun.objects.filter(pk=self.run_row.pk).update(
                pages=self.run_row.pages,
                fetched=self.run_row.fetched,
                created=self.run_row.created,
                updated=self.run_row.updated,
                unchanged=self.run_row.unchanged,
                quarantined=self.run_row.quarantined,
                unmatched=self.run_row.unmatched,
                since=since,
            )
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

    def _count(self, fetched: int, counts: dict[str, int], bad: int) -> None:
        run = self.run_row
        run.pages += 1
        run.fetched += fetched
        run.created += counts.get(IngestOutcome.CREATED, 0)
        run.updated += counts.get(IngestOutcome.UPDATED, 0)
        run.unchanged += counts.get(IngestOutcome.UNCHANGED, 0) + counts.get(
            IngestOutcome.IGNORED_OLDER, 0
        )
        run.quarantined += counts.get(IngestOutcome.QUARANTINED, 0) + bad
        run.unmatched += counts.get(IngestOutcome.UNMATCHED, 0)

    def _finish(self, status: str, error: str) -> None:
        run = self.run_row
        run.status, run.error, run.finished_at = status, error[:4000], timezone.now()
        run.errors += 1 if error and status == SyncRun.Status.FAILED else 0
        run.save(update_fields=["status", "error", "finished_at", "errors", "quarantined"])
        if status == SyncRun.Status.FAILED:
            VendorConnection.objects.filter(pk=self.connection.pk).update(
                last_error=error[:4000], last_error_at=timezone.now()
            )

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


def dead_letter(
    *, connection: VendorConnection, kind: str, reference: str, error: str, attempts: int
) -> DeadLetter:
    """Record work that exhausted its retries (one open letter per thing) and tell HR admins."""
    letter, _ = DeadLetter.objects.update_or_create(
        connection=connection,
        kind=kind,
        reference=reference[:200],
        resolved_at=None,
        defaults={"error": error[:4000], "attempts": attempts},
    )
    alert_hr_admins(connection=connection, what=f"{kind} failing", detail=error)
    return letter


def _lock_key(connection_id: int) -> tuple[int, int]:
    return (LOCK_NAMESPACE, connection_id)


def _try_lock(connection_id: int) -> bool:
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", _lock_key(connection_id))
        return bool(cursor.fetchone()[0])


def _unlock(connection_id: int) -> None:
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", _lock_key(connection_id))
