"""E-mail through Django's configured backend (SMTP, or a django-anymail provider).

One connection is opened per delivery loop and reused for its messages. The
Message-ID is derived from the outbox key, so a copy the provider did get twice
(never from us) can still be recognised by the recipient's mail system.
"""

import contextlib
import hashlib
import smtplib
from datetime import datetime
from typing import Any

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from hrflow.notifications.channels.base import (
    Outgoing,
    PermanentDeliveryError,
    Receipt,
    TransientDeliveryError,
)

SMTP_TIMEOUT_SECONDS = 20


def message_id_for(key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "hrflow.local"
    return f"<{digest}@{domain}>"


class EmailChannel:
    def __init__(self) -> None:
        self._connection: Any = None

    def open(self) -> None:
        self._connection = get_connection(fail_silently=False, timeout=SMTP_TIMEOUT_SECONDS)

    def prepare(self) -> None:
        """Connect (and log in) before a message is marked as being sent, so that the
        window in which a crash leaves it uncertain is only the hand-over itself."""
        if self._connection is None:
            self.open()
        self._connection.open()  # a no-op while the session is open

    def close(self) -> None:
        if self._connection is not None:
            # A dead connection cannot be closed politely; nothing is lost by giving up.
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None

    def send(self, message: Outgoing) -> Receipt:
        if self._connection is None:
            self.open()
        message_id = message_id_for(message.key)
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.recipient],
            connection=self._connection,
            headers={"Message-ID": message_id, "Content-Language": message.language},
        )
        for attachment in message.attachments:
            email.attach(attachment["filename"], attachment["content"], attachment["content_type"])
        try:
            accepted = email.send()
        except AnymailRecipientsRefused as error:
            raise PermanentDeliveryError(f"the provider refused the address: {error}") from error
        except AnymailAPIError as error:
            # No answer, a rate limit or a server error may pass; anything else will not.
            status = getattr(error, "status_code", None)
            if status is None or status == 429 or status >= 500:
                raise TransientDeliveryError(f"e-mail provider: {error}") from error
            raise PermanentDeliveryError(f"e-mail provider: {error}") from error
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentDeliveryError(f"the mail server refused the address: {error}") from error
        except smtplib.SMTPResponseException as error:
            self.close()  # the session may be unusable after an error reply
            if 400 <= error.smtp_code < 500:
                raise TransientDeliveryError(
                    f"SMTP {error.smtp_code}: {error.smtp_error!r}"
                ) from error
            raise PermanentDeliveryError(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            self.close()
            raise TransientDeliveryError(f"mail server unreachable: {error}") from error
        if not accepted:
            raise TransientDeliveryError("the mail backend accepted nothing")
        # A provider's own id where there is one (django-anymail), else our Message-ID.
        provider_id = getattr(getattr(email, "anymail_status", None), "message_id", None)
        return Receipt(provider_id=provider_id if isinstance(provider_id, str) else message_id)

    def was_sent(self, message: Outgoing, since: datetime) -> bool | None:
        return None  # SMTP cannot be asked what it received
