"""When a message may go out: the company's quiet hours and the rejection delay.

Good news goes at once; texts and reminders wait for the morning; a rejection
waits the configured delay (so it never arrives minutes after an interview and
HR can still change their mind) and then for daytime - never at 3 am. The
quiet hours are read in the company's time zone (`hrflow.org`), which the
caller passes in.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hrflow.notifications.events import Timing
from hrflow.notifications.models import NotificationSettings


def settings_current() -> NotificationSettings:
    """The one sending-policy row, made with the defaults the first time."""
    found, _created = NotificationSettings.objects.get_or_create(pk=1)
    return found


def in_quiet_hours(moment: time, start: time, end: time) -> bool:
    """Is a local time inside [start, end)? The span may cross midnight (21:00-08:00)."""
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def after_quiet_hours(when: datetime, policy: NotificationSettings, *, zone: ZoneInfo) -> datetime:
    """`when`, or the end of the quiet hours it falls in (read in the company's `zone`)."""
    local = when.astimezone(zone)
    if not in_quiet_hours(local.time(), policy.quiet_hours_start, policy.quiet_hours_end):
        return when
    end_today = local.replace(
        hour=policy.quiet_hours_end.hour,
        minute=policy.quiet_hours_end.minute,
        second=0,
        microsecond=0,
    )
    morning = end_today if end_today > local else end_today + timedelta(days=1)
    return morning.astimezone(when.tzinfo)


def not_before(
    timing: Timing, channel: str, now: datetime, policy: NotificationSettings, *, zone: ZoneInfo
) -> datetime | None:
    """The earliest send time for a message (None: at once).

    Text messages always respect quiet hours (a phone buzzing at night); e-mail
    and portal messages only when the event asks for daytime or a delay.
    """
    if timing == Timing.DELAYED:
        delayed = now + timedelta(hours=policy.rejection_delay_hours)
        return after_quiet_hours(delayed, policy, zone=zone)
    if timing == Timing.DAYTIME or channel == "sms":
        later = after_quiet_hours(now, policy, zone=zone)
        return later if later != now else None
    return None
