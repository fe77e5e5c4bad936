"""Calendar files (.ics, RFC 5545) for interview invitations, changes and cancellations.

Pure: the caller says what the entry is, this module writes the text. One
interview keeps one UID for its whole life and raises SEQUENCE on every
change, so a calendar that already holds the entry updates it (METHOD:REQUEST)
or removes it (METHOD:CANCEL) instead of adding a second one. Times go out in
UTC, which every calendar converts to the reader's own zone, so no VTIMEZONE
block is needed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from enum import StrEnum

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//hrflow//Interviews//EN"


class Method(StrEnum):
    REQUEST = "REQUEST"  # a new or changed entry
    CANCEL = "CANCEL"  # remove the entry


class Answer(StrEnum):
    """An attendee's PARTSTAT: what they said so far."""

    NEEDS_ACTION = "NEEDS-ACTION"
    ACCEPTED = "ACCEPTED"
    TENTATIVE = "TENTATIVE"


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""
    answer: Answer = Answer.NEEDS_ACTION


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # globally unique and stable: "<uuid>@hrflow"
    sequence: int
    starts_at: datetime  # aware
    duration: timedelta
    summary: str
    organizer: str  # "Name <address>" or a bare address, as DEFAULT_FROM_EMAIL is written
    attendees: Sequence[Attendee] = ()
    location: str = ""
    url: str = ""
    description: str = ""


def ics_text(entry: CalendarEntry, *, method: Method, stamp: datetime) -> str:
    """The calendar file for `entry`: an invitation (or update) or a cancellation.

    `stamp` is DTSTAMP, when this version of the file was made.
    """
    if entry.starts_at.tzinfo is None or stamp.tzinfo is None:
        raise ValueError("calendar times must be aware")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", entry.starts_at.astimezone(UTC))
    event.add("dtend", (entry.starts_at + entry.duration).astimezone(UTC))
    event.add("summary", entry.summary)
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add("url", entry.url)
    if entry.description:
        event.add("description", entry.description)
    event.add("organizer", _address(entry.organizer))
    for attendee in entry.attendees:
        event.add("attendee", _attendee(attendee), encode=False)
    # CANCELLED on a cancellation; CONFIRMED otherwise: the time is set by us,
    # not proposed (the candidate answers through their link, not by RSVP).
    event.add("status", "CANCELLED" if method == Method.CANCEL else "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def _address(written: str) -> vCalAddress:
    name, email = parseaddr(written)
    address = vCalAddress(f"mailto:{email or written}")
    if name:
        address.params["CN"] = vText(name)
    return address


def _attendee(attendee: Attendee) -> vCalAddress:
    address = vCalAddress(f"mailto:{attendee.email}")
    if attendee.name:
        address.params["CN"] = vText(attendee.name)
    address.params["ROLE"] = vText("REQ-PARTICIPANT")
    address.params["PARTSTAT"] = vText(attendee.answer.value)
    # No RSVP: a calendar's "accept" would mail our no-reply organizer address;
    # answers come back through the respond link instead.
    address.params["RSVP"] = vText("FALSE")
    return address
