"""Asking for a portal sign-in link: the same work for any address, and limits
(issue 12, point 8).

The request only checks its limits and queues the request; a worker finds
the candidate, makes the link and queues the e-mail through the outbox. So
a known and an unknown address cost the request the same statements, and
nothing is sent from inside it. The limits count per address (as typed in
any case) and per client, and their message says nothing about the address.
"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.requests import message_requests_settle
from hrflow.org.selectors import company_current
from recruiting.models import PortalLoginLink
from recruiting.services import portal_access
from tests.recruiting.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db
SIGN_IN = "/portal/sign-in/"


# Literals, numbers and savepoint names: what differs between two runs of the same work.
VALUES = re.compile(r"'(?:[^']|'')*'|\"s\d+_x\d+\"|\b\d+(?:\.\d+)?\b")


def statements(captured: CaptureQueriesContext) -> list[str]:
    """The SQL run, with its values masked: what was done, not with which data."""
    return [VALUES.sub("?", query["sql"]) for query in captured.captured_queries]


def _ask(email: str, ip: str = "198.51.100.1") -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = Client(REMOTE_ADDR=ip).post(SIGN_IN, {"email": email})
    return response.status_code, statements(captured)


def test_known_and_unknown_addresses_cost_the_request_the_same_statements():
    ApplicationFactory(candidate=CandidateFactory(email="known@example.com"))
    company_current()  # the company's settings row is made on first use, by any page

    known_status, known = _ask("known@example.com", ip="198.51.100.1")
    unknown_status, unknown = _ask("nobody@example.com", ip="198.51.100.2")

    assert known_status == unknown_status == 200
    assert known == unknown
    # nothing was decided, written for the candidate or sent inside the request
    assert not PortalLoginLink.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_the_worker_queues_the_link_for_a_known_address_only():
    candidate = CandidateFactory(email="known@example.com")
    ApplicationFactory(candidate=candidate)
    _ask("Known@Example.com ", ip="198.51.100.1")
    _ask("nobody@example.com", ip="198.51.100.2")

    settled = message_requests_settle()

    assert settled == 2
    [message] = OutboxMessage.objects.all()
    assert (message.event, message.recipient) == ("magic_link", "known@example.com")
    assert message.candidate_ref == candidate.pk
    assert PortalLoginLink.objects.get().candidate == candidate
    assert mail.outbox == []  # the delivery loop sends it, not the settling
    assert message_requests_settle() == 0  # each request is settled once


@pytest.mark.parametrize("known", [True, False], ids=["known", "unknown"])
def test_the_address_limit_answers_429_whoever_holds_the_address(known):
    """Counted per address whether or not anyone holds it, so the answer reveals nothing."""
    if known:
        ApplicationFactory(candidate=CandidateFactory(email="limit@example.com"))
    spellings = ["limit@example.com", "LIMIT@example.com", " Limit@Example.COM "]
    for n in range(portal_access.PER_ADDRESS.limit):
        status, _statements = _ask(spellings[n % len(spellings)], ip=f"203.0.113.{n}")
        assert status == 200

    response = Client(REMOTE_ADDR="203.0.113.99").post(
        SIGN_IN, {"email": "limit@EXAMPLE.com"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 429
    assert "Too many sign-in links were asked for this address" in response.content.decode()
    message_requests_settle()
    assert PortalLoginLink.objects.count() == (portal_access.PER_ADDRESS.limit if known else 0)


def test_the_client_limit_counts_the_forwarded_client_behind_a_proxy(settings):
    """Behind the proxy every request comes from its address: the client is counted."""
    settings.HRFLOW_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(portal_access.PER_CLIENT.limit):
        client = Client(HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
        assert client.post(SIGN_IN, {"email": f"someone{n}@example.com"}).status_code == 200

    flooding = Client(HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).post(
        SIGN_IN, {"email": "one-more@example.com"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    neighbour = Client(HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).post(
        SIGN_IN, {"email": "one-more@example.com"}
    )

    assert flooding.status_code == 429
    assert "Too many sign-in requests from your network" in flooding.content.decode()
    assert neighbour.status_code == 200
