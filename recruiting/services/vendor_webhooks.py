"""Processing a webhook event from the inbox, after the endpoint acknowledged it.

Thin events name a result and are fetched from the vendor (the authoritative
read); full events carry the record. Either way the record goes through the
same ingest as a pulled one. Safe to run twice: the inbox row's state and the
ingest's own idempotency absorb redeliveries.
"""

import logging
from datetime import datetime, timedelta

from django.db import DataError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from integrations.adapters.base import Adapter
from integrations.connections import adapter_for
from integrations.contracts import RawRecord
from integrations.errors import (
    AuthError,
    MalformedPayload,
    NotFound,
    PermanentRequestError,
    TransientError,
)
from integrations.models import DeadLetter, HeldPayload, VendorConnection, WebhookEvent
from recruiting.models import Application, Assessment
from recruiting.services.card_scores import application_refresh_scores
from recruiting.services.sync_runs import dead_letter
from recruiting.services.vendor_results import (
    IngestOutcome,
    Origin,
    hold_refused,
    hold_unreadable,
    ingest_record,
)

log = logging.getLogger(__name__)
# A row left "processing" this long belongs to a worker that died: reclaim it.
STALE_PROCESSING = timedelta(minutes=10)
# A row still "received" after this lost its wake-up (the broker was away at commit).
STALE_RECEIVED = timedelta(minutes=2)
STALLED_BATCH = 1000
DELETION_EVENTS = ("interview.deleted", "report.deleted")


def webhook_event_process(*, event_id: int) -> str:  # an IngestOutcome, "failed" or "skipped"
    """Process one inbox event; returns what happened (for logs and tests).

    Once claimed, an event always ends in a state a person can see: done,
    quarantined (held with its reason) or failed (with a dead letter HR can
    retry). Only a vendor that may answer later (TransientError, the task's
    retries) or a database that is away leave it for another attempt.
    """
    event = _claim(event_id)
    if event is None:
        return "skipped"
    try:
        return _process(event)
    except (TransientError, OperationalError, InterfaceError):
        raise
    except Exception as error:  # a fault in our code, or in a record nothing else caught
        log.exception("webhook event %s could not be processed", event.pk)
        webhook_event_failed(event_id=event.pk, error=f"{type(error).__name__}: {error}")
        return "failed"


def webhook_events_stalled(*, now: datetime | None = None) -> list[int]:
    """Events that wait for a worker that will not come: received minutes ago (the
    wake-up after commit was lost with the broker) or claimed by a worker that died.

    For the minute beat, which queues them again (claiming is idempotent).
    """
    now = now or timezone.now()
    return list(
        WebhookEvent.objects.filter(
            Q(status=WebhookEvent.Status.RECEIVED, received_at__lt=now - STALE_RECEIVED)
            | Q(status=WebhookEvent.Status.PROCESSING, processed_at__lt=now - STALE_PROCESSING)
        )
        .order_by("received_at")
        .values_list("pk", flat=True)[:STALLED_BATCH]
    )


def _process(event: WebhookEvent) -> str:
    connection = event.connection
    origin = Origin(HeldPayload.Origin.WEBHOOK, webhook_event=event)
    if event.error and event.payload and "raw" in event.payload:
        # Signed by the vendor but unreadable: kept whole for a person, acknowledged.
        hold_unreadable(
            connection=connection,
            body=str(event.payload["raw"]).encode(),
            reason=event.error,
            origin=origin,
        )
        _finish(event, WebhookEvent.Status.QUARANTINED, event.error)
        return IngestOutcome.QUARANTINED
    adapter = adapter_for(connection)
    try:
        raw = _record(adapter, event)
        outcome = ingest_record(connection=connection, adapter=adapter, raw=raw, origin=origin)
    except NotFound:
        outcome = _vendor_deleted(connection, event)
    except MalformedPayload as error:
        hold_unreadable(connection=connection, body=error.raw, reason=error.message, origin=origin)
        _finish(event, WebhookEvent.Status.QUARANTINED, error.message)
        return IngestOutcome.QUARANTINED
    except (PermanentRequestError, AuthError) as error:
        # Retrying cannot help: the row says why, the health page offers "retry".
        _finish(event, WebhookEvent.Status.FAILED, error.describe())
        return "failed"
    except DataError as error:
        # Text PostgreSQL cannot store (a NUL character): held, a retry would fail again.
        reason = f"the database refused the record: {error}".strip()
        hold_refused(connection=connection, raw=raw, reason=reason, origin=origin)
        _finish(event, WebhookEvent.Status.QUARANTINED, reason)
        return IngestOutcome.QUARANTINED
    finally:
        adapter.close()
    status = (
        WebhookEvent.Status.QUARANTINED
        if outcome in (IngestOutcome.QUARANTINED, IngestOutcome.UNMATCHED)
        else WebhookEvent.Status.DONE
    )
    _finish(event, status, "" if status == WebhookEvent.Status.DONE else str(outcome))
    return outcome


