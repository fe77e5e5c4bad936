"""The registry of events hrflow tells people about: who hears, which variables, the wording.

Each app registers its own events from its `AppConfig.ready()` (`<app>/notices.py`),
so this core module never names what a higher app tells people. The wording an
app registers is the default; HR may override any (event, channel, language)
with a NotificationTemplate. Texts use `{{ variable }}` placeholders from the
event's allow-list only (hrflow.notifications.rendering), so an HR edit can
never run template code.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Audience(StrEnum):
    CANDIDATE = "candidate"
    STAFF = "staff"


class Timing(StrEnum):
    AT_ONCE = "at_once"
    DAYTIME = "daytime"  # outside the company's quiet hours
    DELAYED = "delayed"  # after the rejection delay, and outside quiet hours


@dataclass(frozen=True)
class Event:
    code: str
    label: Promise
    audience: Audience
    variables: tuple[str, ...]
    subject: Promise
    body: Promise
    sms: Promise | None = None  # the short text; None: this event is never texted
    timing: Timing = Timing.AT_ONCE
    # Candidate messages about automated scoring carry the disclosure, which HR
    # templates cannot remove (the issue: candidates are told scoring is automated).
    discloses_automation: bool = False
    # The message holds a secret (a sign-in link): staff pages show that it was sent, not
    # its text, so nobody at the company can sign in as the candidate.
    secret: bool = False


AUTOMATION_NOTICE = _(
    "We use automated scoring of the AI interview to help us decide; a person at "
    "{{ company_name }} reviews every rejection, and you may ask for a person to "
    "look at your result again."
)

# Filled by the apps at start-up; read everywhere else. Mutated in place, never
# rebound, so a module that imported the name sees every app's events.
EVENTS: dict[str, Event] = {}
# What the live preview fills in, so HR sees a realistic message before saving.
SAMPLE_VALUES: dict[str, str] = {}


def events_register(events: Iterable[Event], *, samples: Mapping[str, str]) -> None:
    """Add an app's events and a sample value for each of their variables.

    Registering the same event again (a second `ready()` in a test run) is a no-op;
    another event under a code already taken, or a variable without a sample, is a
    programming error found at start-up rather than in HR's preview.
    """
    events = tuple(events)
    for event in events:
        known = EVENTS.get(event.code)
        if known is not None and known != event:
            raise ImproperlyConfigured(f"two notification events are called {event.code!r}")
        missing = set(event.variables) - set(samples) - set(SAMPLE_VALUES)
        if missing:
            raise ImproperlyConfigured(f"{event.code}: no sample value for {sorted(missing)}")
    SAMPLE_VALUES.update(samples)
    EVENTS.update((event.code, event) for event in events)


def event_for(code: str) -> Event:
    try:
        return EVENTS[code]
    except KeyError:
        raise ValueError(f"unknown notification event {code!r}") from None
