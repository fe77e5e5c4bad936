"""The delivery loop: hand each due outbox message to its channel once.

A message moves pending -> sending -> sent in three short transactions:

1. *claim*: a batch of due rows is leased to this worker (`FOR UPDATE SKIP
   LOCKED`, so any number of workers share the outbox without waiting);
2. *start*: just before the provider is called, the row becomes `sending` and
   the attempt is written - committed, so a crash leaves a trace;
3. *finish*: `sent` with the provider's id, or back to `pending` with a backoff
   (transient error), or `failed` (permanent error, or out of attempts).

A worker killed between 2 and 3 leaves one `sending` row per process whose
lease runs out. The next loop asks that row's channel whether the provider got
it (Aliyun lists the OutId: exactly once); a channel that cannot tell (SMTP)
marks it `uncertain` for HR rather than risk a second copy. A worker killed
after 1 leaves leased `pending` rows, which are simply claimed again later:
nothing was sent.
"""

import logging
import random
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from hrflow.notifications.channels.base import (
    Channel,
    DeliveryError,
    Outgoing,
    Receipt,
)
from hrflow.notifications.channels.registry import ChannelSet
from hrflow.notifications.models import DeliveryAttempt, OutboxMessage

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status
Outcome = DeliveryAttempt.Outcome

CLAIM_BATCH = 20
ALREADY_TAKEN = "the provider confirms it took the message"
MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 6 * 3600


@dataclass
class DeliveryTally:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    reconciled: int = 0
    uncertain: int = 0

    def total(self) -> int:
        return self.sent + self.retried + self.failed + self.reconciled + self.uncertain


def lease() -> timedelta:
    """How long a claimed message belongs to its worker (HRFLOW_NOTIFICATION_LEASE_SECONDS).

    Longer than any channel's timeouts, so a slow send is never taken for a dead one.
    """
    return timedelta(seconds=settings.HRFLOW_NOTIFICATION_LEASE_SECONDS)


def backoff(attempt: int) -> timedelta:
    """Full-jitter exponential backoff: a random wait up to 30 s x 2^(attempt-1), capped."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(attempt - 1, 0))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 - jitter, not a secret


def outgoing_of(message: OutboxMessage) -> Outgoing:
    return Outgoing(
        key=message.idempotency_key,
        event=message.event,
        recipient=message.recipient,
        subject=message.subject,
        body=message.body,
        language=message.language,
        variables=dict(message.variables or {}),
        attachments=tuple(message.attachments or ()),
    )


def deliver_due(
    *, time_budget_seconds: float = 50.0, channels: ChannelSet | None = None
) -> DeliveryTally:
    """Settle what a dead worker left, then send due messages until none is left or time is up."""
    tally = DeliveryTally()
    deadline = timezone.now() + timedelta(seconds=time_budget_seconds)
    with ExitStack() as stack:
        channel_set = channels or stack.enter_context(ChannelSet.opened())
        reconcile_abandoned(channel_set, tally)
        while timezone.now() < deadline:
            claimed = claim(CLAIM_BATCH)
            if not claimed:
                break
            for message_id, channel_kind in claimed:
                deliver_one(message_id, channel_kind, channel_set, tally)
    return tally


def claim(limit: int) -> list[tuple[int, str]]:
    """Lease up to `limit` due messages to this worker, oldest first."""
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE notifications_outboxmessage SET lease_until = %s
            WHERE id IN (
                SELECT id FROM notifications_outboxmessage
                WHERE status = 'pending'
                  AND (not_before IS NULL OR not_before <= %s)
                  AND (lease_until IS NULL OR lease_until < %s)
                ORDER BY created_at, id
                LIMIT %s
                FOR UPDATE SKIP LOCKED
            )
            RETURNING id, channel
            """,
            [now + lease(), now, now, limit],
        )
        return sorted((row[0], row[1]) for row in cursor.fetchall())


def deliver_one(
    message_id: int, channel_kind: str, channels: ChannelSet, tally: DeliveryTally
) -> None:
    channels.prepare(channel_kind)
    started = _start(message_id)
    if started is None:  # cancelled, or taken by another worker meanwhile
        return
    message, attempt = started
    try:
        channel = channels.for_message(message)
        outgoing = outgoing_of(message)
        # A retry after a transient error may follow a send the provider did take
        # (an SMS accepted, then the connection dropped before the answer): ask first.
        if message.attempts > 1 and channel.was_sent(outgoing, message.created_at) is True:
            _finish_sent(message, attempt, Receipt(detail=ALREADY_TAKEN), Outcome.ALREADY_SENT)
            tally.reconciled += 1
            return
        receipt = channel.send(outgoing)
    except DeliveryError as error:
        _finish_failed(message, attempt, error, tally)
    except Exception as error:  # a bug or an unforeseen provider answer: retried, not lost
        logger.exception("notifications.delivery_crashed", extra={"outbox_message": message.pk})
        _finish_failed(message, attempt, error, tally, transient=True)
    else:
        _finish_sent(message, attempt, receipt, Outcome.SENT)
        tally.sent += 1


