"""Processing webhook events from the inbox, after the endpoint acknowledged them.

One at a time (HR's retry, the beat's sweep) or several at once (the inbox's
drainer, recruiting.vendors.inbox). Thin events name a result and are
fetched from the vendor (the authoritative read); full events carry the
record. Either way the records go through the same ingest as pulled ones,
those of a batch in one transaction. Safe to run twice: the inbox row's state
and the ingest's own idempotency absorb redeliveries. Once claimed, an event
always ends in a state a person can see: done, quarantined (held with its
reason) or failed (with a dead letter HR can retry); a vendor that does not
answer puts it back with a time to retry at, until its retries are spent.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from functools import partial

from celery import current_app
from django.db import DataError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from integrations.adapters.base import Adapter
from integrations.connections import adapter_for
from integrations.contracts import RawRecord
from integrations.errors import (
    AuthError,
    MalformedPayload,
    NotFound,
    PermanentRequestError,
    RateLimited,
    TransientError,
)
from integrations.models import DeadLetter, HeldPayload, VendorConnection, WebhookEvent
from integrations.webhooks import DRAIN_SLOTS
from recruiting.models import Application, Assessment
from recruiting.services.card_scores import application_refresh_scores
from recruiting.task_names import WEBHOOK_INBOX_DRAIN
from recruiting.vendors.results import (
    IngestOutcome,
    Origin,
    hold_refused,
    hold_unreadable,
    ingest_records,
)
from recruiting.vendors.retries import MAX_RETRIES, backoff, countdown
from recruiting.vendors.selectors import STALE_PROCESSING
from recruiting.vendors.sync_runs import dead_letter

log = logging.getLogger(__name__)
DELETION_EVENTS = ("interview.deleted", "report.deleted")


def webhook_event_process(*, event_id: int) -> str:  # an IngestOutcome, "failed", "skipped"
    """Process one inbox event now (HR's retry, the beat's sweep, tests); what happened."""
    event = _claim(event_id)
    if event is None:
        return "skipped"
    adapter = adapter_for(event.connection)
    try:
        [outcome] = webhook_events_process(events=[event], adapter=adapter)
    finally:
        adapter.close()
    return outcome


def webhook_events_process(*, events: Sequence[WebhookEvent], adapter: Adapter) -> list[str]:
    """Claimed events of one connection: each read (fetched when thin), then recorded
    together in one transaction; one by one if that fails (a record the database refuses,
    say), so one bad event does not hold back the others. What happened to each."""
    outcomes: dict[int, str] = {}
    ready: list[tuple[WebhookEvent, RawRecord]] = []
    for event in events:
        raw, outcome = _guarded(event, partial(_read, event, adapter))
        if raw is not None:
            ready.append((event, raw))
        else:
            outcomes[event.pk] = outcome
    if len(ready) > 1:
        try:
            with transaction.atomic():
                outcomes |= _ingest(ready, adapter)
            ready = []
        except (OperationalError, InterfaceError):
            raise
        except Exception:  # noqa: S110 - each on its own below, where the error is kept
            pass
    for event, raw in ready:
        outcomes[event.pk] = _guarded(event, partial(_ingest_one, event, raw, adapter))[1]
    return [outcomes[event.pk] for event in events]


def _guarded(
    event: WebhookEvent, step: Callable[[], tuple[RawRecord | None, str]]
) -> tuple[RawRecord | None, str]:
    """Run a step of an event's processing; whatever goes wrong, the event is settled (but
    for a database that is away: the beat reclaims it once its claim is stale)."""
    try:
        return step()
    except TransientError as error:
        _retry_later(event, error)
        return None, "retry"
    except (OperationalError, InterfaceError):
        raise
    except Exception as error:  # a fault in our code, or in a record nothing else caught
        log.exception("webhook event %s could not be processed", event.pk)
        webhook_event_failed(event_id=event.pk, error=f"{type(error).__name__}: {error}")
        return None, "failed"


def _read(event: WebhookEvent, adapter: Adapter) -> tuple[RawRecord | None, str]:
    """The event's record, ready to ingest; or None and what became of the event."""
    connection = event.connection
    origin = _origin(event)
    if event.error and event.payload and "raw" in event.payload:
        # Signed by the vendor but unreadable: kept whole for a person, acknowledged.
        hold_unreadable(
            connection=connection,
            body=str(event.payload["raw"]).encode(),
            reason=event.error,
            origin=origin,
        )
        _finish(event, WebhookEvent.Status.QUARANTINED, event.error)
        return None, IngestOutcome.QUARANTINED
    try:
        return _record(adapter, event), ""
    except NotFound:
        outcome = _vendor_deleted(connection, event)
    except MalformedPayload as error:
        hold_unreadable(connection=connection, body=error.raw, reason=error.message, origin=origin)
        _finish(event, WebhookEvent.Status.QUARANTINED, error.message)
        return None, IngestOutcome.QUARANTINED
    except (PermanentRequestError, AuthError) as error:
        # Retrying cannot help: the row says why, the health page offers "retry".
        _finish(event, WebhookEvent.Status.FAILED, error.describe())
        return None, "failed"
    _settle([(event, outcome)])
    return None, outcome


