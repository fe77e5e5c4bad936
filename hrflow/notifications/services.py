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
    candidate = OutboxMessage(
        idempotency_key=idempotency_key,
        channel=channel,
        event=event,
        recipient=recipient,
        subject=subject,
        body=body,
        language=language,
        not_before=not_before,
    )
    # Validate before writing; the key's uniqueness is get_or_create's job.
    candidate.full_clean(validate_unique=False)
    defaults = {
        field.name: getattr(candidate, field.name)
        for field in OutboxMessage._meta.concrete_fields
        if not field.primary_key and field.name != "idempotency_key"
    }
    return OutboxMessage.objects.get_or_create(idempotency_key=idempotency_key, defaults=defaults)
