"""The portal's messages page: each notification once, only the candidate's own, no secrets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from hrflow.notifications.models import OutboxMessage
from hrflow.org.selectors import company_current
from recruiting.models import Application, Candidate
from recruiting.selectors.portal_messages import PER_PAGE, portal_messages
from tests.portal.helpers import portal_client as signed_in
from tests.recruiting.factories import ApplicationFactory, CandidateFactory
from tests.recruiting.interviews.test_services import scheduled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages and labels are compared in English, the source language."""
    with translation.override("en"):
        yield


def portal_client_en(candidate: Candidate):
    """A portal session that reads the pages in English (the assertions' language)."""
    client = signed_in(candidate, language="en")
    return client


Channel = OutboxMessage.Channel
Status = OutboxMessage.Status
ALL_CHANNELS = (Channel.PORTAL, Channel.EMAIL, Channel.SMS)
MESSAGES = reverse("portal:messages")


def notice(
    candidate: Candidate,
    key: str,
    *,
    event: str = "documents_requested",
    channels: tuple[str, ...] = ALL_CHANNELS,
    status: str = Status.SENT,
    application: Application | None = None,
    not_before=None,
    body: str = "",
) -> list[OutboxMessage]:
    """One notification as candidate_notices queues it: a row per channel, keys ending in it."""
    about = application.pk if application else 0
    return [
        OutboxMessage.objects.create(
            idempotency_key=f"{event}:{about}:{key}:{channel}",
            channel=channel,
            event=event,
            recipient=f"{channel}-recipient",
            subject=f"{key} ({channel})" if channel != Channel.SMS else "",
            body=body or f"{key} body ({channel})",
            candidate_ref=candidate.pk,
            application_ref=application.pk if application else None,
            status=status,
            not_before=not_before,
            sent_at=timezone.now() if status == Status.SENT else None,
        )
        for channel in channels
    ]


def listed(candidate: Candidate, page: int = 1) -> list:
    return list(portal_messages(candidate, page=page).object_list)


def test_a_notice_sent_on_several_channels_is_listed_once_with_its_portal_copy():
    candidate = CandidateFactory()
    rows = notice(candidate, "welcome")
    [item] = listed(candidate)
    assert item.message.pk == rows[0].pk  # the portal's copy
    assert item.subject == "welcome (portal)"
    assert [d.channel for d in item.deliveries] == ["portal", "email", "sms"]
    assert {d.status for d in item.deliveries} == {"sent"}


def test_without_a_portal_copy_the_email_copy_is_shown():
    candidate = CandidateFactory()
    rows = notice(candidate, "mailed", channels=(Channel.SMS, Channel.EMAIL))
    [item] = listed(candidate)
    assert item.message.pk == rows[1].pk
    assert [d.channel for d in item.deliveries] == ["email", "sms"]


def test_a_text_only_notice_is_titled_by_its_event():
    candidate = CandidateFactory()
    notice(candidate, "texted", channels=(Channel.SMS,))
    [item] = listed(candidate)
    assert item.subject == "Documents requested"


def test_secret_cancelled_and_not_yet_due_messages_are_left_out():
    candidate = CandidateFactory()
    notice(candidate, "sign-in", event="magic_link", channels=(Channel.EMAIL,))
    notice(candidate, "cancelled", status=Status.CANCELLED)
    later = timezone.now() + timedelta(hours=5)
    notice(candidate, "reminder", status=Status.PENDING, not_before=later)
    notice(
        candidate, "due", status=Status.PENDING, not_before=timezone.now() - timedelta(minutes=1)
    )
    notice(candidate, "failed", status=Status.FAILED, channels=(Channel.EMAIL,))
    keys = {item.subject for item in listed(candidate)}
    assert keys == {"due (portal)", "failed (email)"}


def test_delivery_status_is_shown_per_channel():
    candidate = CandidateFactory()
    [_portal, email] = notice(candidate, "mixed", channels=(Channel.PORTAL, Channel.EMAIL))
    OutboxMessage.objects.filter(pk=email.pk).update(status=Status.FAILED, sent_at=None)
    [item] = listed(candidate)
    assert [(d.channel, d.status, d.status_label) for d in item.deliveries] == [
        ("portal", "sent", "Sent"),
        ("email", "failed", "Failed"),
    ]


