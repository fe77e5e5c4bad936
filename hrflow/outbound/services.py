"""Write an outbound event, inside the caller's transaction.

Readers page through events by id (`after=<id>`). Ids come from a sequence in
the order rows are inserted, but transactions commit in their own order: a
reader could see event 8 committed while event 7 is still in flight, move its
cursor to 8 and never see 7. So every writer takes one transaction-level
advisory lock before drawing its id and keeps it until it commits: ids then
commit in order. Events are few (HR changes, hires), so the short queue at
commit costs little; the lock is taken as late as possible, after the change
itself.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from hrflow.outbound.models import OutboundEvent

# pg_advisory_xact_lock key of the outbox ("outb" in ASCII): one writer at a time.
OUTBOX_LOCK = 0x6F757462


@dataclass(frozen=True)
class EventDraft:
    topic: str
    key: str
    payload: dict[str, Any]
    occurred_at: datetime | None = None


def outbound_event_write(
    *, topic: str, key: str, payload: dict[str, Any], occurred_at: datetime | None = None
) -> OutboundEvent:
    """Record an event in the current transaction; the same `key` again returns the first.

    Must run inside the transaction of the change it reports: outside one, the
    event could commit without the change or the change without it.
    """
    outbound_events_write([EventDraft(topic, key, payload, occurred_at)])
    return OutboundEvent.objects.get(key=key)


def outbound_events_write(drafts: Sequence[EventDraft]) -> None:
    """Record several events at once (a bulk hire), under the same rules as one."""
    if not connection.in_atomic_block:
        raise RuntimeError("outbound events must be written inside the change's transaction")
    if not drafts:
        return
    now = timezone.now()
    events = [
        OutboundEvent(
            topic=draft.topic,
            key=draft.key,
            payload=draft.payload,
            occurred_at=draft.occurred_at or now,
        )
        for draft in drafts
    ]
    for event in events:
        event.full_clean(exclude=["key"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [OUTBOX_LOCK])
    # ON CONFLICT DO NOTHING: a repeat of a key leaves the first row as it was.
    OutboundEvent.objects.bulk_create(events, ignore_conflicts=True)
