"""Receiving a vendor webhook: verify on the raw bytes, record in the inbox, answer fast.

No vendor call and no business logic here: the event is stored under its
vendor event id (a duplicate finds the row and is acknowledged) in one
statement that commits before the answer, then a worker is woken to process
it. The inbox row is the queue: waking costs one Redis round trip per delivery
(a mark that a drainer of this connection's inbox is queued or at work), and a
task is sent only when no drainer is; a wake-up lost with the broker is made
good by the minute beat. Integrations sits below recruiting, which owns the
processing: recruiting registers how a drainer is started (`inbox_drainer_register`)
from its `ready()`, so this module names nothing above it.
"""

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection as db
from django.db import transaction
from django.utils import timezone

from integrations.contracts import VerifiedEvent, WebhookAck
from integrations.endpoints import DIGEST_SQL, WebhookEndpoint, webhook_endpoint
from integrations.errors import MalformedHeader, SignatureError, StaleWebhook
from integrations.models import VendorConnection, WebhookEvent

security_log = logging.getLogger("hrflow.security")
NONCE_TTL = timedelta(minutes=10)
# Drainers per connection at most (one per worker process of the integrations queue, as
# the default worker runs two); each delivery wakes the slot of its row.
DRAIN_SLOTS = 2
# A drainer's mark outlives a lost task only this long (then a delivery sends another).
WAKE_SECONDS = 60

# One statement: a new event is inserted, a vendor's retry of one we hold only counts
# itself (`duplicates` is 0 on insert), whichever of two concurrent deliveries comes
# first; committed before the vendor hears 2xx (durability before the answer). Only if
# the connection is still what the delivery was verified with (its digest, see
# integrations.endpoints): else nothing is stored and no row comes back.
INSERT_EVENT = f"""
INSERT INTO integrations_webhookevent (connection_id, event_id, event_type,
    subject_external_id, payload, is_thin, status, attempts, duplicates, error, received_at)
SELECT %s, %s, %s, %s, %s, %s, %s, 0, 0, %s, %s
WHERE EXISTS (SELECT FROM integrations_vendorconnection
    WHERE id = %s AND deleted_at IS NULL AND {DIGEST_SQL} = %s)
ON CONFLICT (connection_id, event_id)
DO UPDATE SET duplicates = integrations_webhookevent.duplicates + 1
RETURNING id, duplicates
"""  # noqa: S608 (constants only)
GONE = b'{"error":"unknown endpoint"}'
TRIES = 3


@dataclass(frozen=True)
class Receipt:
    status: int
    body: bytes
    content_type: str = "application/json"
    event_pk: int | None = None
    duplicate: bool = False


def webhook_receive(
    *,
    endpoint: WebhookEndpoint,
    headers: dict[str, str],
    query: dict[str, str],
    body: bytes,
    now: datetime,
    client_ip: str = "",
) -> Receipt:
    """Verify and record one delivery; the answer the vendor expects.

    `endpoint` may be kept from an earlier delivery: a signature it refuses, or a
    connection changed since (the insert says so), are tried again with a fresh
    one. 410 when the connection is gone (a Standard-Webhooks sender then stops).
    """
    nonce_taken = False
    for _ in range(TRIES):
        try:
            event = endpoint.adapter.verify_webhook(headers, query, body, now)
            if event.nonce and not nonce_taken:
                key = f"integrations:nonce:{endpoint.connection.pk}:{event.nonce}"
                if not cache.add(key, 1, NONCE_TTL.total_seconds()):
                    raise StaleWebhook("the nonce was used before (a replay)")
                nonce_taken = True
        except SignatureError as error:
            # A secret rotated since the endpoint was kept: ask the database.
            if not endpoint.fresh and type(error) is SignatureError:
                fresh = webhook_endpoint(endpoint.connection.uuid, fresh=True)
                if fresh is None:
                    return Receipt(410, GONE)
                endpoint = fresh
                continue
            return _refused(endpoint.connection, error, body, client_ip)
        if event.challenge:
            return _answer(endpoint.adapter.webhook_ack(event))
        receipt = _record(endpoint, event, body)
        if receipt is not None:
            return receipt
        fresh = webhook_endpoint(endpoint.connection.uuid, fresh=True)  # changed since
        if fresh is None:
            return Receipt(410, GONE)
        endpoint = fresh
    return Receipt(503, b'{"error":"the connection changed meanwhile; send it again"}')


def _refused(
    connection: VendorConnection, error: SignatureError, body: bytes, client_ip: str
) -> Receipt:
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


def _record(endpoint: WebhookEndpoint, event: VerifiedEvent, body: bytes) -> Receipt | None:
    """Store the event (or count a duplicate); None if the connection changed meanwhile."""
    connection = endpoint.connection
    payload: Any = event.payload if not event.malformed else {"raw": _text(event.unreadable)}
    values = [
        connection.pk,
        event.event_id[:200] or f"sha256:{hashlib.sha256(body).hexdigest()}",
        event.event_type[:60],
        event.subject_external_id[:128],
        PAYLOAD_FIELD.get_prep_value(payload),  # encrypted, as the model stores it
        event.is_thin,
        WebhookEvent.Status.RECEIVED,
        event.malformed[:2000],
        timezone.now(),
        connection.pk,
        endpoint.digest,
    ]
    with db.cursor() as cursor:
        cursor.execute(INSERT_EVENT, values)
        row = cursor.fetchone()
    if row is None:
        return None
    pk, duplicates = row
    ack = endpoint.adapter.webhook_ack(event)
    if duplicates:
        # The vendor's retry of an event we hold: acknowledged, not processed again.
        return _answer(ack, duplicate=True)
    # Robust: the row is committed; a broker that is away must not turn the 2xx into a
    # 5xx (the vendor would only send it again). The beat wakes what is left waiting.
    transaction.on_commit(lambda: inbox_wake(connection_id=connection.pk, slot=pk), robust=True)
    return _answer(ack, event_pk=pk)


# Starts a drainer of (connection id, slot): set by the app that processes the events.
_drainer_start: list[Callable[[int, int], None]] = []


def inbox_drainer_register(start: Callable[[int, int], None]) -> None:
    """Say how a drainer is started; the processing app calls this from `ready()`."""
    _drainer_start[:] = [start]


def inbox_wake(*, connection_id: int, slot: int) -> None:
    """See that a drainer will read the connection's inbox: one is started only if none
    is marked as queued or at work for this slot (`slot` may be any number: a row's key)."""
    if not _drainer_start:
        raise ImproperlyConfigured("no app registered a webhook inbox drainer")
    slot %= DRAIN_SLOTS
    if cache.add(inbox_wake_key(connection_id, slot), 1, timeout=WAKE_SECONDS):
        _drainer_start[0](connection_id, slot)


def inbox_wake_key(connection_id: int, slot: int) -> str:
    return f"hrflow:webhook-inbox-awake:{connection_id}:{slot}"


def _answer(ack: WebhookAck, *, event_pk: int | None = None, duplicate: bool = False) -> Receipt:
    return Receipt(ack.status, ack.body, ack.content_type, event_pk=event_pk, duplicate=duplicate)


def _text(body: bytes) -> str:
    return body.decode("utf-8", "replace")[:1_000_000]


PAYLOAD_FIELD = WebhookEvent._meta.get_field("payload")
