"""Draining a connection's webhook inbox: the waiting events, oldest first, in batches.

The endpoint stores each event and wakes a drainer (integrations.webhooks.inbox_wake:
a mark in Redis, and a task only when no drainer of that slot is marked). The
drainer claims the due events a batch at a time, skipping rows another drainer
holds, and has them processed together (vendor_webhooks), with one adapter for
the whole drain. Before it stops it clears its mark and looks once more, so an
event committed meanwhile is either seen here or wakes another drainer. The
minute beat re-queues events a lost wake-up or a dead worker left behind.
"""

import time

from celery import current_app
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from integrations.connections import adapter_for
from integrations.models import VendorConnection, WebhookEvent
from integrations.webhooks import WAKE_SECONDS, inbox_wake_key
from recruiting.task_names import WEBHOOK_INBOX_DRAIN
from recruiting.vendors.webhooks import webhook_events_process

# Events recorded in one transaction: the fixed cost of a record (a dozen queries, a
# commit) is paid once for them, as for a pulled page, without holding locks for long.
BATCH = 25
# A drainer hands over to a fresh task after this long (well inside the task time limits).
DRAIN_SECONDS = 240.0


def webhook_inbox_drain(*, connection_id: int, slot: int) -> int:
    """Process the connection's due events until none is left; how many were processed."""
    key = inbox_wake_key(connection_id, slot)
    connection = VendorConnection.objects.filter(pk=connection_id).first()
    if connection is None:
        cache.delete(key)
        return 0
    adapter = adapter_for(connection)
    processed = 0
    deadline = time.monotonic() + DRAIN_SECONDS
    try:
        while True:
            events = _claim_due(connection)
            if not events:
                cache.delete(key)
                if _due(connection_id).exists() and cache.add(key, 1, timeout=WAKE_SECONDS):
                    continue  # committed meanwhile, and no other drainer took the mark
                return processed
            webhook_events_process(events=events, adapter=adapter)
            processed += len(events)
            if time.monotonic() > deadline:  # a fresh task goes on; the mark stays, for it
                webhook_inbox_drainer_start(connection_id, slot)
                return processed
    finally:
        adapter.close()


def webhook_inbox_drainer_start(connection_id: int, slot: int) -> None:
    """Queue a drainer of one slot of the connection's inbox (registered with
    integrations.webhooks, which wakes it after each stored delivery)."""
    current_app.send_task(WEBHOOK_INBOX_DRAIN, args=[connection_id, slot])


def _due(connection_id: int) -> models.QuerySet[WebhookEvent]:
    """The connection's events waiting to be processed, and due (not waiting for a retry)."""
    return WebhookEvent.objects.filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=timezone.now()),
        connection_id=connection_id,
        status=WebhookEvent.Status.RECEIVED,
    )


def _claim_due(connection: VendorConnection) -> list[WebhookEvent]:
    """The oldest due events, claimed (-> processing); rows another drainer holds, or the
    endpoint is counting a duplicate of, are skipped, not waited for."""
    now = timezone.now()
    with transaction.atomic():
        events = list(
            _due(connection.pk)
            .select_for_update(skip_locked=True)
            .order_by("received_at", "pk")[:BATCH]
        )
        if not events:
            return []
        WebhookEvent.objects.filter(pk__in=[event.pk for event in events]).update(
            status=WebhookEvent.Status.PROCESSING,
            attempts=models.F("attempts") + 1,
            processed_at=now,  # claim time until each finishes
            retry_at=None,
        )
    for event in events:
        event.status, event.attempts = WebhookEvent.Status.PROCESSING, event.attempts + 1
        event.processed_at, event.retry_at = now, None
        event.connection = connection  # read once per drain: its secrets decrypted once
    return events
