"""Interviews: schedule, change, cancel, and the candidate's answer.

Each function is one business action in one transaction, called alike by the
HR pages, the public answer page and (later) the candidate portal. The
calendar identity is the interview's UID plus SEQUENCE: a change the
candidate must know about (time, length, kind, place, note) raises the
sequence, tells the candidate and the panel with an updated calendar file,
and withdraws the reminder queued for the old time in favour of a new one.
A change of panel alone keeps the sequence (the candidate's entry and link
stay valid) and only invites the newcomers and releases those taken off.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.interviews import notices as interview_notices
from recruiting.interviews.links import respond_token_read
from recruiting.interviews.scorecard_services import panel_settle
from recruiting.interviews.selectors import MAX_PANEL, interviewer_choices
from recruiting.models import Application, Interview

MIN_MINUTES, MAX_MINUTES = 15, 480
NOTE_MAX = 2000
# What the candidate sees: a change to any of these is a new version for them.
CANDIDATE_FIELDS = (
    "kind",
    "starts_at",
    "duration_minutes",
    "location",
    "meeting_url",
    "note_for_candidate",
)


@dataclass(frozen=True)
class InterviewPlan:
    """What HR decides about an interview, for scheduling and for changing it."""

    kind: str
    starts_at: datetime
    duration_minutes: int
    interviewers: Sequence[User]
    location: str = ""
    meeting_url: str = ""
    note_for_candidate: str = ""


@transaction.atomic
def interview_schedule(
    *, application: Application, plan: InterviewPlan, actor: User | None
) -> Interview:
    """Schedule an interview; the candidate and the panel are invited with a calendar file."""
    # Locked, so a rejection committing meanwhile cannot leave an interview on an
    # application that has ended.
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("candidate", "job")
        .get(pk=application.pk)
    )
    problems = plan_problems(plan, application=application, moved=True)
    if application.status != Application.Status.ACTIVE:
        problems["__all__"] = _("Interviews are scheduled for active applications only.")
    _raise_if(problems)
    interview = Interview(application=application, scheduled_by=actor, **_plan_fields(plan))
    _full_clean(interview)
    interview.save()
    interview.interviewers.set(plan.interviewers)
    interview_notices.candidate_notify(interview=interview, event="interview_scheduled")
    interview_notices.interviewers_invite(interview=interview, interviewers=plan.interviewers)
    audit_record(
        actor=actor,
        action="recruiting.interview_schedule",
        target=application,
        changes={"interview": interview.pk, **_audit_plan(plan)},
    )
    return interview


@dataclass(frozen=True)
class InterviewUpdated:
    interview: Interview
    # Moved to now or earlier with every scorecard in: the panel's scores now count,
    # so the application's rules need running again.
    panel_settled: bool = False


@transaction.atomic
def interview_update(
    *, interview: Interview, plan: InterviewPlan, actor: User | None
) -> InterviewUpdated:
    """Change a scheduled interview; the people concerned get the new version."""
    interview = _locked(interview)
    if interview.status != Interview.Status.SCHEDULED:
        raise ApplicationError(_("Only a scheduled interview can be changed."))
    new_fields = _plan_fields(plan)
    moved = new_fields["starts_at"] != interview.starts_at
    problems = plan_problems(plan, application=interview.application, moved=moved)
    _raise_if(problems)
    changes = {
        name: [_plain(getattr(interview, name)), _plain(value)]
        for name, value in new_fields.items()
        if getattr(interview, name) != value
    }
    before = {person.pk: person for person in interview.interviewers.all()}
    after = {person.pk: person for person in plan.interviewers}
    added = [after[pk] for pk in after.keys() - before.keys()]
    removed = [before[pk] for pk in before.keys() - after.keys()]
    if not changes and not added and not removed:
        return InterviewUpdated(interview)
    for name, value in new_fields.items():
        setattr(interview, name, value)
    if changes:
        interview.sequence += 1
        # The candidate answered the old version; the new one awaits their answer.
        interview.candidate_response = Interview.Response.PENDING
        interview.candidate_note = ""
        interview.responded_at = None
    _full_clean(interview)
    interview.save(
        update_fields=[
            *CANDIDATE_FIELDS,
            "sequence",
            "candidate_response",
            "candidate_note",
            "responded_at",
            "updated_at",
        ]
    )
    interview.interviewers.set(plan.interviewers)
    _tell_about_change(
        interview, new_version=bool(changes), plan=plan, added=added, removed=removed
    )
    settled = panel_settle(interview=interview)
    audit_record(
        actor=actor,
        action="recruiting.interview_change",
        target=interview.application,
        changes={
            "interview": interview.pk,
            "sequence": interview.sequence,
            **changes,
            "interviewers_added": sorted(person.pk for person in added),
            "interviewers_removed": sorted(person.pk for person in removed),
        },
    )
    return InterviewUpdated(interview, panel_settled=settled)


def _tell_about_change(
    interview: Interview,
    *,
    new_version: bool,
    plan: InterviewPlan,
    added: list[User],
    removed: list[User],
) -> None:
    """A new version goes to the candidate and the whole panel, and replaces the
    reminder; a change of panel alone only invites newcomers. Whoever was taken
    off the panel is released either way."""
    if new_version:
        interview_notices.reminder_withdraw(interview=interview)
        interview_notices.candidate_notify(interview=interview, event="interview_changed")
        interview_notices.interviewers_invite(interview=interview, interviewers=plan.interviewers)
    else:
        interview_notices.interviewers_invite(interview=interview, interviewers=added)
    interview_notices.interviewers_release(interview=interview, interviewers=removed)


@transaction.atomic
def interview_cancel(*, interview: Interview, actor: User | None, reason: str = "") -> Interview:
    """Cancel a scheduled interview: calendars drop it, the reminder is withdrawn."""
    interview = _locked(interview)
    if interview.status != Interview.Status.SCHEDULED:
        raise ApplicationError(_("Only a scheduled interview can be cancelled."))
    interview.status = Interview.Status.CANCELLED
    interview.sequence += 1
    interview.save(update_fields=["status", "sequence", "updated_at"])
    interview_notices.reminder_withdraw(interview=interview)
    interview_notices.candidate_notify(interview=interview, event="interview_cancelled")
    interview_notices.interviewers_release(
        interview=interview, interviewers=list(interview.interviewers.all())
    )
    audit_record(
        actor=actor,
        action="recruiting.interview_cancel",
        target=interview.application,
        changes={"interview": interview.pk, "sequence": interview.sequence, "reason": reason[:500]},
    )
    return interview


@transaction.atomic
def application_interviews_cancel(
    *, application_ids: set[int], actor: User | None, reason: str = ""
) -> int:
    """Cancel the scheduled interviews of applications that just ended (rejected,
    withdrawn, hired), so no reminder reaches a candidate who is out; how many.

    For the services that end applications to call in their own transaction.
    """
    ids = list(
        Interview.objects.filter(
            application_id__in=application_ids, status=Interview.Status.SCHEDULED
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        interview_cancel(interview=Interview(pk=pk), actor=actor, reason=reason)
    return len(ids)


@transaction.atomic
def interview_respond(
    *,
    interview: Interview,
    sequence: int,
    answer: str,
    note: str = "",
    preferred_times: str = "",
) -> Interview:
    """The candidate confirms, or asks for another time (saying which times suit them).

    `sequence` is the version the candidate answers: an answer to a version
    since changed is refused, so nobody confirms a time that no longer holds.
    Answering the same thing again changes nothing.
    """
    interview = _locked(interview)
    respond_problem(interview, sequence=sequence)
    note, preferred_times = note.strip()[:NOTE_MAX], preferred_times.strip()[:NOTE_MAX]
    if answer not in (Interview.Response.CONFIRMED, Interview.Response.RESCHEDULE):
        raise ApplicationError(_("Choose to confirm or to ask for another time."))
    if answer == Interview.Response.RESCHEDULE and not (note or preferred_times):
        raise ApplicationError(
            _("Tell us which times suit you, or why you need another time."),
            extra={"field": "preferred_times"},
        )
    parts = []
    if preferred_times:
        parts.append(f"{_('Preferred times')}: {preferred_times}")
    if note:
        parts.append(note)
    text = "\n\n".join(parts)
    if interview.candidate_response == answer and interview.candidate_note == text:
        return interview
    interview.candidate_response = answer
    interview.candidate_note = text
    interview.responded_at = timezone.now()
    interview.save(
        update_fields=["candidate_response", "candidate_note", "responded_at", "updated_at"]
    )
    audit_record(
        actor=None,
        action="recruiting.interview_respond",
        target=interview.application,
        changes={"interview": interview.pk, "sequence": sequence, "answer": answer, "note": text},
    )
    return interview


def interview_from_token(token: str) -> tuple[Interview, int]:
    """The interview a candidate's link names, and the version it was sent for.

    Refuses (ApplicationError) a link that was altered or has expired, or
    names an interview that no longer exists; the caller decides what an
    older version or a cancelled interview means on its page.
    """
    data = respond_token_read(token)
    interview = (
        Interview.objects.select_related("application__candidate", "application__job")
        .filter(pk=data.interview_id)
        .first()
    )
    if interview is None:
        raise ApplicationError(
            _("This link is not valid. Please use the link in our message as it was sent."),
            extra={"reason": "invalid"},
        )
    return interview, data.sequence


def interview_respond_by_token(
    *, token: str, answer: str, note: str = "", preferred_times: str = ""
) -> Interview:
    """interview_respond for the public page: the link says which interview and version."""
    interview, sequence = interview_from_token(token)
    return interview_respond(
        interview=interview,
        sequence=sequence,
        answer=answer,
        note=note,
        preferred_times=preferred_times,
    )


def respond_problem(interview: Interview, *, sequence: int) -> None:
    """Refuse an answer to a cancelled, past or since-changed interview."""
    if interview.status == Interview.Status.CANCELLED:
        raise ApplicationError(_("This interview was cancelled."), extra={"reason": "cancelled"})
    if sequence != interview.sequence:
        raise ApplicationError(
            _(
                "This interview has changed since this link was sent. Please use the link "
                "in our latest message."
            ),
            extra={"reason": "changed"},
        )
    if interview.status == Interview.Status.COMPLETED or interview.starts_at <= timezone.now():
        raise ApplicationError(_("This interview has already begun."), extra={"reason": "past"})


def plan_problems(plan: InterviewPlan, *, application: Application, moved: bool) -> dict[str, str]:
    """Everything wrong with a plan, by form field (empty: fine).

    `moved`: the start is new, so it must lie in the future (a change that
    keeps the time of a past interview, e.g. its panel, is allowed).
    """
    problems: dict[str, str] = {}
    if plan.kind not in Interview.Kind.values:
        problems["kind"] = _("Choose onsite, video or phone.")
    if timezone.is_naive(plan.starts_at):
        problems["starts_at"] = _("The start needs a time zone.")
    elif moved and plan.starts_at <= timezone.now():
        problems["starts_at"] = _("The interview must start in the future.")
    if not MIN_MINUTES <= plan.duration_minutes <= MAX_MINUTES:
        problems["duration_minutes"] = _(
            "An interview lasts between %(low)d and %(high)d minutes."
        ) % {
            "low": MIN_MINUTES,
            "high": MAX_MINUTES,
        }
    if plan.kind == Interview.Kind.ONSITE and not plan.location.strip():
        problems["location"] = _("An onsite interview needs its address.")
    if plan.kind == Interview.Kind.VIDEO and not plan.meeting_url.strip():
        problems["meeting_url"] = _("A video interview needs its meeting link.")
    if len(plan.note_for_candidate) > NOTE_MAX:
        problems["note_for_candidate"] = _("The note is too long.")
    problem = _panel_problem(plan.interviewers, application)
    if problem:
        problems["interviewers"] = problem
    return problems


def _panel_problem(interviewers: Sequence[User], application: Application) -> str:
    if not interviewers:
        return _("Choose at least one interviewer.")
    if len(interviewers) > MAX_PANEL:
        return _("A panel has at most %(count)d interviewers.") % {"count": MAX_PANEL}
    allowed = set(
        interviewer_choices(job=application.job)
        .filter(pk__in=[person.pk for person in interviewers])
        .values_list("pk", flat=True)
    )
    if {person.pk for person in interviewers} - allowed:
        return _(
            "Interviewers must be active people with the interviewer role, HR admins, "
            "or this job's recruiters and hiring managers."
        )
    return ""


def _raise_if(problems: dict[str, str]) -> None:
    if problems:
        raise ApplicationError(
            " ".join(problems.values()),
            extra={"fields": problems, "problems": list(problems.values())},
        )


def _plan_fields(plan: InterviewPlan) -> dict[str, object]:
    # A link or address that does not apply to the kind is dropped, so an interview
    # moved from video to onsite does not keep sending the old meeting link.
    video = plan.kind == Interview.Kind.VIDEO
    return {
        "kind": plan.kind,
        "starts_at": plan.starts_at,
        "duration_minutes": plan.duration_minutes,
        "location": "" if video else plan.location.strip(),
        "meeting_url": plan.meeting_url.strip() if video else "",
        "note_for_candidate": plan.note_for_candidate.strip(),
    }


def _locked(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__job")
        .get(pk=interview.pk)
    )


def _full_clean(interview: Interview) -> None:
    try:
        interview.full_clean(exclude=["application", "scheduled_by"])
    except ValidationError as error:
        fields = {name: " ".join(messages) for name, messages in error.message_dict.items()}
        raise ApplicationError(
            " ".join(fields.values()), extra={"fields": fields, "problems": list(fields.values())}
        ) from error


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def _audit_plan(plan: InterviewPlan) -> dict[str, object]:
    fields = {name: _plain(value) for name, value in _plan_fields(plan).items()}
    return {**fields, "interviewers": sorted(person.pk for person in plan.interviewers)}
