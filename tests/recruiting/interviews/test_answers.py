"""The candidate's answer to an interview by its signed link: confirm, ask for another time,
and the link's refusals (tampered, expired, older version, cancelled or past)."""

import time

import pytest
from django.conf import settings
from django.core import signing

from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from recruiting.interviews.links import MAX_AGE, SALT, respond_token
from recruiting.interviews.rescreening import interview_change
from recruiting.interviews.services import (
    interview_cancel,
    interview_respond,
    interview_respond_by_token,
)
from recruiting.models import Interview
from tests.recruiting.interviews.test_services import plan, ready, rows, scheduled

pytestmark = pytest.mark.django_db


def _token(interview) -> str:
    return respond_token(interview_id=interview.pk, sequence=interview.sequence)


def test_the_candidate_confirms_by_link():
    interview, _people, _hr = scheduled()

    answered = interview_respond_by_token(token=_token(interview), answer="confirmed")

    assert answered.candidate_response == "confirmed"
    assert answered.responded_at is not None
    event = AuditEvent.objects.get(action="recruiting.interview_respond")
    assert event.actor is None
    assert event.changes["answer"] == "confirmed"


def test_the_candidate_asks_for_another_time_with_their_times_and_a_note():
    interview, _people, _hr = scheduled()

    answered = interview_respond_by_token(
        token=_token(interview),
        answer="reschedule",
        preferred_times="下周二或周三下午",
        note="周四要考试。",
    )

    assert answered.candidate_response == "reschedule"
    assert "下周二或周三下午" in answered.candidate_note
    assert "周四要考试。" in answered.candidate_note


def test_asking_for_another_time_needs_a_word_about_it():
    interview, _people, _hr = scheduled()

    with pytest.raises(ApplicationError):
        interview_respond_by_token(token=_token(interview), answer="reschedule")

    interview.refresh_from_db()
    assert interview.candidate_response == "pending"


def test_answering_the_same_twice_changes_nothing():
    interview, _people, _hr = scheduled()
    interview_respond_by_token(token=_token(interview), answer="confirmed")
    first = Interview.objects.get(pk=interview.pk).responded_at

    interview_respond_by_token(token=_token(interview), answer="confirmed")

    assert Interview.objects.get(pk=interview.pk).responded_at == first
    assert AuditEvent.objects.filter(action="recruiting.interview_respond").count() == 1


def test_the_link_in_the_message_is_a_working_token():
    interview, _people, _hr = scheduled()
    link = rows("interview_scheduled", channel="email").get().variables["respond_link"]
    token = link.rstrip("/").rsplit("/", 1)[1]

    interview_respond_by_token(token=token, answer="confirmed")

    interview.refresh_from_db()
    assert interview.candidate_response == "confirmed"
    assert link.startswith(f"{settings.HRFLOW_PUBLIC_URL.rstrip('/')}/recruiting/interviews/")


def _refused_answer(token, reason_code):
    with pytest.raises(ApplicationError) as caught:
        interview_respond_by_token(token=token, answer="confirmed")
    assert caught.value.extra["reason"] == reason_code


def test_a_tampered_token_is_refused():
    interview, _people, _hr = scheduled()
    token = _token(interview)
    forged = signing.dumps({"i": interview.pk, "s": 0}, salt="another.purpose", compress=True)

    _refused_answer(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "invalid")
    _refused_answer(forged, "invalid")
    _refused_answer("not-a-token", "invalid")
    interview.refresh_from_db()
    assert interview.candidate_response == "pending"


def test_an_expired_token_is_refused(monkeypatch):
    interview, _people, _hr = scheduled()
    long_ago = time.time() - MAX_AGE.total_seconds() - 60
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: long_ago)
        token = signing.dumps({"i": interview.pk, "s": 0}, salt=SALT, compress=True)

    _refused_answer(token, "expired")


def test_a_link_from_before_a_change_says_the_interview_changed():
    interview, people, hr = scheduled()
    old = _token(interview)
    interview_change(interview=interview, plan=plan(people, duration_minutes=45), actor=hr)

    _refused_answer(old, "changed")
    interview_respond_by_token(
        token=_token(Interview.objects.get(pk=interview.pk)), answer="confirmed"
    )
    assert Interview.objects.get(pk=interview.pk).candidate_response == "confirmed"


def test_a_cancelled_or_past_interview_takes_no_answer():
    cancelled, _people, hr = scheduled()
    token = _token(cancelled)
    interview_cancel(interview=cancelled, actor=hr)
    past, _people, _hr = scheduled()
    ready(past)

    _refused_answer(token, "cancelled")  # not "changed": the most useful news first
    with pytest.raises(ApplicationError) as caught:
        interview_respond(interview=cancelled, sequence=1, answer="confirmed")
    assert caught.value.extra["reason"] == "cancelled"
    _refused_answer(_token(past), "past")
