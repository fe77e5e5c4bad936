"""Processing a webhook event from the inbox, after the endpoint acknowledged it.

Thin events name a result and are fetched from the vendor (the authoritative
read); full events carry the record. Either way the record goes through the
same ingest as a pulled one. Safe to run twice: the inbox row's state and the
ingest's own idempotency absorb redeliveries.
"""

from datetime import timedelta

from django.db import DataError, transaction
from django.utils import timezone

from integrations.adapters.base import Adapter
from integrations.connections import adapter_for
from integrations.contracts import RawRecord
from integrations.errors import AuthError, MalformedPayload, NotFound, PermanentRequestError
from integrations.models import HeldPayload, VendorConnection, WebhookEvent
from recruiting.models import Application, Assessment
from recruiting.services.card_scores import application_refresh_scores
from recruiting.services.vendor_results import (
    IngestOutcome,
    Origin,
    hold_refused,
    hold_unreadable,
    ingest_record,
)

# A row left "processing" this long belongs to a worker that died: reclaim it.
STALE_PROCESSING = timedelta(minutes=10)
DELETION_EVENTS = ("interview.deleted", "report.deleted")


def webhook_event_process(*, event_id: int) -> str:  # an IngestOutcome, or "skipped"
    """Process one inbox event; returns what happened (for logs and tests)."""
    event = _claim(event_id)
    if event is None:
        return "skipped"
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
    """Retries exhausted: the row says so; the health page offers "retry"."""
    WebhookEvent.objects.filter(pk=event_id).update(
        status=WebhookEvent.Status.FAILED, error=error[:4000]
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
