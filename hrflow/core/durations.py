"""Lengths of time in the words people use: "3 minutes", "just now", "every minute".

One place for it, so no page shows Python's "0:02:58" or Django's "0 minutes ago".
The largest unit that fits is named, with the next one when it adds something
("1 hour 5 minutes"), and seconds only under a minute.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def _count(unit: str, n: int) -> str:
    if unit == "day":
        return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}
    if unit == "hour":
        return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}
    if unit == "minute":
        return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}
    return ngettext("%(n)d second", "%(n)d seconds", n) % {"n": n}


def duration_words(length: timedelta) -> str:
    """timedelta(minutes=2, seconds=58) -> "3 minutes" / "3 分钟" (rounded to the minute
    from a minute on; two units at most: "1 hour 5 minutes", "2 days 3 hours")."""
    seconds = max(0, round(length.total_seconds()))
    if seconds < MINUTE:
        return _count("second", seconds)
    minutes = round(seconds / MINUTE)
    if minutes < 60:
        return _count("minute", minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        if not minutes:
            return _count("hour", hours)
        return _("%(bigger)s %(smaller)s") % {
            "bigger": _count("hour", hours),
            "smaller": _count("minute", minutes),
        }
    days, hours = divmod(hours, 24)
    if not hours:
        return _count("day", days)
    return _("%(bigger)s %(smaller)s") % {
        "bigger": _count("day", days),
        "smaller": _count("hour", hours),
    }


def time_ago(moment: datetime, *, now: datetime | None = None) -> str:
    """ "just now" under a minute, else "3 minutes ago" / "3 分钟前"."""
    elapsed = (now or timezone.now()) - moment
    if elapsed < timedelta(minutes=1):
        return _("just now")
    return _("%(duration)s ago") % {"duration": duration_words(elapsed)}


def every_words(interval: timedelta) -> str:
    """How often something runs: "every minute", "every 5 minutes", "every hour"."""
    seconds = round(interval.total_seconds())
    if seconds == MINUTE:
        return _("every minute")
    if seconds == HOUR:
        return _("every hour")
    if seconds == DAY:
        return _("every day")
    return _("every %(duration)s") % {"duration": duration_words(interval)}
