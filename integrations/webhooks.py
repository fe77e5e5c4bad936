"""Receiving a vendor webhook: verify on the raw bytes, record in the inbox, answer fast.

No vendor call and no business logic here: the event is stored under its
vendor event id (a duplicate finds the row and is acknowledged) and processing
is queued by task name after commit (integrations sits below recruiting, which
owns the processing).
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from integrations.adapters.base import Adapter
from integrations.contracts import VerifiedEvent, WebhookAck
from integrations.errors import MalformedHeader, SignatureError, StaleWebhook
from integrations.models import VendorConnection, WebhookEvent

security_log = logging.getLogger("hrflow.security")
PROCESS_TASK = "recruiting.process_webhook_event"
NONCE_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class Receipt:
    status: int
    body: bytes
    content_type: str = "application/json"
    event: WebhookEvent | None = None
    duplicate: bool = False


def webhook_receive(
    *,
    connection: VendorConnection,
    adapter: Adapter,
    headers: dict[str, str],
    query: dict[str, str],
    body: bytes,
    now: datetime,
    client_ip: str = "",
) -> Receipt:
    """Verify and record one delivery; the answer the vendor expects."""
    try:
        event = adapter.verify_webhook(headers, query, body, now)
        if event.nonce and not cache.add(
            f"integrations:nonce:{connection.pk}:{event.nonce}", 1, NONCE_TTL.total_seconds()
        ):
            raise StaleWebhook("the nonce was used before (a replay)")
    except SignatureError as error:
        # Nothing stored but a security log line with hashes, never the body.
        security_log.warning(
            "webhook refused connection=%s ip=%s reason=%s body_sha256=%s",
            connection.pk,
            client_ip,
            error.message,
            hashlib.sha256(body).hexdigest(),
        )
        status = 400 if isinstance(error, StaleWebhook | MalformedHeader) else 401
        return Receipt(status, json.dumps({"error": error.message}).encode())
    if event.challenge:
        return _answer(adapter.webhook_ack(event))
    return _record(connection, adapter, event, body)


def _record(
    connection: VendorConnection, adapter: Adapter, event: VerifiedEvent, body: bytes
) -> Receipt:
    ack = adapter.webhook_ack(event)
    try:
        with transaction.atomic():
            row = WebhookEvent.objects.create(
                connection=connection,
                event_id=event.event_id[:200] or f"sha256:{hashlib.sha256(body).hexdigest()}",
                event_type=event.event_type[:60],
                subject_external_id=event.subject_external_id[:128],
                payload=event.payload if not event.malformed else {"raw": _text(event.unreadable)},
                is_thin=event.is_thin,
                status=WebhookEvent.Status.RECEIVED,
                error=event.malformed[:2000],
            )
            transaction.on_commit(lambda: current_app.send_task(PROCESS_TASK, args=[row.pk]))
    except IntegrityError:
        # The vendor's retry of an event we hold: acknowledged, not processed again.
        WebhookEvent.objects.filter(connection=connection, event_id=event.event_id[:200]).update(
            duplicates=F("duplicates") + 1
        )
        return _answer(ack, duplicate=True)
    return _answer(ack, event=row)


def _answer(
    ack: WebhookAck, *, event: WebhookEvent | None = None, duplicate: bool = False
) -> Receipt:
    return Receipt(ack.status, ack.body, ack.content_type, event=event, duplicate=duplicate)


def _text(body: bytes) -> str:
    return body.decode("utf-8", "replace")[:1_000_000]