def webhook_event_failed(*, event_id: int, error: str) -> None:
    """Retries exhausted, or a fault: the row says so, and a dead letter on the health page
    offers "retry" (and tells HR admins)."""
    event = WebhookEvent.objects.select_related("connection").filter(pk=event_id).first()
    if event is None:
        return
    with transaction.atomic():
        WebhookEvent.objects.filter(pk=event_id).update(
            status=WebhookEvent.Status.FAILED, error=error[:4000], processed_at=timezone.now()
        )
        dead_letter(
            connection=event.connection,
            kind=DeadLetter.Kind.WEBHOOK,
            reference=f"webhook:{event_id}",
            error=f"webhook event {event.event_id[:80]}: {error}",
            attempts=event.attempts,
        )


def webhook_event_retry(*, event: WebhookEvent) -> WebhookEvent:
    """HR's "retry": back to received; the caller queues processing after commit."""
    WebhookEvent.objects.filter(pk=event.pk).update(
        status=WebhookEvent.Status.RECEIVED, error="", attempts=0
    )
    event.refresh_from_db()
    return event


def _claim(event_id: int) -> WebhookEvent | None:
    """received/failed (or a stale processing) -> processing, by exactly one worker."""
    now = timezone.now()
    with transaction.atomic():
        event = (
            # Wait for the lock (never skip): the endpoint briefly locks the row to count
            # a duplicate delivery, and a skipped claim would leave the event unprocessed.
            WebhookEvent.objects.select_for_update(of=("self",))
            .select_related("connection")
            .filter(pk=event_id)
            .first()
        )
        if event is None or event.status in (
            WebhookEvent.Status.DONE,
            WebhookEvent.Status.QUARANTINED,
        ):
            return None
        if event.status == WebhookEvent.Status.PROCESSING and (
            event.processed_at and now - event.processed_at < STALE_PROCESSING
        ):
            return None
        event.status = WebhookEvent.Status.PROCESSING
        event.attempts += 1
        event.processed_at = now  # claim time until it finishes
        event.save(update_fields=["status", "attempts", "processed_at"])
    return event


def _record(adapter: Adapter, event: WebhookEvent) -> RawRecord:
    payload = event.payload or {}
    if event.is_thin or event.event_type in DELETION_EVENTS:
        # Thin events name the result; the vendor's current state is the truth.
        return adapter.fetch_result(event.subject_external_id)
    return RawRecord(
        external_result_id=event.subject_external_id,
        vendor_updated_at=None,
        vendor_revision=None,
        body=payload,
    )


def _vendor_deleted(connection: VendorConnection, event: WebhookEvent) -> IngestOutcome:
    """The vendor no longer has the result: mark ours deleted, purge media, keep the record."""
    rows = Assessment.objects.filter(
        source=connection.source_key, external_id=event.subject_external_id
    )
    applications = list(rows.values_list("application", flat=True))
    updated = rows.update(
        status=Assessment.Status.DELETED, media={}, raw={}, updated_at=timezone.now()
    )
    for application in Application.objects.filter(pk__in=applications):
        application_refresh_scores(application=application)  # the score leaves the card
    return IngestOutcome.UPDATED if updated else IngestOutcome.UNCHANGED


def _finish(event: WebhookEvent, status: str, error: str) -> None:
    WebhookEvent.objects.filter(pk=event.pk).update(
        status=status, error=error[:4000], processed_at=timezone.now()
    )
