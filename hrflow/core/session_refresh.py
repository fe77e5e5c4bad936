"""Keep the staff idle timeout without writing the session on every request.

The idle timeout moves a session's expiry forward as the person works. Saving
the session on every request (SESSION_SAVE_EVERY_REQUEST) did that with a
transaction and an UPDATE of the session row on every page, about a quarter of
a small page's time. Moving it at most once every HRFLOW_SESSION_REFRESH_SECONDS
is enough: a session left alone still ends SESSION_COOKIE_AGE after the last
refresh, at most that interval earlier than after the last request.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REFRESHED_AT = "_refreshed_at"


class SessionIdleRefreshMiddleware:
    """Mark a live session modified (so SessionMiddleware saves it, with a new expiry)
    when its last refresh is older than HRFLOW_SESSION_REFRESH_SECONDS. Listed after
    SessionMiddleware, so this runs before the session is saved on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Not a visitor's empty session (no row to keep alive), nor one being saved anyway.
        if session is None or session.modified or not session.session_key or session.is_empty():
            return response
        now = int(time.time())
        if now - int(session.get(REFRESHED_AT, 0)) >= settings.HRFLOW_SESSION_REFRESH_SECONDS:
            session[REFRESHED_AT] = now
        return response


def session_refreshed_at_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Stamp a new sign-in's session as refreshed now (login() saves it anyway)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[REFRESHED_AT] = int(time.time())
