"""The interview page of the candidate portal: the facts, the answer through the page
(a changed interview's old form refused), the calendar file, and whose interviews it opens."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hrflow.core.models import AuditEvent
from recruiting.interviews.rescreening import interview_change
from recruiting.interviews.services import interview_cancel
from recruiting.models import Interview
from tests.portal.helpers import portal_client
from tests.recruiting.interviews.test_services import SHANGHAI, plan, ready, scheduled

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview() -> Interview:
    interview, _people, _hr = scheduled()
    return interview


def _client(interview: Interview):
    client = portal_client(interview.application.candidate, language="en")
    return client


def _page(interview: Interview) -> str:
    return reverse("portal:interview", kwargs={"pk": interview.pk})


def _calendar(interview: Interview) -> str:
    return reverse("portal:interview-calendar", kwargs={"pk": interview.pk})


def test_the_page_shows_the_interview_in_the_company_zone_with_the_answer_form(interview):
    response = _client(interview).get(_page(interview))

    assert response.status_code == 200
    local = interview.starts_at.astimezone(SHANGHAI)
    assert f"{local:%Y-%m-%d}" in response.text
    assert f"{local:%H:%M} UTC+08:00" in response.text
    assert "60 minutes" in response.text
    assert "Onsite" in response.text
    assert interview.location in response.text
    assert interview.note_for_candidate in response.text
    assert interview.application.job.title in response.text
    assert 'type="hidden" name="sequence" value="0"' in response.text
    assert 'name="answer" value="confirmed"' in response.text
    assert reverse("portal:sign-out") in response.text  # the portal's own layout
    assert "no-store" in response["Cache-Control"]


def test_the_candidate_confirms_through_the_page(interview):
    client = _client(interview)

    response = client.post(_page(interview), {"answer": "confirmed", "sequence": "0"})
    again = client.get(_page(interview))

    assert response.status_code == 302
    assert response.url == _page(interview)
    interview.refresh_from_db()
    assert interview.candidate_response == "confirmed"
    assert 'data-answer="confirmed"' in again.text
    assert "we have your answer" in again.text
    audit = AuditEvent.objects.get(action="recruiting.interview_respond")
    assert audit.changes["answer"] == "confirmed"


def test_the_candidate_asks_for_another_time_through_the_page(interview):
    client = _client(interview)

    empty = client.post(_page(interview), {"answer": "reschedule", "sequence": "0"})
    response = client.post(
        _page(interview),
        {
            "answer": "reschedule",
            "sequence": "0",
            "preferred_times": "Mon 10-12",
            "note": "I have an exam that day.",
        },
    )

    assert empty.status_code == 200
    assert "which times suit you" in empty.text
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.candidate_response == "reschedule"
    assert "Mon 10-12" in interview.candidate_note
    assert "I have an exam that day." in interview.candidate_note


def test_a_form_shown_before_a_change_is_refused(interview):
    client = _client(interview)
    client.get(_page(interview))  # the candidate opens the page: sequence 0
    people = list(interview.interviewers.all())
    interview_change(interview=interview, plan=plan(people, duration_minutes=30), actor=None)

    response = client.post(_page(interview), {"answer": "confirmed", "sequence": "0"})
    page = client.get(_page(interview))

    assert response.status_code == 302
    assert Interview.objects.get(pk=interview.pk).candidate_response == "pending"
    assert "has changed" in page.text
    assert "30 minutes" in page.text
    assert 'type="hidden" name="sequence" value="1"' in page.text


def test_a_tampered_version_is_refused(interview):
    response = _client(interview).post(
        _page(interview), {"answer": "confirmed", "sequence": "not-a-number"}
    )

    assert response.status_code == 200
    assert Interview.objects.get(pk=interview.pk).candidate_response == "pending"


def test_a_cancelled_interview_shows_as_cancelled_without_the_form(interview):
    interview_cancel(interview=interview, actor=None)
    client = _client(interview)

    page = client.get(_page(interview))
    post = client.post(_page(interview), {"answer": "confirmed", "sequence": "1"})

    assert page.status_code == 200
    assert 'data-testid="portal-interview-cancelled"' in page.text
    assert 'data-testid="portal-interview-form"' not in page.text
    assert post.status_code == 302
    assert Interview.objects.get(pk=interview.pk).candidate_response == "pending"


def test_an_interview_that_has_begun_takes_no_answer(interview):
    ready(interview)

    page = _client(interview).get(_page(interview))

    assert "already begun" in page.text
    assert 'data-testid="portal-interview-form"' not in page.text


def test_the_calendar_file_is_the_invitations_entry(interview):
    response = _client(interview).get(_calendar(interview))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="interview.ics"'
    assert response["X-Content-Type-Options"] == "nosniff"
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"{interview.uid}@hrflow"
    assert int(event["sequence"]) == interview.sequence
    assert event.decoded("dtstart") == interview.starts_at
    assert event.decoded("dtend") == interview.starts_at + timedelta(minutes=60)
    assert str(event["location"]) == interview.location


def test_a_cancelled_interviews_calendar_file_removes_the_entry(interview):
    interview = interview_cancel(interview=interview, actor=None)

    response = _client(interview).get(_calendar(interview))

    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL"
    assert int(event["sequence"]) == 1
    assert str(event["uid"]) == f"{interview.uid}@hrflow"


def test_another_candidates_interview_is_404(interview):
    other, _people, _hr = scheduled()
    client = _client(interview)

    assert client.get(_page(other)).status_code == 404
    assert client.post(_page(other), {"answer": "confirmed", "sequence": "0"}).status_code == 404
    assert client.get(_calendar(other)).status_code == 404
    assert Interview.objects.get(pk=other.pk).candidate_response == "pending"


@pytest.mark.parametrize("url", [_page, _calendar])
def test_anonymous_visitors_go_to_the_portal_sign_in(client, interview, url):
    response = client.get(url(interview))

    assert response.status_code == 302
    assert response.url == f"{reverse('portal:sign-in')}?next={quote(url(interview), safe='')}"


@pytest.mark.parametrize("count", [1, 4])
def test_the_interview_list_partial_reads_nothing_more(django_assert_num_queries, count):
    interview, _people, hr = scheduled()
    interviews = [interview]
    for days in range(1, count):
        interviews.append(
            Interview.objects.create(
                application=interview.application,
                kind=Interview.Kind.VIDEO,
                starts_at=timezone.now() + timedelta(days=days),
                meeting_url="https://meet.example.com/x",
            )
        )
    interview_cancel(interview=interviews[0], actor=hr)
    interviews[0].refresh_from_db()

    with django_assert_num_queries(0):
        html = render_to_string("portal/_interviews.html", {"interviews": interviews})

    assert html.count('data-testid="portal-interview-item"') == count
    assert html.count("status-cancelled") == 1
    for item in interviews:
        assert reverse("portal:interview", kwargs={"pk": item.pk}) in html
