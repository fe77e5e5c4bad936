"""Shared pieces of the portal tests: a client signed in as a candidate."""

from typing import Any

from django.conf import settings
from django.test import Client
from django.utils import timezone

from portal.session import SESSION_KEY
from recruiting.models import Candidate


def portal_client(
    candidate: Candidate, client: Client | None = None, *, language: str | None = None
) -> Any:
    """A test client whose session is a fresh portal sign-in of `candidate`.

    The same session data portal_sign_in writes; tests of the sign-in itself go
    through the link (tests/portal/test_sign_in.py).
    """
    client = client or Client()
    session = client.session
    now = timezone.now().isoformat()
    session[SESSION_KEY] = {"candidate": candidate.pk, "since": now, "seen": now}
    session.save()
    if language is not None:  # what the sign-in sets: the pages' language
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