def _start(message_id: int) -> tuple[OutboxMessage, DeliveryAttempt] | None:
    now = timezone.now()
    with transaction.atomic():
        # Not SKIP LOCKED: another worker's claim may hold this row for an instant
        # (it read it before our lease committed, locked it, then saw the lease and
        # passed it by); skipping would strand the message until its lease ran out.
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(pk=message_id, status=Status.PENDING)
            .first()
        )
        if message is None:  # cancelled meanwhile
            return None
        message.status = Status.SENDING
        message.attempts += 1
        message.lease_until = now + lease()
        message.save(update_fields=["status", "attempts", "lease_until", "updated_at"])
        attempt = DeliveryAttempt.objects.create(
            message=message, number=message.attempts, started_at=now
        )
    return message, attempt


def _finish_sent(
    message: OutboxMessage, attempt: DeliveryAttempt, receipt: Receipt, outcome: str
) -> None:
    now = timezone.now()
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.SENT,
            sent_at=now,
            lease_until=None,
            provider_id=receipt.provider_id[:200],
            last_error="",
            updated_at=now,
        )
        _close_attempt(attempt, outcome, receipt.detail or receipt.provider_id, now)


def _finish_failed(
    message: OutboxMessage,
    attempt: DeliveryAttempt,
    error: Exception,
    tally: DeliveryTally,
    *,
    transient: bool | None = None,
) -> None:
    now = timezone.now()
    retry = (
        error.transient
        if transient is None and isinstance(error, DeliveryError)
        else bool(transient)
    )
    retry = retry and message.attempts < MAX_ATTEMPTS
    detail = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.PENDING if retry else Status.FAILED,
            not_before=now + backoff(message.attempts) if retry else message.not_before,
            lease_until=None,
            last_error=detail,
            updated_at=now,
        )
        _close_attempt(attempt, Outcome.RETRY if retry else Outcome.FAILED, detail, now)
    if retry:
        tally.retried += 1
    else:
        tally.failed += 1
        logger.warning(
            "notifications.failed", extra={"outbox_message": message.pk, "error": detail}
        )


def _close_attempt(attempt: DeliveryAttempt, outcome: str, detail: str, now: object) -> None:
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(
        outcome=outcome, detail=detail[:2000], finished_at=now
    )


def reconcile_abandoned(channels: ChannelSet, tally: DeliveryTally) -> None:
    """Settle `sending` rows whose worker died mid-send (their lease ran out)."""
    for message in _abandoned():
        attempt = message.attempts_log.order_by("-number").first()
        since = attempt.started_at if attempt else message.updated_at
        try:
            channel: Channel = channels.for_message(message)
            taken = channel.was_sent(outgoing_of(message), since)
        except Exception:  # the provider could not be asked now: ask again next loop
            logger.exception("notifications.reconcile_failed", extra={"outbox_message": message.pk})
            continue
        with transaction.atomic():
            _settle_abandoned(message, attempt, taken, tally)


def _abandoned() -> Iterator[OutboxMessage]:
    now = timezone.now()
    while True:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(status=Status.SENDING, lease_until__lt=now)
                .order_by("lease_until")
                .first()
            )
            if message is None:
                return
            # Re-lease while the provider is asked, so no other worker asks too.
            OutboxMessage.objects.filter(pk=message.pk).update(lease_until=now + lease())
        yield message


def _settle_abandoned(
    message: OutboxMessage,
    attempt: DeliveryAttempt | None,
    taken: bool | None,
    tally: DeliveryTally,
) -> None:
    now = timezone.now()
    if taken is True:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.SENT, sent_at=now, lease_until=None, updated_at=now
        )
        outcome, detail = Outcome.ALREADY_SENT, ALREADY_TAKEN
        tally.reconciled += 1
    elif taken is False:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.PENDING, lease_until=None, not_before=None, updated_at=now
        )
        outcome, detail = Outcome.RETRY, "the worker stopped before the provider took it"
        tally.reconciled += 1
    else:
        detail = (
            "the worker stopped while handing the message over and this channel "
            "cannot tell whether it went out; not sent again"
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.UNCERTAIN, lease_until=None, last_error=detail, updated_at=now
        )
        outcome = Outcome.UNCERTAIN
        tally.uncertain += 1
        logger.warning("notifications.uncertain", extra={"outbox_message": message.pk})
    if attempt is not None and not attempt.outcome:
        _close_attempt(attempt, outcome, detail, now)
