"""Requests for a message to whoever holds an address, settled by a worker.

A public form that sends a message to the address it is given (the portal's
sign-in link, the staff password reset) must cost the same whether anyone
holds the address or not: a lookup and an insert only for known addresses
make their answers measurably slower, which tells a stranger which addresses
are known. So the form queues a MessageRequest, one encrypted row and a
wake-up, the same for every address, and the delivery worker settles it: the
handler its app registered looks the address up and queues the message in
the outbox, in the transaction that deletes the request, so each request is
settled once. Handlers are registered from each app's AppConfig.ready(), so
this app names none of the apps above it.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from hrflow.notifications.models import MessageRequest
from hrflow.notifications.wake import outbox_wake_after_commit

logger = logging.getLogger(__name__)

# handler(payload, key): queue the message if anyone holds the address. `key`
# is unique per request: the outbox idempotency key to build on.
Handler = Callable[[dict[str, Any], str], None]
_HANDLERS: dict[str, Handler] = {}
SETTLE_BATCH = 50
# A link or a reset mail arriving this long after it was asked for (workers were
# down) would puzzle more than help: the person asks again.
MAX_AGE = timedelta(hours=1)


def message_request_handler_register(kind: str, handler: Handler) -> None:
    """Settle requests of `kind` with `handler` (called from an AppConfig.ready())."""
    _HANDLERS[kind] = handler


@transaction.atomic
def message_request_queue(*, kind: str, payload: dict[str, Any]) -> None:
    """Queue a request and wake the delivery worker after commit: the same for any address."""
    if kind not in _HANDLERS:
        raise ValueError(f"no handler for message requests of kind {kind!r}")
    MessageRequest.objects.create(kind=kind, payload=payload)
    outbox_wake_after_commit()


def message_requests_settle(*, limit: int = 1000) -> int:
    """Settle queued requests, oldest first, each once; how many were taken.

    Rows are locked with SKIP LOCKED, so any number of workers share them.
    A request whose handler fails is logged and dropped, not retried: the
    person asks again, and one bad request cannot hold up the others.
    """
    settled = 0
    while settled < limit:
        with transaction.atomic():
            batch = list(
                MessageRequest.objects.select_for_update(skip_locked=True).order_by("pk")[
                    : min(SETTLE_BATCH, limit - settled)
                ]
            )
            if not batch:
                break
            oldest = timezone.now() - MAX_AGE
            for request in batch:
                if request.created_at >= oldest:
                    _settle(request)
            MessageRequest.objects.filter(pk__in=[request.pk for request in batch]).delete()
        settled += len(batch)
    return settled


def _settle(request: MessageRequest) -> None:
    handler = _HANDLERS.get(request.kind)
    if handler is None:
        logger.warning("notifications.request_unhandled", extra={"kind": request.kind})
        return
    try:
        with transaction.atomic():  # a savepoint: a failure undoes this request only
            handler(dict(request.payload), f"{request.kind}:{request.pk}")
    except Exception:
        logger.exception(
            "notifications.request_failed", extra={"kind": request.kind, "request": request.pk}
        )
