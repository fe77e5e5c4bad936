"""Writes to the outbox. Call inside the transaction that decided to notify.

A row written here is a promise: the delivery loop (hrflow.notifications.delivery)
sends it once. After the deciding transaction commits, a delivery task is
woken; if the broker is down then, the minute beat finds the row anyway.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.wake import outbox_wake_after_commit


@transaction.atomic
def outbox_enqueue(
    *,
    idempotency_key: str,
    channel: str,
    event: str,
    recipient: str,
    subject: str = "",
    body: str = "",
    language: str = "zh-hans",
    not_before: datetime | None = None,
    candidate_ref: int | None = None,
    application_ref: int | None = None,
    variables: dict[str, Any] | None = None,
    attachments: Sequence[dict[str, str]] = (),
) -> tuple[OutboxMessage, bool]:
    """Queue one message; the same key again returns the first row and False.

    The unique key is the idempotency guard, so a task that runs twice (Celery
    redelivery) cannot queue a second copy.
    """
    candidate = OutboxMessage(
        idempotency_key=idempotency_key,
        channel=channel,
        event=event,
        recipient=recipient,
        subject=subject,
        body=body,
        language=language,
        not_before=not_before,
        candidate_ref=candidate_ref,
        application_ref=application_ref,
        variables=variables or {},
        attachments=list(attachments),
    )
    # Validate before writing; the key's uniqueness is get_or_create's job.
    candidate.full_clean(validate_unique=False)
    defaults = {
        field.name: getattr(candidate, field.name)
        for field in OutboxMessage._meta.concrete_fields
        if not field.primary_key and field.name != "idempotency_key"
    }
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=idempotency_key, defaults=defaults
    )
    if created:
        outbox_wake_after_commit()
    return message, created


@transaction.atomic
def outbox_enqueue_many(messages: Sequence[OutboxMessage]) -> int:
    """Queue many messages in one INSERT; keys already queued are skipped. Returns the new count.

    For the paths that decide hundreds of applications at once (screening a
    page of results): one statement instead of a get_or_create per message.
    """
    if not messages:
        return 0
    for message in messages:
        message.full_clean(validate_unique=False)
    keys = [message.idempotency_key for message in messages]
    before = set(
        OutboxMessage.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    fresh = [message for message in messages if message.idempotency_key not in before]
    # ignore_conflicts: a concurrent writer of the same key wins quietly (ON CONFLICT DO NOTHING).
    OutboxMessage.objects.bulk_create(fresh, ignore_conflicts=True)
    if fresh:
        outbox_wake_after_commit()
    return len(fresh)


@transaction.atomic
def outbox_cancel(*, keys: Sequence[str] = (), key_prefix: str = "") -> int:
    """Withdraw messages not yet sent (a reminder for a moved interview, a reversed rejection)."""
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
    if keys:
        pending = pending.filter(idempotency_key__in=list(keys))
    elif key_prefix:
        pending = pending.filter(idempotency_key__startswith=key_prefix)
    else:
        return 0
    return pending.update(
        status=OutboxMessage.Status.CANCELLED, updated_at=timezone.now(), lease_until=None
    )
