"""Record pulled results lane by lane, in parallel, each lane in fetch order.

The sync stores every page it fetches as one batch per lane (integrations.lanes)
in the transaction that moves the cursor, then hands the lanes to workers. A
lane's drainer records its batches oldest first (several at once when it is
behind); they are recorded, counted on their run and deleted in one
transaction, so a worker killed half-way leaves them pending for the next
drainer. One drainer per (connection, lane) at a time: a PostgreSQL advisory
lock, which the server releases when the holder's session ends, however it ends.
"""

import logging
from collections import Counter

from celery import current_app
from django.core.cache import cache
from django.db import DataError, InterfaceError, OperationalError, transaction
from django.db import connection as db
from django.db.models import F, QuerySet

from integrations.adapters.base import Adapter
from integrations.connections import adapter_for
from integrations.lanes import decode_records
from integrations.models import DeadLetter, HeldPayload, PulledBatch, SyncRun
from recruiting.task_names import LANES_DRAIN
from recruiting.vendors.results import (
    IngestOutcome,
    Origin,
    hold_refused,
    ingest_records,
)
from recruiting.vendors.sync_runs import dead_letter, run_settle

log = logging.getLogger(__name__)
LANE_TASK = LANES_DRAIN
# Advisory-lock keys of lane drainers: (LANE_LOCK_BASE + lane, connection id); the
# sync's own lock uses another key space (vendor_sync.LOCK_NAMESPACE).
LANE_LOCK_BASE = 0x5F1D0000
# A lane behind records up to this many batches, or about this many records, at once.
GROUP_BATCHES = 8
GROUP_RECORDS = 400
QUEUED_MARK_SECONDS = 60


def lanes_wake(*, connection_id: int, lanes: set[int]) -> None:
    """After commit, ask a worker to drain each lane that was given new batches, unless
    someone is draining it (a drainer looks again before it stops, so it takes them) or
    a task for it already waits in the queue (a mark in the cache until it starts).

    A lost task (a worker killed before it started) leaves its mark until the mark
    expires; the beat wakes lanes whose batches wait longer than that anyway.
    """
    if not lanes:
        return

    def send() -> None:
        for lane in sorted(lanes - _lanes_being_drained(connection_id)):
            if cache.add(_queued_key(connection_id, lane), 1, timeout=QUEUED_MARK_SECONDS):
                current_app.send_task(LANE_TASK, args=[connection_id, lane])

    transaction.on_commit(send)


def lane_task_started(*, connection_id: int, lane: int) -> None:
    """A lane task has left the queue: the next page may send another."""
    cache.delete(_queued_key(connection_id, lane))


def _queued_key(connection_id: int, lane: int) -> str:
    return f"hrflow:ingest-lane-queued:{connection_id}:{lane}"


def lanes_drain(*, connection_id: int, first: int | None = None) -> int:
    """Drain the connection's lanes that no one else is draining, until none is left.

    A worker process starts with the lane it was sent for, then moves on to
    any other lane with pending batches and no drainer. With more lanes than
    worker processes, the processes share out the lanes instead of one of
    them finishing early while the other still has a long lane ahead.
    """
    recorded = 0
    adapter: Adapter | None = None
    try:
        while True:
            pending = sorted(lanes_pending(connection_id=connection_id), key=lambda n: n != first)
            took = False
            for lane in pending:
                if not _lock(connection_id, lane, wait=False):
                    continue  # someone is draining it
                took = True
                try:
                    while batches := _next_batches(connection_id, lane):
                        adapter = adapter or adapter_for(batches[0].connection)
                        batches_record(batches=batches, adapter=adapter)
                        recorded += len(batches)
                finally:
                    _unlock(connection_id, lane)
            if not took:  # nothing pending, or every pending lane has its drainer
                return recorded
    finally:
        if adapter is not None:
            adapter.close()


def lane_drain(*, connection_id: int, lane: int, adapter: Adapter) -> int:
    """Record one lane's pending batches in fetch order, waiting for its drainer if it has
    one (a sync run inline, from the command line); how many batches were recorded."""
    recorded = 0
    _lock(connection_id, lane, wait=True)
    try:
        while batches := _next_batches(connection_id, lane):
            batches_record(batches=batches, adapter=adapter)
            recorded += len(batches)
    finally:
        _unlock(connection_id, lane)
    return recorded


def batches_record(*, batches: list[PulledBatch], adapter: Adapter) -> None:
    """Record consecutive batches of one run, count them on it and delete them, all or nothing.

    A lane that has fallen behind takes several batches at once: the fixed
    cost of a page (a dozen queries, a commit) is then paid once for them.
    A batch that fails for a reason other than the database (a fault in our
    code or in a record nothing else caught) is kept, marked failed and named
    in a dead letter, and the lane goes on: one bad batch does not stop the
    results behind it, and HR can retry it once the fault is fixed.
    """
    try:
        _record_together(batches, adapter)
        return
    except (OperationalError, InterfaceError):
        raise  # the database is away: the task's retry policy applies
    except Exception:  # noqa: S110 - narrowed down below, then kept and shown to HR
        pass
    if len(batches) > 1:  # find the bad one: the others are recorded
        for batch in batches:
            batches_record(batches=[batch], adapter=adapter)
        return
    try:
        _record_one_by_one(batches[0], adapter)
    except (OperationalError, InterfaceError):
        raise
    except Exception as error:  # bad data included (DataError): kept, shown to HR
        log.exception("pulled batch %s could not be recorded", batches[0].pk)
        _batch_failed(batches[0], f"{type(error).__name__}: {error}")


