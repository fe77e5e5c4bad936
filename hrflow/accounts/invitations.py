"""The e-mail that welcomes a new account: a link to choose its first password.

HR creates staff accounts and employees' sign-in accounts without a password
(nobody at the company ever knows it); the person chooses one through the same
stateless link the password reset uses (Django's token, which expires with
PASSWORD_RESET_TIMEOUT and dies once a password is set). Queued in the outbox
in the caller's transaction, so an account that is rolled back sends nothing.
"""

import uuid

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hrflow.accounts.models import User
from hrflow.accounts.notices import ACCOUNT_INVITE
from hrflow.notifications.events import event_for
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.rendering import render
from hrflow.notifications.services import outbox_enqueue


def account_invite_send(*, user: User) -> OutboxMessage:
    """Queue the set-password e-mail for `user` (each call a new message, a new link)."""
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    event = event_for(ACCOUNT_INVITE.code)
    wording = render(
        event,
        OutboxMessage.Channel.EMAIL,
        user.language,
        {
            "user_name": user.full_name or user.email,
            "set_password_link": settings.HRFLOW_PUBLIC_URL.rstrip("/") + path,
        },
    )
    message, _created = outbox_enqueue(
        # A fresh key per invitation: sending again is HR's deliberate second try.
        idempotency_key=f"account_invite:{user.pk}:{uuid.uuid4().hex}",
        channel=OutboxMessage.Channel.EMAIL,
        event=event.code,
        recipient=user.email,
        subject=wording.subject,
        body=wording.body,
        language=user.language,
    )
    return message
