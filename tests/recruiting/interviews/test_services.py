"""Interviews: scheduling, changes and cancellations with their messages and calendar files
(the candidate's answer: test_interview_answers.py; scorecards: test_scorecards.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from icalendar import Calendar

from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from recruiting.interviews import scorecards
from recruiting.interviews.rescreening import interview_change
from recruiting.interviews.services import (
    InterviewPlan,
    application_interviews_cancel,
    interview_cancel,
    interview_respond,
    interview_schedule,
)
from recruiting.models import Interview
from recruiting.services.applications import application_move, application_reject
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason, recruiter_for

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
ALL_GOOD = dict.fromkeys(scorecards.DEFAULT_DIMENSIONS, 5)


def at_local(days: int, hour: int = 14) -> datetime:
    """`days` from now at `hour` o'clock in the company's zone (daytime: no quiet hours)."""
    local = timezone.now().astimezone(SHANGHAI) + timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def interview_stage(job, nth=0):
    return list(job.stages.filter(kind="interview").order_by("position"))[nth]


def plan(interviewers, **changes) -> InterviewPlan:
    values = {
        "kind": Interview.Kind.ONSITE,
        "starts_at": at_local(3),
        "duration_minutes": 60,
        "interviewers": interviewers,
        "location": "上海市浦东新区张江路 88 号 3 楼 305",
        "note_for_candidate": "请携带身份证。",
    }
    return InterviewPlan(**(values | changes))


def scheduled(*, panel=2, **changes):
    """An application in its first interview stage, with a scheduled interview."""
    application = ApplicationFactory()
    application = application_move(
        application=application, to_stage=interview_stage(application.job)
    )
    hr = recruiter_for(application.job)
    people = [UserFactory(roles=[Role.INTERVIEWER]) for _ in range(panel)]
    interview = interview_schedule(application=application, plan=plan(people, **changes), actor=hr)
    return interview, people, hr


def rows(event, **filters):
    return OutboxMessage.objects.filter(event=event, **filters).order_by("channel", "pk")


def calendar_of(message):
    [attachment] = message.attachments
    assert attachment["filename"] == "interview.ics"
    calendar = Calendar.from_ical(attachment["content"])
    [event] = calendar.walk("VEVENT")
    return attachment, calendar, event


def attendees(event) -> set[str]:
    found = event.get("attendee", [])
    return {str(a) for a in (found if isinstance(found, list) else [found])}


def ready(interview):
    """The interview took place: move its start into the past."""
    Interview.objects.filter(pk=interview.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    interview.refresh_from_db()
    return interview


# Scheduling


def test_scheduling_invites_the_candidate_on_every_channel_with_a_calendar_file():
    interview, _people, _hr = scheduled()
    candidate = interview.application.candidate

    sent = {message.channel: message for message in rows("interview_scheduled")}
    assert set(sent) == {"email", "sms", "portal"}
    key = f"interview_scheduled:{interview.application_id}:interview{interview.pk}:seq0"
    assert {m.idempotency_key for m in sent.values()} == {f"{key}:{c}" for c in sent}
    assert sent["email"].recipient == candidate.email
    assert sent["sms"].attachments == []
    assert sent["portal"].attachments == []
    attachment, calendar, event = calendar_of(sent["email"])
    assert attachment["content_type"].startswith("text/calendar; method=REQUEST")
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"{interview.uid}@hrflow"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == interview.starts_at
    assert event.decoded("dtend") == interview.starts_at + timedelta(minutes=60)
    assert str(event["location"]) == interview.location
    assert attendees(event) == {f"mailto:{candidate.email}"}
    # the wording carries the local time, the place and the answer link
    body = sent["email"].body
    local = interview.starts_at.astimezone(SHANGHAI)
    assert f"{local:%Y-%m-%d}" in body
    assert f"{local:%H:%M} UTC+08:00" in body
    assert interview.location in body
    assert "/recruiting/interviews/respond/" in sent["email"].variables["respond_link"]
    assert sent["email"].variables["respond_link"] in body


def test_scheduling_sends_each_interviewer_an_invitation_with_the_panel_in_the_calendar():
    interview, people, _hr = scheduled()

    invitations = rows("interviewer_invitation")
    assert sorted(m.recipient for m in invitations) == sorted(p.email for p in people)
    for message in invitations:
        assert message.channel == "email"
        assert f"/recruiting/interviews/{interview.pk}/" in message.body  # the scorecard link
        assert "respond_link" not in message.variables  # the candidate's key stays theirs
        _attachment, calendar, event = calendar_of(message)
        assert str(calendar["method"]) == "REQUEST"
        assert str(event["uid"]) == f"{interview.uid}@hrflow"
        assert attendees(event) == {f"mailto:{p.email}" for p in people} | {
            f"mailto:{interview.application.candidate.email}"
        }


def test_scheduling_queues_the_reminder_for_a_day_before():
    interview, _people, _hr = scheduled()

    reminders = rows("interview_reminder")
    assert {m.channel for m in reminders} == {"email", "sms", "portal"}
    assert {m.not_before for m in reminders} == {interview.starts_at - timedelta(hours=24)}
    assert {m.status for m in reminders} == {OutboxMessage.Status.PENDING}


def test_an_interview_less_than_a_day_ahead_gets_no_reminder():
    soon = timezone.now() + timedelta(hours=5)
    scheduled(starts_at=soon)

    assert not rows("interview_reminder").exists()
    assert rows("interview_scheduled").exists()


def test_scheduling_is_audited_and_remembers_who_scheduled():
    interview, people, hr = scheduled()

    assert interview.scheduled_by == hr
    assert set(interview.interviewers.all()) == set(people)
    event = AuditEvent.objects.get(action="recruiting.interview_schedule")
    assert event.actor == hr
    assert event.changes["interview"] == interview.pk
    assert event.changes["interviewers"] == sorted(p.pk for p in people)


def test_a_video_interview_sends_its_link_and_drops_any_address():
    link = "https://meeting.tencent.com/dm/abc123"
    interview, _people, _hr = scheduled(kind=Interview.Kind.VIDEO, meeting_url=link)

    assert (interview.meeting_url, interview.location) == (link, "")
    email = rows("interview_scheduled", channel="email").get()
    assert email.variables["interview_place"] == link
    _attachment, _calendar, event = calendar_of(email)
    assert str(event["url"]) == link


def _refused(application, the_plan, hr):
    before = (Interview.objects.count(), OutboxMessage.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ApplicationError) as caught:
        interview_schedule(application=application, plan=the_plan, actor=hr)
    after = (Interview.objects.count(), OutboxMessage.objects.count(), AuditEvent.objects.count())
    assert after == before
    return caught.value


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": "past"}, "starts_at"),
        ({"duration_minutes": 10}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"location": "  "}, "location"),
        ({"kind": Interview.Kind.VIDEO, "meeting_url": ""}, "meeting_url"),
        ({"kind": Interview.Kind.VIDEO, "meeting_url": "not a link"}, "meeting_url"),
        ({"kind": "in_the_pub"}, "kind"),
        ({"interviewers": []}, "interviewers"),
        ({"interviewers": "employee"}, "interviewers"),
        ({"interviewers": "inactive"}, "interviewers"),
        ({"interviewers": "other_recruiter"}, "interviewers"),
    ],
)
def test_a_bad_plan_is_refused_with_its_field_and_changes_nothing(changes, field):
    application = ApplicationFactory()
    hr = recruiter_for(application.job)
    people = {
        "employee": [UserFactory(roles=[Role.EMPLOYEE])],
        "inactive": [UserFactory(roles=[Role.INTERVIEWER], is_active=False)],
        "other_recruiter": [recruiter_for(JobFactory())],
    }
    if changes.get("starts_at") == "past":
        changes["starts_at"] = timezone.now() - timedelta(minutes=1)
    panel = changes.pop("interviewers", [UserFactory(roles=[Role.INTERVIEWER])])
    the_plan = plan(people.get(panel, panel) if isinstance(panel, str) else panel, **changes)

    error = _refused(application, the_plan, hr)

    assert field in error.extra["fields"]


def test_the_jobs_own_recruiters_and_managers_and_hr_admins_may_interview():
    application = ApplicationFactory()
    job = application.job
    manager = UserFactory(roles=[Role.HIRING_MANAGER])
    job.hiring_managers.add(manager)
    people = [recruiter_for(job), manager, UserFactory(roles=[Role.HR_ADMIN])]

    interview = interview_schedule(application=application, plan=plan(people), actor=None)

    assert interview.interviewers.count() == 3


def test_an_ended_application_gets_no_interview():
    application = ApplicationFactory()
    application_reject(application=application, reason=reason())

    with translation.override("en"):
        error = _refused(application, plan([UserFactory(roles=[Role.INTERVIEWER])]), None)

    assert "active" in error.message


def test_rejecting_an_application_cancels_its_interviews_and_their_reminders():
    interview, people, hr = scheduled()
    reminders = list(rows("interview_reminder"))

    application_reject(application=interview.application, reason=reason(), actor=hr)

    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert rows("interview_cancelled").filter(channel="email").count() == 1
    assert reminders
    for reminder in reminders:
        reminder.refresh_from_db()
        assert reminder.status == OutboxMessage.Status.CANCELLED
    # Each interviewer's calendar loses the entry too.
    released = OutboxMessage.objects.filter(event="interviewer_released")
    assert {m.recipient for m in released} == {person.email for person in people}


# Changing and cancelling


def test_moving_an_interview_sends_a_new_version_and_replaces_the_reminder():
    interview, people, hr = scheduled()
    old_reminders = list(rows("interview_reminder"))
    later = at_local(5, hour=10)

    changed = interview_change(interview=interview, plan=plan(people, starts_at=later), actor=hr)

    assert changed.sequence == 1
    assert changed.uid == interview.uid
    for reminder in old_reminders:
        reminder.refresh_from_db()
        assert reminder.status == OutboxMessage.Status.CANCELLED
    fresh = rows("interview_reminder", status=OutboxMessage.Status.PENDING)
    assert {m.not_before for m in fresh} == {later - timedelta(hours=24)}
    assert all(":seq1:" in m.idempotency_key for m in fresh)
    email = rows("interview_changed", channel="email").get()
    _attachment, calendar, event = calendar_of(email)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"{interview.uid}@hrflow"
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == later
    # the panel's calendars move too
    updates = rows("interviewer_invitation", idempotency_key__contains=":seq1:")
    assert sorted(m.recipient for m in updates) == sorted(p.email for p in people)
    audit = AuditEvent.objects.get(action="recruiting.interview_change")
    assert audit.changes["starts_at"][1] == later.isoformat()


def test_a_change_asks_the_candidate_again():
    interview, people, hr = scheduled()
    interview_respond(interview=interview, sequence=0, answer="confirmed")

    changed = interview_change(
        interview=interview, plan=plan(people, duration_minutes=90), actor=hr
    )

    assert (changed.candidate_response, changed.responded_at) == ("pending", None)


def test_changing_only_the_panel_keeps_the_version_and_tells_only_the_people_concerned():
    interview, (stays, leaves), hr = scheduled()
    joins = UserFactory(roles=[Role.INTERVIEWER])
    candidate_messages = OutboxMessage.objects.filter(candidate_ref__isnull=False).count()

    changed = interview_change(interview=interview, plan=plan([stays, joins]), actor=hr)

    assert changed.sequence == 0
    assert OutboxMessage.objects.filter(candidate_ref__isnull=False).count() == candidate_messages
    assert rows("interviewer_invitation").filter(recipient=joins.email).count() == 1
    assert rows("interviewer_invitation").filter(recipient=stays.email).count() == 1  # no resend
    released = rows("interviewer_released").get()
    assert released.recipient == leaves.email
    _attachment, calendar, event = calendar_of(released)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["uid"]) == f"{interview.uid}@hrflow"


def test_a_change_that_changes_nothing_sends_nothing():
    interview, people, hr = scheduled()
    before = OutboxMessage.objects.count()

    same = interview_change(
        interview=interview, plan=plan(people, starts_at=interview.starts_at), actor=hr
    )

    assert same.sequence == 0
    assert OutboxMessage.objects.count() == before
    assert not AuditEvent.objects.filter(action="recruiting.interview_change").exists()


def test_a_refused_change_leaves_the_interview_as_it_was():
    interview, people, hr = scheduled()
    before = OutboxMessage.objects.count()

    with pytest.raises(ApplicationError):
        interview_change(
            interview=interview,
            plan=plan(people, starts_at=timezone.now() - timedelta(hours=1)),
            actor=hr,
        )

    interview.refresh_from_db()
    assert interview.sequence == 0
    assert OutboxMessage.objects.count() == before
    assert rows("interview_reminder", status=OutboxMessage.Status.PENDING).count() == 3


def test_cancelling_removes_the_entry_from_every_calendar():
    interview, people, hr = scheduled()

    cancelled = interview_cancel(interview=interview, actor=hr, reason="候选人已接受其他 offer")

    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    assert not rows("interview_reminder", status=OutboxMessage.Status.PENDING).exists()
    email = rows("interview_cancelled", channel="email").get()
    attachment, calendar, event = calendar_of(email)
    assert attachment["content_type"].startswith("text/calendar; method=CANCEL")
    assert str(calendar["method"]) == "CANCEL"
    assert (str(event["status"]), int(event["sequence"])) == ("CANCELLED", 1)
    assert str(event["uid"]) == f"{interview.uid}@hrflow"
    assert {m.channel for m in rows("interview_cancelled")} == {"email", "sms", "portal"}
    released = rows("interviewer_released")
    assert sorted(m.recipient for m in released) == sorted(p.email for p in people)
    assert AuditEvent.objects.get(action="recruiting.interview_cancel").changes["reason"]


def test_a_cancelled_interview_cannot_be_cancelled_or_changed_again():
    interview, people, hr = scheduled()
    interview_cancel(interview=interview, actor=hr)

    with pytest.raises(ApplicationError):
        interview_cancel(interview=interview, actor=hr)
    with pytest.raises(ApplicationError):
        interview_change(interview=interview, plan=plan(people, duration_minutes=30), actor=hr)
    assert rows("interview_cancelled", channel="email").count() == 1


def test_ending_an_application_cancels_its_scheduled_interviews():
    interview, _people, hr = scheduled()
    other, _others, _hr = scheduled()

    count = application_interviews_cancel(
        application_ids={interview.application_id}, actor=hr, reason="rejected"
    )

    assert count == 1
    assert Interview.objects.get(pk=interview.pk).status == Interview.Status.CANCELLED
    assert Interview.objects.get(pk=other.pk).status == Interview.Status.SCHEDULED
    pending = rows("interview_reminder", status=OutboxMessage.Status.PENDING)
    assert {m.application_ref for m in pending} == {other.application_id}
