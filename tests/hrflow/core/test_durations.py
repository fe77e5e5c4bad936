"""Lengths of time in words, in both languages: never "0:02:58" or "0 分钟前"."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from hrflow.core.durations import duration_words, every_words, time_ago

NOW = datetime(2026, 12, 7, 10, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("length", "english", "chinese"),
    [
        (timedelta(seconds=0), "0 seconds", "0 秒"),
        (timedelta(seconds=42), "42 seconds", "42 秒"),
        (timedelta(minutes=2, seconds=58), "3 minutes", "3 分钟"),  # was 0:02:58
        (timedelta(minutes=1, seconds=11), "1 minute", "1 分钟"),  # was 0:01:11
        (timedelta(hours=1, minutes=5), "1 hour 5 minutes", "1 小时 5 分钟"),
        (timedelta(hours=3), "3 hours", "3 小时"),
        (timedelta(days=2, hours=3, minutes=10), "2 days 3 hours", "2 天 3 小时"),
        (timedelta(days=1), "1 day", "1 天"),
        (timedelta(seconds=-5), "0 seconds", "0 秒"),  # a clock a little ahead: no minus
    ],
)
def test_a_length_of_time_reads_in_words(length, english, chinese):
    with translation.override("en"):
        assert duration_words(length) == english
    with translation.override("zh-hans"):
        assert duration_words(length) == chinese


@pytest.mark.parametrize(
    ("elapsed", "english", "chinese"),
    [
        (timedelta(seconds=20), "just now", "刚刚"),  # was "0 分钟前"
        (timedelta(minutes=3), "3 minutes ago", "3 分钟前"),
        (timedelta(hours=2), "2 hours ago", "2 小时前"),
    ],
)
def test_a_moment_reads_as_how_long_ago(elapsed, english, chinese):
    with translation.override("en"):
        assert time_ago(NOW - elapsed, now=NOW) == english
    with translation.override("zh-hans"):
        assert time_ago(NOW - elapsed, now=NOW) == chinese


@pytest.mark.parametrize(
    ("interval", "english", "chinese"),
    [
        (timedelta(minutes=1), "every minute", "每分钟"),  # was 0:01:00
        (timedelta(minutes=5), "every 5 minutes", "每 5 分钟"),
        (timedelta(hours=1), "every hour", "每小时"),
        (timedelta(days=1), "every day", "每天"),
    ],
)
def test_a_schedule_reads_as_how_often(interval, english, chinese):
    with translation.override("en"):
        assert every_words(interval) == english
    with translation.override("zh-hans"):
        assert every_words(interval) == chinese


def test_the_template_filters_speak_the_same_words():
    template = Template(
        "{% load durations %}{{ lag|duration }} | {{ poll|every }} | {{ missing|duration }}"
    )
    context = Context({"lag": timedelta(minutes=2, seconds=58), "poll": timedelta(minutes=1)})
    with translation.override("zh-hans"):
        assert template.render(context) == "3 分钟 | 每分钟 | —"
