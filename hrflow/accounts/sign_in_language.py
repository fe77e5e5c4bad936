"""Which language a staff session starts in when someone signs in.

The rule (issue 14, point 21): the person's most recent deliberate choice wins,
and without one, the sign-in page's own language carries on, so nobody who
signed in from an English page lands on Chinese pages.

- A language picked on the sign-in page (the switch, before signing in) is
  remembered in the session with its time; it is a choice like one made signed
  in, and becomes the account's.
- A language picked while signed in (the top bar) is stored on the account with
  its time (`User.language_chosen_at`).
- Whichever of the two is newer wins. With neither, the sign-in page's
  language (its cookie or, on a first visit, the browser's Accept-Language)
  wins and is kept on the account as the last one used, not as a choice.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

from hrflow.accounts.models import User
from hrflow.accounts.services import user_set_language

PICKED_SESSION_KEY = "hrflow_language_picked"


@dataclass(frozen=True)
class Pick:
    language: str
    at: datetime


def language_pick_remember(session: SessionBase, language: str) -> None:
    """A signed-out visitor picked a language (on the sign-in page): keep it and when."""
    session[PICKED_SESSION_KEY] = {"language": language, "at": timezone.now().isoformat()}


def _pick_in(session: SessionBase) -> Pick | None:
    stored = session.pop(PICKED_SESSION_KEY, None)
    if not isinstance(stored, dict) or stored.get("language") not in User.Language.values:
        return None
    try:
        return Pick(language=stored["language"], at=datetime.fromisoformat(stored["at"]))
    except (KeyError, TypeError, ValueError):
        return None


def sign_in_language(*, user: User, page_language: str, session: SessionBase) -> str:
    """The language the new session starts in; the account remembers it."""
    pick = _pick_in(session)
    saved = user.language_chosen_at
    if pick is not None and (saved is None or pick.at >= saved):
        user_set_language(user=user, language=pick.language, chosen_at=pick.at)
        return pick.language
    if saved is not None:
        return user.language
    if page_language in User.Language.values:
        user_set_language(user=user, language=page_language, chosen_at=None)
    return user.language
