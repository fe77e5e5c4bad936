"""Writes to the outbox. Call inside the transaction that decided to notify."""

from datetime import datetime

from django.db import transaction

from hrflow.notifications.models import OutboxMessage


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
) -> tuple[OutboxMessage, bool]:
    """Queue one message; the same key again returns the first row and False.

    The unique key is the idempotency guard, so a task that runs twice (Celery
    redelivery) cannot queue a second copy.
    """
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "channel": channel,
            "event": event,
            "recipient": recipient,
            "subject": subject,
            "body": body,
            "language": language,
            "not_before": not_before,
        },
    )
    if created:
        message.full_clean()
    return message, created
