"""Which language a staff session starts in when someone signs in.

The rule (issue 14, point 21): the person's most recent deliberate choice wins,
and without one, the sign-in page's own language carries on, so nobody who
signed in from an English page lands on Chinese pages.

- A language picked with the switch while signed out (on the sign-in page) is a
  choice: the browser keeps when it was made (`PICKED_AT_COOKIE`, next to the
  language cookie; a cookie rather than a session, so a careers-site visitor who
  switches costs no session row), and it becomes the account's at sign-in.
- A language picked while signed in (the top bar) is stored on the account with
  its time (`User.language_chosen_at`).
- Whichever of the two is newer wins. With neither, the sign-in page's
  language (its cookie or, on a first visit, the browser's Accept-Language)
  wins and is kept on the account as the last one used, not as a choice.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from hrflow.accounts.language_cookie import cookie_set
from hrflow.accounts.models import User
from hrflow.accounts.services import user_set_language

PICKED_AT_COOKIE = "hrflow_language_picked_at"


@dataclass(frozen=True)
class Pick:
    language: str
    at: datetime


def language_pick_remember(response: HttpResponse) -> None:
    """A signed-out visitor picked a language: the browser keeps when."""
    cookie_set(response, PICKED_AT_COOKIE, timezone.now().isoformat())


def language_pick_forget(response: HttpResponse) -> None:
    """Signed in: the pick is the account's now (or lost to a newer choice)."""
    response.delete_cookie(PICKED_AT_COOKIE, path=settings.LANGUAGE_COOKIE_PATH)


def language_pick_read(cookies: Mapping[str, str]) -> Pick | None:
    """The language picked while signed out and when, if this browser holds one."""
    language = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
    if language not in User.Language.values:
        return None
    try:
        at = datetime.fromisoformat(cookies.get(PICKED_AT_COOKIE, ""))
    except ValueError:
        return None
    return Pick(language=language, at=at) if timezone.is_aware(at) else None


def sign_in_language(*, user: User, page_language: str, pick: Pick | None) -> str:
    """The language the new session starts in; the account remembers it."""
    saved = user.language_chosen_at
    if pick is not None and (saved is None or pick.at >= saved):
        user_set_language(user=user, language=pick.language, chosen_at=pick.at)
        return pick.language
    if saved is not None:
        return user.language
    if page_language in User.Language.values:
        user_set_language(user=user, language=page_language, chosen_at=None)
    return user.language
