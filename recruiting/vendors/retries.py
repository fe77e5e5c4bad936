"""How vendor work is retried: capped exponential backoff with full jitter.

Shared by the Celery tasks and by the webhook inbox's drainer, which schedules
an event's next attempt itself (its retries are the inbox row's, not a task's).
"""

import random
from datetime import timedelta

from django.conf import settings

MAX_RETRIES = 8
BACKOFF_BASE = 5.0
BACKOFF_CAP = 600.0


def backoff(retries: int) -> float:
    """Full jitter (AWS): uniform over [0, min(cap, base * 2^n)], at least a second."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2**retries)
    return max(1.0, random.uniform(0, ceiling))  # noqa: S311  (jitter, not cryptography)


def countdown(delay: timedelta) -> float:
    """A delay as a task countdown, never longer than the broker allows (settings)."""
    return min(delay.total_seconds(), float(settings.CELERY_MAX_COUNTDOWN))