def test_another_candidates_messages_never_appear():
    mine, theirs = CandidateFactory(), CandidateFactory()
    notice(mine, "mine")
    notice(theirs, "theirs")
    # The same notice key for two people stays two people's notices.
    OutboxMessage.objects.create(
        idempotency_key="documents_requested:0:mine:chat",
        channel=Channel.CHAT,
        event="documents_requested",
        recipient="robot",
        subject="mine (chat)",
        candidate_ref=theirs.pk,
        status=Status.SENT,
    )
    [item] = listed(mine)
    assert item.subject == "mine (portal)"
    assert [d.channel for d in item.deliveries] == ["portal", "email", "sms"]
    html = portal_client_en(mine).get(MESSAGES).content.decode()
    assert "mine (portal)" in html
    assert "theirs" not in html


def test_newest_first_and_twenty_per_page():
    candidate = CandidateFactory()
    for n in range(PER_PAGE + 3):
        notice(candidate, f"n{n:02d}", channels=(Channel.PORTAL, Channel.EMAIL))
    first, second = portal_messages(candidate, page=1), portal_messages(candidate, page=2)
    assert len(first.object_list) == PER_PAGE
    assert first.has_next()
    assert not second.has_next()
    subjects = [item.subject for item in [*first.object_list, *second.object_list]]
    assert subjects == [f"n{n:02d} (portal)" for n in reversed(range(PER_PAGE + 3))]
    # A page number out of range shows the last page rather than failing.
    assert portal_messages(candidate, page="99").number == 2


def test_messages_about_an_application_name_its_job():
    application = ApplicationFactory()
    notice(application.candidate, "about", application=application)
    notice(application.candidate, "general")
    titles = {item.subject: item.job_title for item in listed(application.candidate)}
    assert titles == {"about (portal)": application.job.title, "general (portal)": ""}


def _notices_for_applications(candidate: Candidate, count: int) -> None:
    for n in range(count):
        application = ApplicationFactory(candidate=candidate)
        notice(candidate, f"k{n}", application=application)


@pytest.mark.parametrize("count", [2, 15])
def test_the_selector_costs_the_same_queries_at_any_size(count, django_assert_num_queries):
    candidate = CandidateFactory()
    _notices_for_applications(candidate, count)
    # count, page, the channel copies of the page, the job titles
    with django_assert_num_queries(4):
        items = listed(candidate)
    assert len(items) == count
    assert all(item.job_title for item in items)


def test_the_page_costs_the_same_queries_at_two_sizes():
    small, large = CandidateFactory(), CandidateFactory()
    _notices_for_applications(small, 1)
    _notices_for_applications(large, 12)
    company_current()  # created on first use: not part of what a page costs
    counts = []
    for candidate in (small, large):
        client = portal_client_en(candidate)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(MESSAGES)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_page_shows_subject_date_channels_and_an_escaped_body_with_its_line_breaks():
    candidate = CandidateFactory()
    notice(candidate, "hello", body="<script>alert(1)</script>\nSecond line")
    response = portal_client_en(candidate).get(MESSAGES)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response.context["portal_section"] == "messages"
    html = response.content.decode()
    assert "hello (portal)" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\nSecond line</pre>" in html
    assert "<script>alert(1)" not in html
    assert html.count('data-testid="portal-message"') == 1
    assert 'data-channel="email" data-status="sent"' in html
    assert timezone.localtime().strftime("%Y-%m-%d") in html


def test_the_page_without_messages_says_so():
    response = portal_client_en(CandidateFactory()).get(MESSAGES)
    assert response.status_code == 200
    assert "No messages yet" in response.content.decode()


def test_an_interview_invitation_is_listed_once_and_its_reminder_only_when_sent():
    """Through the real notices: one row per channel, sharing a key but its channel."""
    interview, _people, _hr = scheduled()
    candidate = interview.application.candidate
    OutboxMessage.objects.filter(event="interview_scheduled").update(
        status=Status.SENT, sent_at=timezone.now()
    )
    items = listed(candidate)
    assert [item.message.event for item in items] == ["interview_scheduled"]
    assert items[0].message.channel == "portal"
    assert {d.channel for d in items[0].deliveries} == {"portal", "email", "sms"}
    assert items[0].job_title == interview.application.job.title


def test_anonymous_visitors_are_sent_to_the_portal_sign_in(client):
    response = client.get(MESSAGES)
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:sign-in"))
