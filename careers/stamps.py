"""The apply form's "shown" stamp: when this visitor was shown this form, usable once.

A person takes more than a few seconds to fill the form, so a signed stamp of
when it was shown lets careers_apply refuse (silently) what is sent sooner. A
stamp alone could be copied: one taken from a page once, waited out once, and
posted again and again from fresh sessions. So a stamp also

- names the visitor it was shown to: a random cookie the page sets, of which
  the stamp holds a keyed hash. Sent from another browser session it is
  refused, visibly (a person who cleared cookies reloads; nothing is stored);
- expires after MAX_AGE: an older one asks the visitor to send the form again;
- is spent by the application it carries (a key in Redis for MAX_AGE): sent
  again (a double click, a script), it proves no time at all. If the
  application is refused (a bad file), the stamp is given back, so the
  visitor who fixes the file and sends again is not taken for a bot.

Two tabs, two stamps: each tab's form can be sent once.
"""

import logging
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

SHOWN_SALT = "recruiting.careers.apply-shown"
VISITOR_COOKIE = "careers_visitor"
MAX_AGE = timedelta(hours=6)


@dataclass(frozen=True)
class ShownStamp:
    """What a posted stamp says; `shown_at` is None when we did not sign it."""

    shown_at: float | None = None
    nonce: str = ""
    same_visitor: bool = False

    @property
    def expired(self) -> bool:
        return self.shown_at is not None and time.time() - self.shown_at > MAX_AGE.total_seconds()

    @property
    def from_another_visitor(self) -> bool:
        return self.shown_at is not None and not self.same_visitor


def careers_visitor(request: HttpRequest) -> str:
    """The visitor's token from their cookie; a new one (set by visitor_remember) if none."""
    token = request.COOKIES.get(VISITOR_COOKIE, "")
    return token if 20 <= len(token) <= 64 else secrets.token_urlsafe(24)


def visitor_remember(response: HttpResponse, visitor: str) -> None:
    """(Re)set the visitor cookie, so it outlives every stamp the page carries."""
    response.set_cookie(
        VISITOR_COOKIE,
        visitor,
        max_age=int(MAX_AGE.total_seconds()),
        path="/careers/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def stamp_issue(*, visitor: str, shown_at: float | None = None) -> str:
    """A new stamp for this visitor, of now or of when the form was first shown."""
    when = time.time() if shown_at is None else shown_at
    payload = f"{when:.3f}:{secrets.token_urlsafe(9)}:{_visitor_digest(visitor)}"
    return signing.Signer(salt=SHOWN_SALT).sign(payload)


def stamp_read(*, value: str, visitor: str) -> ShownStamp:
    try:
        shown, nonce, digest = signing.Signer(salt=SHOWN_SALT).unsign(value).split(":")
        return ShownStamp(
            shown_at=float(shown),
            nonce=nonce,
            same_visitor=constant_time_compare(digest, _visitor_digest(visitor)),
        )
    except (signing.BadSignature, ValueError):
        return ShownStamp()


@contextmanager
def stamp_spent(stamp: ShownStamp) -> Iterator[float]:
    """Spend the stamp; yield the seconds it proves the visitor took to fill the form.

    0 for a stamp that proves nothing: not ours, another visitor's, or spent
    already. If the block raises, the stamp is given back.
    """
    if stamp.shown_at is None or not stamp.same_visitor or not _claim(stamp.nonce):
        yield 0.0
        return
    try:
        yield max(0.0, time.time() - stamp.shown_at)
    except BaseException:
        _release(stamp.nonce)
        raise


def _visitor_digest(visitor: str) -> str:
    return salted_hmac(SHOWN_SALT, visitor, algorithm="sha256").hexdigest()[:24]


def _claim(nonce: str) -> bool:
    try:
        return bool(cache.add(f"careers-stamp:{nonce}", 1, timeout=int(MAX_AGE.total_seconds())))
    except RedisError:
        # Fail open, like the rate limits: a real application lost is worse.
        logger.warning("careers stamp store unavailable")
        return True


def _release(nonce: str) -> None:
    try:
        cache.delete(f"careers-stamp:{nonce}")
    except RedisError:
        logger.warning("careers stamp store unavailable")
