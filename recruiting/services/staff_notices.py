"""E-mails to the recruiting team about what a candidate did in the portal.

An offer answered, an application withdrawn, an erasure asked for: each goes to
the recruiters of the jobs concerned (the HR admins when a job has none), in
each person's language, through the outbox with one key per person, so a
repeated call queues nothing twice. The wording is the event's, which HR may
have edited (hrflow.notifications).
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
from recruiting.models import Job


def recruiters_of(job_ids: Iterable[int]) -> QuerySet[User]:
    """The active recruiters of these jobs; the HR admins when none is named."""
    people = User.objects.filter(
        is_active=True, pk__in=Job.objects.filter(pk__in=list(job_ids)).values("recruiters")
    )
    if not people.exists():
        people = User.objects.filter(is_active=True, groups__name=Role.HR_ADMIN.value)
    return people.exclude(email="").distinct().order_by("pk")


def staff_notify(
    *,
    people: Iterable[User],
    event: str,
    key: str,
    values: Callable[[], dict[str, Any]],
) -> int:
    """Queue `event` to each person; `values` is called in their language. How many were new."""
    spec = event_for(event)
    wordings = templates_loaded([event])
    queued = 0
    for person in people:
        language = person.language or User.Language.ZH_HANS
        with translation.override(language):
            filled = {name: str(value) for name, value in values().items()}
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
