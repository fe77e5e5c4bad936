"""Staff password reset: the same work for any address, mail from the worker, and limits
(issue 12, point 8).

The request checks its limits and queues the request; a worker finds the
account and queues the e-mail through the outbox, whose delivery loop sends
it. So a known and an unknown address cost the request the same statements,
and no mail server is spoken to inside it. Limits count per address (as
sign-in compares it) and per client, with a message that says nothing of
the address.
"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.accounts import password_reset
from hrflow.accounts.models import User
from hrflow.notifications.delivery import deliver_due
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.requests import message_requests_settle
from tests.hrflow.factories import UserFactory
from tests.recruiting.vendors.harness import wait_until

RESET = reverse("accounts:password-reset")
LINK = re.compile(r"https?://[^/\s]+(/accounts/reset/\S+/)")


# Literals, numbers and savepoint names: what differs between two runs of the same work.
VALUES = re.compile(r"'(?:[^']|'')*'|\"s\d+_x\d+\"|\b\d+(?:\.\d+)?\b")


def statements(captured: CaptureQueriesContext) -> list[str]:
    """The SQL run, with its values masked: what was done, not with which data."""
    return [VALUES.sub("?", query["sql"]) for query in captured.captured_queries]


def _ask(email: str, ip: str = "198.51.100.1", **headers: str):
    return Client(REMOTE_ADDR=ip).post(RESET, {"email": email}, **headers)


@pytest.mark.django_db
def test_known_and_unknown_addresses_cost_the_request_the_same_statements():
    UserFactory(email="forgot@example.com")

    with CaptureQueriesContext(connection) as known_queries:
        known = _ask("forgot@example.com", ip="198.51.100.1")
    with CaptureQueriesContext(connection) as unknown_queries:
        unknown = _ask("nobody@example.com", ip="198.51.100.2")

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("accounts:password-reset-done")
    assert statements(known_queries) == statements(unknown_queries)
    # no mail inside the request, and nothing decided yet
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_the_worker_queues_the_mail_for_a_known_account_and_the_link_works_once():
    user = UserFactory(email="forgot@example.com", language="en")
    _ask(" FORGOT@example.com", ip="198.51.100.1")
    _ask("nobody@example.com", ip="198.51.100.2")

    assert message_requests_settle() == 2

    [message] = OutboxMessage.objects.all()
    assert (message.event, message.channel, message.recipient) == (
        "password_reset",
        "email",
        "forgot@example.com",
    )
    assert message.language == "en"
    assert deliver_due(time_budget_seconds=10).sent == 1
    [sent] = mail.outbox
    assert sent.to == ["forgot@example.com"]
    link = LINK.search(sent.body).group(1)
    client = Client()
    form_url = client.get(link).url  # Django swaps the token for a session marker
    new = "another long passphrase"
    assert client.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    assert User.objects.get(pk=user.pk).check_password(new)
    assert client.get(link, follow=True).context["validlink"] is False


@pytest.mark.django_db
def test_staff_pages_show_that_a_reset_went_out_but_not_the_link(client):
    """The link would let whoever reads it choose the account's password."""
    from hrflow.accounts.roles import Role

    UserFactory(email="forgot@example.com")
    _ask("forgot@example.com")
    message_requests_settle()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], is_staff=True, is_superuser=True))

    outbox = client.get(reverse("notifications:outbox")).content.decode()
    message = OutboxMessage.objects.get(event="password_reset")
    admin_page = client.get(
        reverse("admin:notifications_outboxmessage_change", args=[message.pk])
    ).content.decode()

    assert "forgot@example.com" in outbox
    assert "/accounts/reset/" not in outbox
    assert "/accounts/reset/" not in admin_page


@pytest.mark.django_db
@pytest.mark.parametrize("known", [True, False], ids=["known", "unknown"])
def test_the_address_limit_answers_429_whoever_holds_the_address(known):
    if known:
        UserFactory(email="limit@example.com")
    spellings = ["limit@example.com", "LIMIT@example.com", " Limit@Example.COM "]
    for n in range(password_reset.PER_ADDRESS.limit):
        assert _ask(spellings[n % len(spellings)], ip=f"203.0.113.{n}").status_code == 302

    refused = _ask("limit@EXAMPLE.com", ip="203.0.113.99", HTTP_ACCEPT_LANGUAGE="en")

    assert refused.status_code == 429
    assert "Too many password resets were asked for this address" in refused.content.decode()
    message_requests_settle()
    expected = password_reset.PER_ADDRESS.limit if known else 0
    assert OutboxMessage.objects.filter(event="password_reset").count() == expected


@pytest.mark.django_db
def test_the_client_limit_answers_429():
    for n in range(password_reset.PER_CLIENT.limit):
        assert _ask(f"someone{n}@example.com", ip="203.0.113.5").status_code == 302

    refused = _ask("another@example.com", ip="203.0.113.5", HTTP_ACCEPT_LANGUAGE="en")
    elsewhere = _ask("another@example.com", ip="203.0.113.6")

    assert refused.status_code == 429
    assert "Too many password resets from your network" in refused.content.decode()
    assert elsewhere.status_code == 302


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_mail_after_the_request(celery_worker_process, smtp_capture):
    """End to end: the request commits and wakes the worker, which settles the request
    and sends the e-mail over SMTP."""
    smtp_capture.clear()
    UserFactory(email="worker.reset@example.com")

    response = _ask("Worker.Reset@example.com")
    assert response.status_code == 302

    [received] = wait_until(lambda: smtp_capture.to("worker.reset@example.com"), timeout=30)
    body = received.message.get_payload(decode=True).decode()
    assert LINK.search(body)
    assert OutboxMessage.objects.get(event="password_reset").status == "sent"