def _record_together(batches: list[PulledBatch], adapter: Adapter) -> None:
    run = batches[0].sync_run
    records = [record for batch in batches for record in decode_records(bytes(batch.records))]
    with transaction.atomic():
        pulled_commit_async()
        outcomes = Counter(
            ingest_records(
                connection=batches[0].connection,
                adapter=adapter,
                records=records,
                origin=Origin(HeldPayload.Origin.POLL, sync_run=run),
            )
        )
        _count(run.pk, outcomes)
        PulledBatch.objects.filter(pk__in=[batch.pk for batch in batches]).delete()
        run_settle(run_id=run.pk)


def _record_one_by_one(batch: PulledBatch, adapter: Adapter) -> None:
    """A batch that failed whole: each record on its own, the ones the database refuses
    (a NUL character in vendor text, say) held with the reason, the rest recorded."""
    run = batch.sync_run
    origin = Origin(HeldPayload.Origin.POLL, sync_run=run)
    outcomes: Counter[IngestOutcome] = Counter()
    with transaction.atomic():
        pulled_commit_async()
        for record in decode_records(bytes(batch.records)):
            try:
                with transaction.atomic():
                    outcomes.update(
                        ingest_records(
                            connection=batch.connection,
                            adapter=adapter,
                            records=[record],
                            origin=origin,
                        )
                    )
            except DataError as error:
                hold_refused(
                    connection=batch.connection,
                    raw=record,
                    reason=f"the database refused the record: {error}".strip(),
                    origin=origin,
                )
                outcomes[IngestOutcome.QUARANTINED] += 1
        _count(run.pk, outcomes)
        PulledBatch.objects.filter(pk=batch.pk).delete()
        run_settle(run_id=run.pk)


def _count(run_id: int, outcomes: Counter[IngestOutcome]) -> None:
    SyncRun.objects.filter(pk=run_id).update(
        created=F("created") + outcomes[IngestOutcome.CREATED],
        updated=F("updated") + outcomes[IngestOutcome.UPDATED],
        unchanged=F("unchanged")
        + outcomes[IngestOutcome.UNCHANGED]
        + outcomes[IngestOutcome.IGNORED_OLDER],
        quarantined=F("quarantined") + outcomes[IngestOutcome.QUARANTINED],
        unmatched=F("unmatched") + outcomes[IngestOutcome.UNMATCHED],
    )


def pulled_commit_async() -> None:
    """Let the current transaction commit without waiting for its WAL to reach the disk.

    Only for pulled results: a database crash may then lose the last few
    transactions, but it loses them whole and in order (the batch's deletion
    with the rows it recorded, the cursor's move with the batch it stored),
    and nothing outside was told of them (a pull acknowledges nothing to the
    vendor), so the lost work is pending again or fetched again from the
    cursor. Webhooks, whose 2xx tells the vendor to forget, commit durably.
    Otherwise every batch's commit waits for a disk flush, hundreds per ingest.
    """
    with db.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")


def batch_retry(*, batch: PulledBatch) -> tuple[str, list[int]]:
    """A failed batch goes back into its lane (HR's "retry" on its dead letter).

    Returns the lane task to send once the caller's transaction commits.
    """
    PulledBatch.objects.filter(pk=batch.pk, status=PulledBatch.Status.FAILED).update(
        status=PulledBatch.Status.PENDING, error=""
    )
    return LANE_TASK, [batch.connection_id, batch.lane]


def lanes_pending(*, connection_id: int) -> set[int]:
    """The connection's lanes that hold batches waiting to be recorded."""
    return set(
        PulledBatch.objects.filter(connection_id=connection_id, status=PulledBatch.Status.PENDING)
        .order_by()
        .values_list("lane", flat=True)
        .distinct()
    )


def _batch_failed(batch: PulledBatch, error: str) -> None:
    with transaction.atomic():
        PulledBatch.objects.filter(pk=batch.pk).update(
            status=PulledBatch.Status.FAILED, error=error[:4000]
        )
        SyncRun.objects.filter(pk=batch.sync_run_id).update(errors=F("errors") + 1)
        dead_letter(
            connection=batch.connection,
            kind=DeadLetter.Kind.BATCH,
            reference=f"batch:{batch.pk}",
            error=f"{batch.count} pulled results could not be recorded: {error}",
            attempts=1,
        )
        run_settle(run_id=batch.sync_run_id)


def _pending(connection_id: int, lane: int) -> QuerySet[PulledBatch]:
    return PulledBatch.objects.filter(
        connection_id=connection_id, lane=lane, status=PulledBatch.Status.PENDING
    )


def _next_batches(connection_id: int, lane: int) -> list[PulledBatch]:
    """The lane's oldest pending batches of one run, up to about a page's worth or two."""
    taken: list[PulledBatch] = []
    records = 0
    for batch in _pending(connection_id, lane).select_related("connection", "sync_run")[
        :GROUP_BATCHES
    ]:
        if taken and (batch.sync_run_id != taken[0].sync_run_id or records >= GROUP_RECORDS):
            break
        taken.append(batch)
        records += batch.count
    return taken


def _lanes_being_drained(connection_id: int) -> set[int]:
    """Lanes whose advisory lock someone holds (pg_locks: the lock table, no waiting)."""
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT classid::bigint - %s FROM pg_locks WHERE locktype = 'advisory' "
            "AND granted AND objid = %s AND objsubid = 2 AND classid::bigint >= %s",
            [LANE_LOCK_BASE, connection_id, LANE_LOCK_BASE],
        )
        return {lane for (lane,) in cursor.fetchall()}


def _lock(connection_id: int, lane: int, *, wait: bool) -> bool:
    function = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
    with db.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [LANE_LOCK_BASE + lane, connection_id])
        return wait or bool(cursor.fetchone()[0])


def _unlock(connection_id: int, lane: int) -> None:
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LANE_LOCK_BASE + lane, connection_id])
