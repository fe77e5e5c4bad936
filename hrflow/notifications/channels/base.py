"""What every channel implements, and the two ways a send can fail.

The delivery loop (hrflow.notifications.delivery) owns retries, attempts and
exactly-once bookkeeping; a channel only talks to its provider. It raises
TransientDeliveryError when trying again later may work (timeouts, 5xx, rate
limits) and PermanentDeliveryError when it cannot (bad number, rejected
template, robot removed).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


class DeliveryError(Exception):
    transient = False


class TransientDeliveryError(DeliveryError):
    transient = True


class PermanentDeliveryError(DeliveryError):
    transient = False


@dataclass(frozen=True)
class Outgoing:
    """One message as a channel sees it (built from an OutboxMessage row)."""

    key: str  # the outbox idempotency key; providers that take one get it (Aliyun OutId)
    event: str
    recipient: str  # e-mail address, E.164 phone number, or a ChatRobot's pk
    subject: str
    body: str
    language: str
    variables: dict[str, Any] = field(default_factory=dict)
    attachments: tuple[dict[str, str], ...] = ()  # {"filename", "content_type", "content"}


@dataclass(frozen=True)
class Receipt:
    provider_id: str = ""  # the provider's id for the message (Aliyun BizId, Message-ID)
    detail: str = ""


class Channel(Protocol):
    def send(self, message: Outgoing) -> Receipt:
        """Hand the message over; return when the provider has accepted it."""
        ...

    def was_sent(self, message: Outgoing, since: datetime) -> bool | None:
        """After a crash mid-send: did the provider take this message since `since`?

        True or False when the provider can tell (Aliyun QuerySendDetails lists
        the OutId), None when it cannot (SMTP): the loop then marks the message
        uncertain instead of risking a second copy.
        """
        ...
