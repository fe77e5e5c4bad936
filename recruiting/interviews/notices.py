"""What the candidate and the interviewers receive about an interview, with its calendar file.

Called inside the interview service's transaction, so the messages commit
with the change. Every key names the interview and its SEQUENCE, so a
repeated call queues nothing new while a change (a new sequence) always
does. The candidate's reminder waits in the outbox until a day before; a
change or cancellation withdraws it by its key prefix.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.notifications.events import event_for
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.rendering import render
from hrflow.notifications.services import outbox_cancel, outbox_enqueue
from hrflow.org.selectors import company_current
from recruiting.interviews.calendar_files import Answer, Attendee, CalendarEntry, Method, ics_text
from recruiting.interviews.links import respond_url
from recruiting.models import Candidate, Interview
from recruiting.services.candidate_notices import applications_notify

REMINDER_AHEAD = timedelta(hours=24)
ICS_FILENAME = "interview.ics"
# Django's mail adds charset="utf-8" to a text attachment itself; naming it here too
# would put the parameter in the header twice.
ICS_TYPES = {
    Method.REQUEST: "text/calendar; method=REQUEST",
    Method.CANCEL: "text/calendar; method=CANCEL",
}
CANDIDATE_ANSWERS = {
    Interview.Response.PENDING: Answer.NEEDS_ACTION,
    Interview.Response.CONFIRMED: Answer.ACCEPTED,
    Interview.Response.RESCHEDULE: Answer.TENTATIVE,
}


def candidate_notify(*, interview: Interview, event: str) -> int:
    """interview_scheduled / _changed / _cancelled to the candidate, .ics attached to the
    e-mail; a scheduled or changed interview also gets its reminder queued."""
    application = interview.application
    candidate = application.candidate
    language = candidate.language or Candidate.Language.ZH_HANS
    method = Method.CANCEL if event == "interview_cancelled" else Method.REQUEST
    values = candidate_values(interview, language=language)
    ics = candidate_calendar(interview, method=method, language=language, values=values)
    queued = applications_notify(
        applications=[application],
        event=event,
        key=_key(interview),
        values={application.pk: values},
        attachments={
            application.pk: [
                {"filename": ICS_FILENAME, "content_type": ICS_TYPES[method], "content": ics}
            ]
        },
    )
    if method == Method.REQUEST:
        queued += reminder_queue(interview=interview)
    return queued


def reminder_queue(*, interview: Interview) -> int:
    """The candidate's reminder, due a day before; none when less than a day is left
    (the invitation itself is then the reminder)."""
    send_at = interview.starts_at - REMINDER_AHEAD
    if send_at <= timezone.now():
        return 0
    application = interview.application
    language = application.candidate.language or Candidate.Language.ZH_HANS
    return applications_notify(
        applications=[application],
        event="interview_reminder",
        key=_key(interview),
        values={application.pk: candidate_values(interview, language=language)},
        send_at=send_at,
    )


def reminder_withdraw(*, interview: Interview) -> int:
    """Cancel every reminder of this interview not yet sent, whatever its sequence."""
    return outbox_cancel(
        key_prefix=f"interview_reminder:{interview.application_id}:interview{interview.pk}:"
    )


def interviewers_invite(*, interview: Interview, interviewers: Sequence[User]) -> int:
    """interviewer_invitation e-mails (with the .ics) to these panel members."""
    return _panel_tell(interview, interviewers, "interviewer_invitation", Method.REQUEST)


def interviewers_release(*, interview: Interview, interviewers: Sequence[User]) -> int:
    """Tell these people they no longer give this interview (cancelled, or taken off the
    panel), with a CANCEL calendar file that removes the entry."""
    return _panel_tell(interview, interviewers, "interviewer_released", Method.CANCEL)


def _panel_tell(
    interview: Interview, interviewers: Sequence[User], event_code: str, method: Method
) -> int:
    """One e-mail per person, in their language, with the calendar file for `method`."""
    event = event_for(event_code)
    panel = _panel_attendees(interview)
    scorecard_link = _absolute(reverse("recruiting:interview-detail", args=[interview.pk]))
    queued = 0
    for person in interviewers:
        language = person.language or User.Language.ZH_HANS
        values = {
            **interview_values(interview, language=language, for_candidate=False),
            "interviewer_name": person.full_name or person.email,
            "candidate_name": interview.application.candidate.full_name,
            "scorecard_link": scorecard_link,
        }
        wording = render(event, "email", language, values)
        ics = ics_text(
            _interviewer_entry(interview, language, values, panel),
            method=method,
            stamp=timezone.now(),
        )
        queued += _staff_email(
            key=f"{event_code}:{_key(interview)}:user{person.pk}",
            event=event_code,
            person=person,
            subject=wording.subject,
            body=wording.body,
            variables=values,
            ics=ics,
            method=method,
        )
    return queued


def interview_values(
    interview: Interview, *, language: str, for_candidate: bool = True
) -> dict[str, str]:
    """The interview's message variables, worded in `language`."""
    with translation.override(language):
        return {
            "job_title": interview.application.job.title,
            "interview_kind": str(Interview.Kind(interview.kind).label),
            "interview_time": local_time_label(interview.starts_at),
            "interview_duration": str(interview.duration_minutes),
            "interview_place": _place(interview, for_candidate=for_candidate),
        }


