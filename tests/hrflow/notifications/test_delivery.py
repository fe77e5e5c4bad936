"""The delivery loop against a real SMTP server on 127.0.0.1: once, retried, settled."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hrflow.notifications.channels.email import message_id_for
from hrflow.notifications.delivery import MAX_ATTEMPTS, backoff, deliver_due
from hrflow.notifications.models import DeliveryAttempt, OutboxMessage
from hrflow.notifications.services import outbox_cancel, outbox_enqueue
from tests.fixtures.smtp_capture import REFUSED_DOMAIN

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


@pytest.fixture
def smtp(settings, smtp_capture):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_capture.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    smtp_capture.clear()
    return smtp_capture


def _email(key: str, to: str = "li.na@example.com", **extra) -> OutboxMessage:
    message, _created = outbox_enqueue(
        idempotency_key=key,
        channel="email",
        event="application_received",
        recipient=to,
        subject=f"subject {key}",
        body="body",
        **extra,
    )
    return message


def test_a_due_message_is_sent_once_and_its_attempt_recorded(smtp):
    message = _email(
        "k1",
        attachments=[
            {
                "filename": "interview.ics",
                "content_type": "text/calendar",
                "content": "BEGIN:VCALENDAR",
            }
        ],
    )

    first = deliver_due(time_budget_seconds=10)
    second = deliver_due(time_budget_seconds=10)

    assert (first.sent, second.sent) == (1, 0)
    [received] = smtp.to("li.na@example.com")
    assert received.subject == "subject k1"
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    # The Message-ID comes from the outbox key: the same message always has the same id.
    assert message.provider_id == received.message_id == message_id_for("k1")
    [attempt] = message.attempts_log.all()
    assert attempt.outcome == DeliveryAttempt.Outcome.SENT
    assert attempt.finished_at
    parts = {part.get_content_type() for part in received.message.walk()}
    assert "text/calendar" in parts


def test_a_message_waits_for_its_time_and_a_cancelled_one_never_goes(smtp):
    later = _email("later", not_before=timezone.now() + timedelta(hours=1))
    _email("withdrawn")
    assert outbox_cancel(keys=["withdrawn"]) == 1

    assert deliver_due(time_budget_seconds=10).sent == 0

    assert smtp.messages() == []
    later.refresh_from_db()
    assert later.status == Status.PENDING
    assert later.attempts == 0


def test_an_unreachable_server_is_retried_with_backoff_then_given_up(smtp, settings):
    settings.EMAIL_PORT = 1  # nothing listens: connection refused
    message = _email("down")

    tally = deliver_due(time_budget_seconds=10)

    message.refresh_from_db()
    assert tally.retried == 1
    assert message.status == Status.PENDING
    assert message.attempts == 1
    assert message.not_before > timezone.now()
    assert "unreachable" in message.last_error
    # Out of attempts: failed, not retried for ever.
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1, not_before=None)
    deliver_due(time_budget_seconds=10)
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts_log.filter(outcome=DeliveryAttempt.Outcome.FAILED).count() == 1


def test_a_refused_address_fails_at_once_without_retries(smtp):
    message = _email("refused", to=f"nobody{REFUSED_DOMAIN}")

    tally = deliver_due(time_budget_seconds=10)

    message.refresh_from_db()
    assert tally.failed == 1
    assert message.status == Status.FAILED
    assert "refused" in message.last_error


def test_backoff_grows_and_is_capped():
    assert timedelta(seconds=15) <= backoff(1) <= timedelta(seconds=30)
    assert timedelta(seconds=120) <= backoff(4) <= timedelta(seconds=240)
    assert backoff(30) <= timedelta(hours=6)


def _abandon(message: OutboxMessage) -> None:
    """As a worker killed mid-send leaves it: sending, attempt open, lease run out."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING, attempts=1, lease_until=timezone.now() - timedelta(seconds=1)
    )
    DeliveryAttempt.objects.create(message=message, number=1, started_at=timezone.now())


def test_an_email_abandoned_mid_send_is_marked_uncertain_not_sent_twice(smtp):
    message = _email("mid-send")
    _abandon(message)

    tally = deliver_due(time_budget_seconds=10)

    message.refresh_from_db()
    assert tally.uncertain == 1
    assert tally.sent == 0
    assert message.status == Status.UNCERTAIN
    assert smtp.messages() == []
    assert message.attempts_log.get().outcome == DeliveryAttempt.Outcome.UNCERTAIN


def test_a_portal_message_abandoned_mid_send_is_shown_once():
    message, _ = outbox_enqueue(
        idempotency_key="portal-1", channel="portal", event="rejected", recipient="candidate:1"
    )
    _abandon(message)

    tally = deliver_due(time_budget_seconds=10)

    message.refresh_from_db()
    assert (tally.reconciled, tally.sent) == (1, 1)
    assert message.status == Status.SENT
    assert [a.outcome for a in message.attempts_log.all()] == ["retry", "sent"]


def test_a_leased_message_of_a_live_worker_is_left_alone(smtp):
    message = _email("leased")
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() + timedelta(minutes=1)
    )

    assert deliver_due(time_budget_seconds=10).sent == 0
    assert smtp.messages() == []


@pytest.mark.django_db(transaction=True)
def test_two_loops_at_once_send_each_message_once(smtp):
    # Written straight to the table: queueing through the service would wake a
    # session Celery worker (if one runs), which would then share the work.
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            idempotency_key=f"many-{number}",
            channel="email",
            event="application_received",
            recipient=f"p{number}@example.com",
            subject="s",
        )
        for number in range(40)
    )
    tallies = []

    def run() -> None:
        try:
            tallies.append(deliver_due(time_budget_seconds=20))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    recipients = [r for m in smtp.messages() for r in m.recipients]
    assert sorted(recipients) == sorted(f"p{n}@example.com" for n in range(40))
    assert sum(t.sent for t in tallies) == 40
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 40


def test_a_retry_asks_the_provider_first_and_never_sends_an_sms_twice(sms_phone):
    """Aliyun took the text but the connection dropped before it answered (transient):
    the retry finds the OutId at the provider and does not send again."""
    message, _ = outbox_enqueue(
        idempotency_key="sms-drop",
        channel="sms",
        event="offer_sent",
        recipient="+8613800138000",
        body="offer",
        variables={"candidate_name": "李娜", "company_name": "ACME", "job_title": "Analyst"},
    )
    sms_phone.app.faults.add({"kind": "drop", "times": 1})

    first = deliver_due(time_budget_seconds=10)
    OutboxMessage.objects.filter(pk=message.pk).update(not_before=None)  # the backoff is over
    second = deliver_due(time_budget_seconds=10)

    message.refresh_from_db()
    assert (first.retried, second.reconciled, second.sent) == (1, 1, 0)
    assert message.status == Status.SENT
    assert len(sms_phone.app.messages()) == 1
    assert [a.outcome for a in message.attempts_log.all()] == ["retry", "already_sent"]


def test_a_provider_backend_through_anymail_sends_and_its_id_is_kept(settings, mailoutbox):
    """HRFLOW_EMAIL_BACKEND can name a django-anymail backend; its message id is stored."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    message = _email("via-anymail")

    assert deliver_due(time_budget_seconds=10).sent == 1

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert [m.to for m in mailoutbox] == [["li.na@example.com"]]
    assert mailoutbox[0].anymail_status.status == {"sent"}
    # Anymail's test backend has no provider id; a real one's (a string) would be kept.
    assert message.provider_id == message_id_for("via-anymail")
