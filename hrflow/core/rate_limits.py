"""Fixed-window counters in the shared cache (Redis), for the public forms.

Counted in Redis rather than the database so a flood of refused attempts
writes nothing to PostgreSQL. Keys hold a keyed hash, never the address or
e-mail itself, so the cache holds no personal data. Used by the careers
form, the portal's sign-in links and the staff password reset.
"""

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from redis.exceptions import RedisError

from hrflow.core.errors import ApplicationError

logger = logging.getLogger(__name__)


class TooManyRequests(ApplicationError):
    """The client asked too often; nothing was done (answered with a 429)."""


def rate_limit_hit(*, scope: str, value: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `value`; True when it is over `limit` within the window."""
    # The salt predates the move from recruiting: counters survive the upgrade.
    digest = salted_hmac("recruiting.rate_limits", f"{scope}:{value}").hexdigest()[:32]
    key = f"rate:{scope}:{digest}"
    try:
        cache.add(key, 0, timeout=window_seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.set(key, 1, timeout=window_seconds)
            count = 1
    except RedisError:
        # Fail open: losing a real applicant's application is worse than a
        # few minutes without a limit while Redis is down.
        logger.warning("rate limit unavailable", extra={"scope": scope})
        return False
    return count > limit


@dataclass(frozen=True)
class Limit:
    """At most `limit` attempts per `window_seconds` for one value (a client, an address)."""

    scope: str
    limit: int
    window_seconds: int
    refusal: str | Promise  # what the person reads when over it (lazy: translated then)


def rate_limit_enforce(limit: Limit, value: str) -> None:
    """Count one attempt for `value` and raise TooManyRequests when it is over the limit."""
    if rate_limit_hit(
        scope=limit.scope, value=value, limit=limit.limit, window_seconds=limit.window_seconds
    ):
        raise TooManyRequests(str(limit.refusal))
