"""The weekly digest: last week's figures to every HR admin and the team-chat robots.

Each registered report an HR admin may open contributes its headline, built for the
week over everything (an HR admin's scope), so the digest says what the report pages
say. Messages go through the outbox like every notice: one idempotency key per week
and recipient, so a second run for the same week (the beat firing twice, a retried
task, a person running it by hand) queues nothing new. Each HR admin reads it in
their own language; the robots post to group chats, in the site's language.
"""

from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from analytics.facts.refresh import facts_state
from analytics.notices import WEEKLY_DIGEST
from analytics.reports.filters import ReportFilter
from analytics.reports.registry import reports_all
from analytics.reports.shapes import Report
from hrflow.accounts.roles import ROLE_PERMISSIONS, Role
from hrflow.notifications.events import event_for
from hrflow.notifications.models import ChatRobot, OutboxMessage
from hrflow.notifications.rendering import render, templates_loaded
from hrflow.notifications.robot_posts import robot_enqueue
from hrflow.notifications.staff import hr_admins, staff_notify

SUNDAY = 6
# The efficiency report's table of intervals: its medians are the digest's key figures.
KEY_FIGURES_TABLE = ("efficiency", "speed")


def last_week_ending(today: date) -> date:
    """The Sunday that ended the last full week before `today` (yesterday on Mondays)."""
    return today - timedelta(days=today.weekday() + 1)


def digest_week(week_ending: date) -> ReportFilter:
    """The filter of the Monday-to-Sunday week ending on `week_ending`, every job."""
    if week_ending.weekday() != SUNDAY:
        # The facts count by week starting on Monday: a week cut elsewhere would
        # silently drop the days of its first, partial week.
        raise ValueError(f"a digest week ends on a Sunday, not on {week_ending:%A}")
    return ReportFilter(
        start=week_ending - timedelta(days=6), end=week_ending, visible_jobs=None, grain="week"
    )


def digest_summary(flt: ReportFilter) -> str:
    """The week in plain lines, in the active language: each report's headline."""
    granted = set(ROLE_PERMISSIONS[Role.HR_ADMIN])
    sections = []
    for spec in reports_all():
        if spec.permission not in granted:
            continue
        report = spec.build(flt, {})
        lines = [str(spec.title), *(f"- {line}" for line in report.headline)]
        lines.extend(f"- {line}" for line in _key_figures(report))
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def _key_figures(report: Report) -> list[str]:
    """The intervals of the efficiency report that have any applications behind them."""
    key, table_key = KEY_FIGURES_TABLE
    if report.key != key:
        return []
    table = next((table for table in report.tables if table.key == table_key), None)
    if table is None:
        return []
    return [
        _("%(what)s: median %(median)s, 90th percentile %(p90)s (n = %(n)s)")
        % {"what": what.text, "median": median.text, "p90": p90.text, "n": n.text}
        for what, n, median, p90 in table.rows
        if n.value
    ]


@transaction.atomic
def weekly_digest_send(*, week_ending: date) -> int:
    """Queue the digest of the week ending on `week_ending` (a Sunday) to each active
    HR admin by e-mail and to each active robot that takes it. How many were new."""
    flt = digest_week(week_ending)
    key = f"analytics-digest:{week_ending.isoformat()}"
    values = _values_in_each_language(flt)
    queued = staff_notify(people=hr_admins(), event=WEEKLY_DIGEST, key=key, values=values)
    return queued + _robots_notify(key, values)


def _values_in_each_language(flt: ReportFilter) -> Callable[[], dict[str, str]]:
    """The message's values in the active language; the reports are built once per
    language, not once per HR admin."""
    made: dict[str, dict[str, str]] = {}
    watermark = facts_state().watermark

    def values() -> dict[str, str]:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language not in made:
            made[language] = {
                "week_start": date_format(flt.start, "DATE_FORMAT"),
                "week_end": date_format(flt.end, "DATE_FORMAT"),
                "as_of": (
                    date_format(timezone.localtime(watermark), "DATETIME_FORMAT")
                    if watermark is not None
                    else _("not counted yet")
                ),
                "summary": digest_summary(flt),
                "analytics_link": settings.HRFLOW_PUBLIC_URL.rstrip("/")
                + reverse("analytics:index"),
            }
        return made[language]

    return values


def _robots_notify(key: str, values: Callable[[], dict[str, str]]) -> int:
    """Post to each active robot that takes every alert or this one."""
    spec = event_for(WEEKLY_DIGEST)
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        filled = values()
    wording = render(
        spec, OutboxMessage.Channel.EMAIL, language, filled, templates_loaded([spec.code])
    )
    queued = 0
    for robot in ChatRobot.objects.filter(is_active=True).order_by("pk"):
        if robot.events and WEEKLY_DIGEST not in robot.events:
            continue
        queued += robot_enqueue(
            robot=robot,
            key=key,
            event=WEEKLY_DIGEST,
            wording=wording,
            language=language,
            variables=filled,
        )
    return queued