def _ingest(ready: list[tuple[WebhookEvent, RawRecord]], adapter: Adapter) -> dict[int, str]:
    outcomes = ingest_records(
        connection=ready[0][0].connection,
        adapter=adapter,
        records=[raw for _, raw in ready],
        origin=[_origin(event) for event, _ in ready],
    )
    settled = list(zip([event for event, _ in ready], outcomes, strict=True))
    _settle(settled)
    return {event.pk: outcome for event, outcome in settled}


def _ingest_one(
    event: WebhookEvent, raw: RawRecord, adapter: Adapter
) -> tuple[RawRecord | None, str]:
    try:
        with transaction.atomic():
            return None, _ingest([(event, raw)], adapter)[event.pk]
    except DataError as error:
        # Text PostgreSQL cannot store (a NUL character): held, a retry would fail again.
        reason = f"the database refused the record: {error}".strip()
        hold_refused(connection=event.connection, raw=raw, reason=reason, origin=_origin(event))
        _finish(event, WebhookEvent.Status.QUARANTINED, reason)
        return None, IngestOutcome.QUARANTINED


def _settle(settled: list[tuple[WebhookEvent, IngestOutcome]]) -> None:
    """Done, or quarantined (held: malformed, unmatched) with the outcome as the reason."""
    groups: dict[tuple[str, str], list[int]] = {}
    for event, outcome in settled:
        held = outcome in (IngestOutcome.QUARANTINED, IngestOutcome.UNMATCHED)
        status: str = WebhookEvent.Status.QUARANTINED if held else WebhookEvent.Status.DONE
        groups.setdefault((status, str(outcome) if held else ""), []).append(event.pk)
    for (status, error), ids in groups.items():
        WebhookEvent.objects.filter(pk__in=ids).update(
            status=status, error=error, processed_at=timezone.now()
        )


def _retry_later(event: WebhookEvent, error: TransientError) -> None:
    """The vendor did not answer: back in the inbox, due after a backoff, and a drainer
    woken then; failed with a dead letter once its retries are spent."""
    if event.attempts > MAX_RETRIES:
        webhook_event_failed(event_id=event.pk, error=error.describe())
        return
    delay = timedelta(seconds=backoff(event.attempts - 1))
    if isinstance(error, RateLimited) and error.retry_after:
        delay = max(delay, error.retry_after)
    WebhookEvent.objects.filter(pk=event.pk).update(
        status=WebhookEvent.Status.RECEIVED, retry_at=timezone.now() + delay, error=""
    )
    current_app.send_task(
        WEBHOOK_INBOX_DRAIN,
        args=[event.connection_id, event.pk % DRAIN_SLOTS],
        countdown=countdown(delay),
    )


def _origin(event: WebhookEvent) -> Origin:
    return Origin(HeldPayload.Origin.WEBHOOK, webhook_event=event)


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
        status=WebhookEvent.Status.RECEIVED, error="", attempts=0, retry_at=None
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
        event.retry_at = None
        event.save(update_fields=["status", "attempts", "processed_at", "retry_at"])
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


@transaction.atomic
def _vendor_deleted(connection: VendorConnection, event: WebhookEvent) -> IngestOutcome:
    """The vendor no longer has the result: mark ours deleted, purge media, keep the record.

    One transaction: nobody sees the result deleted while its score is still on the card.
    """
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
