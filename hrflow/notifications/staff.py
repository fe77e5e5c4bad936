"""E-mails to staff (HR admins, a manager) about work waiting for them.

Each person gets the event's wording (HR may have edited it) in their own
language, through the outbox with one key per person, so a repeated call (a
periodic task run twice) queues nothing twice. Used by every app that tells staff
(recruiting's notices, onboarding and contract reminders).
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.notifications.events import event_for
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.rendering import render, templates_loaded
from hrflow.notifications.services import outbox_enqueue


def hr_admins() -> QuerySet[User]:
    """The active HR admins who can receive e-mail."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.HR_ADMIN.value)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def staff_notify(
    *,
    people: Iterable[User],
    event: str,
    key: str,
    values: Callable[[], dict[str, Any]],
    personal: Callable[[User], dict[str, Any]] | None = None,
) -> int:
    """Queue `event` to each person; `values` is called in their language. How many were new.

    `personal` adds what differs per person (a link signed for them), also in their
    language."""
    spec = event_for(event)
    wordings = templates_loaded([event])
    queued = 0
    for person in people:
        language = person.language or User.Language.ZH_HANS
        with translation.override(language):
            found = values() if personal is None else {**values(), **personal(person)}
            filled = {name: str(value) for name, value in found.items()}
        wording = render(spec, OutboxMessage.Channel.EMAIL, language, filled, wordings)
        _message, created = outbox_enqueue(
            idempotency_key=f"{key}:{person.pk}",
            channel=OutboxMessage.Channel.EMAIL,
            event=event,
            recipient=person.email,
            subject=wording.subject,
            body=wording.body,
            language=language,
            variables=filled,
        )
        queued += created
    return queued
