"""The "why did it not sync?" lookup's answer in one plain sentence, before the log.

HR asks about a person or an interview id; the tables below the answer hold every
trace, but the first thing on the page says what happened and what to do, with the
link that does it. Each outcome is one branch of `lookup_answer`, checked in the
order HR needs them: a result set aside waits for a person first, then what the
newest invitation or result says, then what is missing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from integrations.models import HeldPayload, WebhookEvent
from recruiting.models import Assessment
from recruiting.vendors.results import IngestOutcome
from recruiting.vendors.selectors import SyncLookup

# What each trace outcome means, for the log under the answer.
TRACE_OUTCOME_LABELS: dict[str, Promise] = {
    IngestOutcome.CREATED: gettext_lazy("Stored, new"),
    IngestOutcome.UPDATED: pgettext_lazy("sync outcome", "Updated"),
    IngestOutcome.UNCHANGED: gettext_lazy("No change"),
    IngestOutcome.IGNORED_OLDER: gettext_lazy("Older than the stored result: skipped"),
    IngestOutcome.QUARANTINED: gettext_lazy("Could not be read: set aside"),
    IngestOutcome.UNMATCHED: gettext_lazy("No matching application: set aside"),
}


def trace_outcome_label(outcome: str) -> str:
    return str(TRACE_OUTCOME_LABELS.get(outcome, outcome))


@dataclass(frozen=True)
class LookupAnswer:
    tone: str  # "ok", "warning" or "info": how the page colours it
    text: str
    link_url: str = ""
    link_text: str = ""


def _when(moment: object) -> str:
    return date_format(timezone.localtime(moment), "m-d H:i")  # type: ignore[arg-type]


def _score(value: Decimal) -> str:
    return f"{value.normalize():f}"  # 95.00 as "95", 87.50 as "87.5"


def lookup_answer(found: SyncLookup) -> LookupAnswer:
    """What happened to the person's AI-interview result, and what to do about it."""
    held = next((h for h in found.holds if h.status == HeldPayload.Status.OPEN), None)
    if held is not None:
        return _held_answer(held)
    newest = found.assessments[0] if found.assessments else None
    if newest is not None:
        return _assessment_answer(newest)
    waiting = next(
        (
            w
            for w in found.webhooks
            if w.status in (WebhookEvent.Status.RECEIVED, WebhookEvent.Status.PROCESSING)
        ),
        None,
    )
    if waiting is not None:
        return LookupAnswer(
            "info",
            _(
                "A delivery from %(vendor)s arrived at %(time)s and is being processed: "
                "look again in a minute."
            )
            % {"vendor": waiting.connection.name, "time": _when(waiting.received_at)},
        )
    if found.candidates:
        person = found.candidates[0]
        return LookupAnswer(
            "warning",
            _(
                "Not invited: %(name)s has no AI interview yet. An application invites "
                "them when it enters an AI-interview stage."
            )
            % {"name": person.shown_name},
            reverse("recruiting:candidate-detail", args=[person.pk]),
            _("Open the profile"),
        )
    return LookupAnswer(
        "info",
        _(
            "No vendor result is stored for this, and none was set aside: the log below "
            "shows every delivery that mentioned it."
        ),
    )


def _held_answer(held: HeldPayload) -> LookupAnswer:
    link = reverse("recruiting:held-detail", args=[held.pk])
    if held.kind == HeldPayload.Kind.UNMATCHED:
        return LookupAnswer(
            "warning",
            _(
                "Not matched: %(vendor)s sent a result on %(time)s, and no application with "
                "this e-mail waits in an AI-interview stage."
            )
            % {"vendor": held.connection.name, "time": _when(held.created_at)},
            link,
            _("Match it to an application here"),
        )
    return LookupAnswer(
        "warning",
        _("Not stored: %(vendor)s sent a result on %(time)s that could not be read (%(reason)s).")
        % {
            "vendor": held.connection.name,
            "time": _when(held.created_at),
            "reason": held.reason[:200],
        },
        link,
        _("Fix the mapping and replay it here"),
    )


def _assessment_answer(assessment: Assessment) -> LookupAnswer:
    Status = Assessment.Status
    name = assessment.application.candidate.shown_name
    profile = reverse("recruiting:candidate-detail", args=[assessment.application.candidate_id])
    values = {"name": name, "job": assessment.application.job.title}
    if assessment.overall_score is not None:
        return LookupAnswer(
            "ok",
            _("Synced at %(time)s: score %(score)s is on %(name)s's profile (%(job)s).")
            % (
                values
                | {
                    "time": _when(assessment.updated_at),
                    "score": _score(assessment.overall_score),
                }
            ),
            profile,
            _("Open the profile"),
        )
    if assessment.status in (Status.INVITED, Status.IN_PROGRESS):
        return LookupAnswer(
            "info",
            _(
                "Invited, no result yet: %(name)s has not finished the AI interview for "
                "%(job)s (%(status)s)."
            )
            % (values | {"status": assessment.get_status_display()}),
            profile,
            _("Open the profile"),
        )
    if assessment.status == Status.COMPLETED:
        return LookupAnswer(
            "info",
            _(
                "%(name)s finished the AI interview for %(job)s; the vendor has not sent "
                "a score yet (%(scoring)s)."
            )
            % (values | {"scoring": assessment.get_scoring_status_display()}),
            profile,
            _("Open the profile"),
        )
    return LookupAnswer(
        "warning",
        _("No score will come: the vendor reports the AI interview for %(job)s as %(status)s.")
        % (values | {"status": assessment.get_status_display()}),
        profile,
        _("Open the profile"),
    )
