"""The portal's "Messages" page: every notification sent to a candidate, once each.

One notification is queued as one outbox row per channel (portal, e-mail,
SMS), all sharing an idempotency key that differs only by its last
":<channel>" part (recruiting.services.candidate_notices). The page groups the
rows by that shared part and shows one copy: the portal's when there is one
(written for the screen), else the e-mail's, with the channels it went out on.

Left out: messages holding a secret (sign-in links: an open session must not
show a working link), cancelled ones, and ones still waiting for their time
(not yet sent to the candidate). The page costs the same few queries whatever
its length.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat, RowNumber
from django.utils import timezone

from hrflow.notifications.events import EVENTS
from hrflow.notifications.models import OutboxMessage
from recruiting.models import Application, Candidate

PER_PAGE = 20
Channel = OutboxMessage.Channel
Status = OutboxMessage.Status


class _Grouping(TypedDict):
    notice: str  # the idempotency key the channel copies share
    channel_rank: int  # which copy to show: portal 0, e-mail 1, others 2


if TYPE_CHECKING:  # the subscript with a TypedDict exists for the type checker only
    from django_stubs_ext import WithAnnotations

    Shown = WithAnnotations[OutboxMessage, _Grouping]


@dataclass(frozen=True)
class Delivery:
    """One channel a notification went out on, and how far its delivery got."""

    channel: str
    channel_label: str
    status: str
    status_label: str


@dataclass(frozen=True)
class PortalMessage:
    message: OutboxMessage  # the copy shown: the portal's, else the e-mail's
    deliveries: list[Delivery]
    job_title: str

    @property
    def at(self) -> datetime:
        return self.message.sent_at or self.message.created_at

    @property
    def subject(self) -> str:
        """A text message has no subject: the event's name stands in for it."""
        if self.message.subject:
            return self.message.subject
        event = EVENTS.get(self.message.event)
        return str(event.label) if event is not None else ""


def portal_messages(candidate: Candidate, *, page: int | str | None = 1) -> Page[PortalMessage]:
    """One page (newest first) of the candidate's notifications as PortalMessage items."""
    shown = _shown_to(candidate)
    listing = (
        shown.annotate(
            copy_rank=Window(
                RowNumber(), partition_by=[F("notice")], order_by=[F("channel_rank"), F("pk")]
            )
        )
        .filter(copy_rank=1)
        .order_by("-created_at", "-pk")
    )
    result = Paginator(listing, PER_PAGE).get_page(page)
    copies: list[Shown] = list(result.object_list)
    deliveries = _deliveries(shown, [copy.notice for copy in copies])
    titles = _job_titles(candidate, {c.application_ref for c in copies if c.application_ref})
    items = [
        PortalMessage(
            message=copy,
            deliveries=deliveries.get(copy.notice, []),
            job_title=titles.get(copy.application_ref or 0, ""),
        )
        for copy in copies
    ]
    # The paginator only counts rows and numbers pages; the page holds the grouped items.
    return Page(items, result.number, result.paginator)  # type: ignore[arg-type]


def _shown_to(candidate: Candidate) -> "QuerySet[Shown]":
    """The candidate's own rows that count as sent to them, each with its notice key."""
    secret = [code for code, event in EVENTS.items() if event.secret]
    not_yet_due = Q(status=Status.PENDING, not_before__gt=timezone.now())
    return (
        OutboxMessage.objects.filter(candidate_ref=candidate.pk)
        .exclude(event__in=secret)
        .exclude(status=Status.CANCELLED)
        .exclude(not_yet_due)
        .annotate(
            # The idempotency key without its ":<channel>" ending: the notice the
            # copies share. Channel values are plain words, safe in a pattern.
            notice=Func(
                F("idempotency_key"),
                Concat(Value(":"), F("channel"), Value("$"), output_field=CharField()),
                Value(""),
                function="regexp_replace",
                output_field=CharField(),
            ),
            channel_rank=Case(
                When(channel=Channel.PORTAL, then=Value(0)),
                When(channel=Channel.EMAIL, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
    )


def _deliveries(shown: "QuerySet[Shown]", notices: list[str]) -> dict[str, list[Delivery]]:
    """Every channel copy of the given notices, in one query."""
    if not notices:
        return {}
    labels = dict(Status.choices)
    channels = dict(Channel.choices)
    grouped: dict[str, list[Delivery]] = {}
    rows = (
        shown.filter(Q(notice__in=notices))
        .order_by("channel_rank", "channel", "pk")
        .values_list("notice", "channel", "status")
    )
    for notice, channel, status in rows:
        grouped.setdefault(notice, []).append(
            Delivery(
                channel,
                str(channels.get(channel, channel)),
                status,
                str(labels.get(status, status)),
            )
        )
    return grouped


def _job_titles(candidate: Candidate, application_ids: set[int]) -> dict[int, str]:
    """The job of each application a message is about, in one query (only their own)."""
    if not application_ids:
        return {}
    return dict(
        Application.objects.filter(candidate=candidate, pk__in=application_ids).values_list(
            "pk", "job__title"
        )
    )
