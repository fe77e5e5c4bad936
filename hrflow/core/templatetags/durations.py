"""`{% load durations %}`: lengths of time in words (hrflow.core.durations)."""

from datetime import datetime, timedelta

from django import template

from hrflow.core.durations import duration_words, every_words, time_ago

register = template.Library()


@register.filter
def duration(length: timedelta | None) -> str:
    """`{{ health.lag|duration }}`: "3 minutes", never "0:02:58"; "—" for no length."""
    return duration_words(length) if isinstance(length, timedelta) else "—"


@register.filter
def ago(moment: datetime | None) -> str:
    """`{{ checked_at|ago }}`: "just now", "3 minutes ago"."""
    return time_ago(moment) if isinstance(moment, datetime) else "—"


@register.filter
def every(interval: timedelta | None) -> str:
    """`{{ connection.poll_interval|every }}`: "every 5 minutes"."""
    return every_words(interval) if isinstance(interval, timedelta) else "—"
