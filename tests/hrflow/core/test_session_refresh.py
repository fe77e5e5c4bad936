"""The idle timeout moves the session's expiry without writing it on every page."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrflow.core.session_refresh import REFRESHED_AT
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db
PAGE = reverse("accounts:password-change")


def _session_writes(client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    return [
        q["sql"]
        for q in captured
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    ]


def _row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_pages_within_a_minute_of_the_last_refresh_write_no_session(client):
    client.force_login(UserFactory())  # signing in saves the session, stamped now

    assert _session_writes(client) == []
    assert _session_writes(client) == []


def test_a_page_after_the_interval_moves_the_expiry(client, settings):
    client.force_login(UserFactory())
    _session_writes(client)
    session = client.session
    session[REFRESHED_AT] = (
        int(timezone.now().timestamp()) - settings.HRFLOW_SESSION_REFRESH_SECONDS
    )
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=5)
    )

    writes = _session_writes(client)

    assert len(writes) == 1
    left = _row(client).expire_date - timezone.now()
    assert left > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_a_session_left_idle_still_ends(client):
    client.force_login(UserFactory())
    _session_writes(client)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(PAGE)

    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
