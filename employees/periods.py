"""Calendar months as Chinese labour law counts them (a term, a probation, a deadline).

A period of N months that starts on the 1st ends on the last day of the Nth month;
one that starts on the 31st ends on the last day of the month N months later when
that month is shorter (a month from 31 January ends on 28 February). Every
length the law states in months goes through `period_end`, so the boundaries of
terms, probations and the written-contract month agree with each other.
"""

import calendar
from datetime import date, timedelta


def months_later(day: date, months: int) -> date:
    """The same day of the month `months` later, clamped to that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(start: date, months: int) -> date:
    """The last day of a period of `months` calendar months starting on `start`."""
    if months <= 0:
        return start - timedelta(days=1)
    later = months_later(start, months)
    if later.day < start.day:  # clamped: the shorter month's last day closes the period
        return later
    return later - timedelta(days=1)


def term_reaches(start: date, end: date | None, months: int) -> bool:
    """Whether a term from `start` to `end` (inclusive; None: open-ended) lasts at least
    `months` months: a contract from 1 January to 31 March is a three-month term."""
    return end is None or end >= period_end(start, months)


def whole_years_between(start: date, day: date) -> int:
    """Completed years from `start` to `day` (service on an anniversary counts in full)."""
    years = day.year - start.year
    if (day.month, day.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)
