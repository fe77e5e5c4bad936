"""Push the outbound events to webhook subscribers, signed as Standard Webhooks sign.

Each subscriber gets every event of its topics after its cursor, oldest first, one
POST each: the body `{"id", "type", "timestamp", "data"}`, the headers
`webhook-id` (the same on every retry, for the receiver to drop repeats),
`webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256 of
"{id}.{timestamp}.{body}">` under the subscription's `whsec_` key), so any
Standard Webhooks library verifies it. A 2xx moves the cursor on; anything else
stops that subscriber there and tries again later, waiting longer each time (up
to an hour): the order holds and nothing is skipped. Delivery is at least once: a
worker stopped between a POST and its commit sends that event again.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Sequence
from datetime import datetime, timedelta

import httpx
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.outbound.models import OutboundEvent, WebhookSubscription
from hrflow.outbound.selectors import outbound_event_list

BATCH = 50
TIMEOUT_SECONDS = 10.0
# One run of the beat stops starting batches after this long; the next goes on.
RUN_BUDGET_SECONDS = 40.0
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret


def webhook_secret_new() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def webhook_signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


@transaction.atomic
def webhook_subscription_create(
    *, name: str, url: str, topics: Sequence[str] = (), actor: User | None
) -> WebhookSubscription:
    """A subscriber that gets the events from now on, with a new signing secret."""
    newest = OutboundEvent.objects.aggregate(newest=Max("id"))["newest"] or 0
    subscription = WebhookSubscription(
        name=name.strip(),
        url=url.strip(),
        topics=sorted({topic.strip() for topic in topics if topic.strip()}),
        secret=webhook_secret_new(),
        cursor=newest,
    )
    subscription.full_clean()
    subscription.save()
    audit_record(actor=actor, action="outbound.webhook_subscription_create", target=subscription)
    return subscription


@transaction.atomic
def webhook_secret_rotate(*, subscription: WebhookSubscription, actor: User | None) -> str:
    """A new signing secret, in force for the next delivery; returns it."""
    subscription.secret = webhook_secret_new()
    subscription.save(update_fields=["secret"])
    audit_record(actor=actor, action="outbound.webhook_secret_rotate", target=subscription)
    return str(subscription.secret)


def webhooks_deliver_due(*, now: datetime | None = None) -> int:
    """Deliver to every active subscriber that is not waiting out a failure; how many
    events were delivered. Safe to run twice at once: a subscriber being delivered to
    is skipped by the other run."""
    now = now or timezone.now()
    due = WebhookSubscription.objects.filter(is_active=True).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    started = time.monotonic()
    delivered = 0
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as http:
        for subscription_id in due.values_list("pk", flat=True):
            while time.monotonic() - started < RUN_BUDGET_SECONDS:
                sent, more = _deliver_batch(subscription_id, http, now)
                delivered += sent
                if not more:
                    break
    return delivered


def _deliver_batch(subscription_id: int, http: httpx.Client, now: datetime) -> tuple[int, bool]:
    """One batch under the subscriber's row lock: (delivered, whether more may wait).
    `now` is the run's clock: the wait after a failure counts from it."""
    with transaction.atomic():
        subscription = (
            WebhookSubscription.objects.select_for_update(skip_locked=True)
            .filter(pk=subscription_id, is_active=True)
            .first()
        )
        if subscription is None:
            return 0, False
        events = list(
            outbound_event_list(after=subscription.cursor, topics=subscription.topics)[:BATCH]
        )
        sent = 0
        for event in events:
            error = _post(http, subscription, event)
            if error:
                subscription.failures += 1
                subscription.last_error = error[:2000]
                wait = min(FIRST_RETRY * 2 ** (subscription.failures - 1), LONGEST_WAIT)
                subscription.next_attempt_at = now + wait
                break
            subscription.cursor = event.id
            subscription.failures = 0
            subscription.last_error = ""
            subscription.next_attempt_at = None
            subscription.last_delivered_at = now
            sent += 1
        subscription.save(
            update_fields=[
                "cursor", "failures", "last_error", "next_attempt_at", "last_delivered_at",
            ]
        )  # fmt: skip
    return sent, sent == BATCH


def _post(http: httpx.Client, subscription: WebhookSubscription, event: OutboundEvent) -> str:
    """POST one event; an empty string when the receiver took it, else what went wrong."""
    message_id = f"evt_{event.id}"
    body = json.dumps(
        {
            "id": message_id,
            "type": event.topic,
            "timestamp": event.occurred_at.isoformat(),
            "data": event.payload,
        },
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    ).encode()
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": webhook_signature(
            str(subscription.secret), message_id, timestamp, body
        ),
        "user-agent": "hrflow-webhooks/1",
    }
    try:
        response = http.post(subscription.url, content=body, headers=headers)
    except httpx.HTTPError as error:
        return f"{message_id}: {type(error).__name__}: {error}"
    if 200 <= response.status_code < 300:
        return ""
    return f"{message_id}: HTTP {response.status_code}: {response.text[:500]}"