def candidate_values(interview: Interview, *, language: str) -> dict[str, str]:
    """The candidate's variables: the interview's, and their own link to answer it
    (never put in the interviewers' messages)."""
    return {
        **interview_values(interview, language=language),
        "respond_link": respond_url(interview_id=interview.pk, sequence=interview.sequence),
    }


def local_time_label(moment: datetime) -> str:
    """E.g. "2026-11-20 (Fri) 14:00 UTC+08:00", in the company's zone and the active
    language: unambiguous for a reader in another zone too."""
    local = moment.astimezone(company_current().zone)
    offset = local.strftime("%z")
    day = formats.date_format(local, "D")
    return f"{local:%Y-%m-%d} ({day}) {local:%H:%M} UTC{offset[:3]}:{offset[3:]}"


def _key(interview: Interview) -> str:
    return f"interview{interview.pk}:seq{interview.sequence}"


def _place(interview: Interview, *, for_candidate: bool) -> str:
    if interview.kind == Interview.Kind.VIDEO:
        return interview.meeting_url
    if interview.location:
        return interview.location
    if for_candidate:
        return _("By phone: we will call you")
    return f"{_('By phone')}: {interview.application.candidate.phone}"


def _absolute(path: str) -> str:
    return f"{settings.HRFLOW_PUBLIC_URL.rstrip('/')}{path}"


def candidate_calendar(
    interview: Interview,
    *,
    method: Method,
    language: str,
    values: dict[str, str] | None = None,
) -> str:
    """The candidate's .ics for the interview: the invitation e-mail's attachment and the
    portal's "add to calendar" are this one entry (same UID, sequence and wording)."""
    values = values or candidate_values(interview, language=language)
    with translation.override(language):
        summary = _("Interview: %(job)s at %(company)s") % {
            "job": interview.application.job.title,
            "company": company_current().company_name,
        }
        description = _candidate_description(interview, values)
    entry = _entry(
        interview,
        summary=summary,
        description=description,
        attendees=[_candidate_attendee(interview)] if interview.application.candidate.email else [],
    )
    return ics_text(entry, method=method, stamp=timezone.now())


def _entry(
    interview: Interview, *, summary: str, description: str, attendees: Sequence[Attendee]
) -> CalendarEntry:
    return CalendarEntry(
        uid=f"{interview.uid}@hrflow",
        sequence=interview.sequence,
        starts_at=interview.starts_at,
        duration=timedelta(minutes=interview.duration_minutes),
        summary=summary,
        organizer=settings.DEFAULT_FROM_EMAIL,
        attendees=attendees,
        location=interview.location or interview.meeting_url,
        url=interview.meeting_url,
        description=description,
    )


def _candidate_description(interview: Interview, values: dict[str, str]) -> str:
    lines = [
        f"{_('How')}: {values['interview_kind']}",
        f"{_('Where')}: {values['interview_place']}",
    ]
    if interview.note_for_candidate:
        lines += ["", interview.note_for_candidate]
    lines += ["", f"{_('Confirm or ask for another time')}: {values['respond_link']}"]
    return "\n".join(lines)


def _candidate_attendee(interview: Interview) -> Attendee:
    candidate = interview.application.candidate
    return Attendee(
        email=candidate.email,
        name=candidate.full_name,
        answer=CANDIDATE_ANSWERS[Interview.Response(interview.candidate_response)],
    )


def _panel_attendees(interview: Interview) -> list[Attendee]:
    return [
        Attendee(email=person.email, name=person.full_name, answer=Answer.ACCEPTED)
        for person in interview.interviewers.order_by("pk")
    ]


def _interviewer_entry(
    interview: Interview, language: str, values: dict[str, str], panel: list[Attendee]
) -> CalendarEntry:
    """The interviewers' copy: the whole panel and the candidate as attendees; the
    candidate's copy lists only the candidate, so staff addresses stay internal."""
    with translation.override(language):
        summary = _("Interview: %(candidate)s for %(job)s") % {
            "candidate": values["candidate_name"],
            "job": values["job_title"],
        }
        lines = [
            f"{_('How')}: {values['interview_kind']}",
            f"{_('Where')}: {values['interview_place']}",
        ]
        if values.get("scorecard_link"):
            lines += ["", f"{_('Candidate and scorecard')}: {values['scorecard_link']}"]
        description = "\n".join(lines)
    attendees = [*panel]
    if interview.application.candidate.email:
        attendees.append(_candidate_attendee(interview))
    return _entry(interview, summary=summary, description=description, attendees=attendees)


def _staff_email(
    *,
    key: str,
    event: str,
    person: User,
    subject: str,
    body: str,
    variables: dict[str, str],
    ics: str,
    method: Method,
) -> int:
    _message, created = outbox_enqueue(
        idempotency_key=key[:200],
        channel=OutboxMessage.Channel.EMAIL,
        event=event,
        recipient=person.email,
        subject=subject,
        body=body,
        language=person.language or User.Language.ZH_HANS,
        variables=variables,
        attachments=[{"filename": ICS_FILENAME, "content_type": ICS_TYPES[method], "content": ics}],
    )
    return int(created)
