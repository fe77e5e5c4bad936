"""Turn an event's wording into a message: `{{ variable }}` placeholders and nothing else.

HR edits these texts, so they are never handed to a template engine: a
placeholder not on the event's allow-list, or anything that looks like template
code (`{%`, `{#`, filters), is refused when saved, and rendering only swaps
allowed names for their values. Messages are plain text; the pages that show
them escape on output.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from hrflow.notifications.events import AUTOMATION_NOTICE, Event
from hrflow.notifications.models import NotificationTemplate

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
# Anything brace-like that is not a plain placeholder: {% tag %}, {# comment #},
# {{ name|filter }}, {{ obj.attr }}.
TEMPLATE_CODE = re.compile(r"\{[%#]|\{\{(?!\s*[a-z_]+\s*\}\})")

SUBJECT_MAX = 255
SMS_MAX = 500


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str


def template_problems(event: Event, text: str) -> list[str]:
    """What is wrong with an HR-written text for this event (empty: fine)."""
    problems = []
    if TEMPLATE_CODE.search(text):
        problems.append(
            _("Only {{ variable }} placeholders are allowed, not template tags or filters.")
        )
    unknown = sorted(set(PLACEHOLDER.findall(text)) - set(event.variables))
    if unknown:
        problems.append(
            _("Unknown variables: %(names)s. Allowed: %(allowed)s.")
            % {"names": ", ".join(unknown), "allowed": ", ".join(event.variables)}
        )
    return problems


def fill(text: str, values: Mapping[str, Any]) -> str:
    """Swap each placeholder for its value; a variable without a value becomes empty."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), "") or ""), text)


def default_wording(event: Event, channel: str, language: str) -> Wording:
    """The built-in text, in `language`."""
    with translation.override(language):
        if channel == "sms" and event.sms is not None:
            return Wording(subject="", body=str(event.sms))
        return Wording(subject=str(event.subject), body=str(event.body))


def wording_for(
    event: Event,
    channel: str,
    language: str,
    overrides: Mapping[tuple[str, str, str], Wording] | None = None,
) -> Wording:
    """HR's template for (event, channel, language) if there is one, else the default.

    `overrides` lets a caller that renders many messages load the templates once.
    """
    if overrides is None:
        overrides = templates_loaded([event.code])
    found = overrides.get((event.code, channel, language))
    return found if found is not None else default_wording(event, channel, language)


def templates_loaded(events: list[str]) -> dict[tuple[str, str, str], Wording]:
    """Every stored template of these events, in one query."""
    return {
        (row.event, row.channel, row.language): Wording(subject=row.subject, body=row.body)
        for row in NotificationTemplate.objects.filter(event__in=events)
    }


def render(
    event: Event,
    channel: str,
    language: str,
    values: Mapping[str, Any],
    overrides: Mapping[tuple[str, str, str], Wording] | None = None,
) -> Wording:
    """The message as the recipient will read it."""
    wording = wording_for(event, channel, language, overrides)
    subject = fill(wording.subject, values).replace("\n", " ")[:SUBJECT_MAX]
    body = fill(wording.body, values)
    if event.discloses_automation and channel != "sms":
        with translation.override(language):
            body = f"{body}\n\n{fill(str(AUTOMATION_NOTICE), values)}"
    if channel == "sms":
        body = body[:SMS_MAX]
    return Wording(subject=subject, body=body)
