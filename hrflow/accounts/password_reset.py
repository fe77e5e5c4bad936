"""Staff password reset: asked for on a public form, mailed by a worker through the outbox.

The form's request checks two limits and queues a message request
(hrflow.notifications.requests), the same work whoever holds the address; a
worker then finds the account and queues the e-mail in the outbox, whose
delivery loop sends it. Django's own PasswordResetForm would look the address
up and talk to the mail server inside the request: slower for a known address
(which tells a stranger it is known), and a mail server anyone can make send
as fast as they can post. The link itself is Django's: a stateless token that
expires (PASSWORD_RESET_TIMEOUT) and dies with the next password change or
sign-in.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy

from hrflow.accounts.models import User
from hrflow.accounts.sign_in import address_key
from hrflow.core.rate_limits import Limit, rate_limit_enforce
from hrflow.notifications.events import event_for
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.rendering import render
from hrflow.notifications.requests import message_request_queue
from hrflow.notifications.services import outbox_enqueue

REQUEST_KIND = "password_reset"
# Per address: a lost e-mail and a retry or two; per client: an office behind one address.
PER_ADDRESS = Limit(
    "password-reset-address",
    3,
    15 * 60,
    gettext_lazy("Too many password resets were asked for this address. Try again later."),
)
PER_CLIENT = Limit(
    "password-reset-ip",
    10,
    10 * 60,
    gettext_lazy("Too many password resets from your network. Try again later."),
)


def password_reset_request(*, email: str, ip: str | None) -> None:
    """Queue a reset for whoever holds `email`; the caller learns nothing about it.

    Raises TooManyRequests over either limit. Both count every request,
    whether or not anyone holds the address, so neither refusal tells
    anything about it.
    """
    rate_limit_enforce(PER_CLIENT, ip or "?")
    address = address_key(email)
    rate_limit_enforce(PER_ADDRESS, address)
    message_request_queue(kind=REQUEST_KIND, payload={"address": address})


def password_reset_send(payload: dict[str, Any], key: str) -> None:
    """Queue the reset e-mail for the active account at the address, if there is one.

    The worker's half (a message request handler, registered in AccountsConfig);
    `key` is the request's, so a request settles into at most one e-mail.
    """
    user = (
        User.objects.alias(email_key=Lower("email"))
        .filter(email_key=payload.get("address", ""), is_active=True)
        .first()
    )
    if user is None or not user.has_usable_password():
        return
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    event = event_for(REQUEST_KIND)
    wording = render(
        event,
        OutboxMessage.Channel.EMAIL,
        user.language,
        {
            "user_name": user.full_name or user.email,
            "reset_link": settings.HRFLOW_PUBLIC_URL.rstrip("/") + path,
        },
    )
    outbox_enqueue(
        idempotency_key=f"{key}:email",
        channel=OutboxMessage.Channel.EMAIL,
        event=event.code,
        recipient=user.email,
        subject=wording.subject,
        body=wording.body,
        language=user.language,
    )
