"""Templates take {{ variables }} only; messages keep quiet hours and the rejection delay."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from hrflow.notifications.events import EVENTS, Timing, event_for
from hrflow.notifications.models import NotificationSettings, NotificationTemplate
from hrflow.notifications.rendering import PLACEHOLDER, render, template_problems
from hrflow.notifications.timing import after_quiet_hours, in_quiet_hours, not_before

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize("code", sorted(EVENTS))
def test_every_built_in_text_uses_only_its_events_variables(code):
    event = event_for(code)
    for text in (event.subject, event.body, event.sms or ""):
        for language in ("zh-hans", "en"):
            from django.utils import translation

            with translation.override(language):
                assert template_problems(event, str(text)) == [], (code, language)


@pytest.mark.parametrize(
    "text",
    [
        "{% load static %}hello",
        "{{ candidate_name|upper }}",
        "{{ candidate.email }}",
        "{# comment #}",
        "{{ settings.SECRET_KEY }}",
    ],
)
def test_template_code_is_refused(text):
    assert template_problems(event_for("rejected"), text)


def test_an_unknown_variable_is_named_in_the_error():
    [problem] = template_problems(event_for("rejected"), "Hi {{ salary }}")
    assert "salary" in problem
    assert "candidate_name" in problem


@pytest.mark.django_db
def test_hr_wording_wins_and_values_are_filled_literally():
    NotificationTemplate.objects.create(
        event="rejected",
        channel="email",
        language="en",
        subject="About {{ job_title }}",
        body="Dear {{ candidate_name }} {{ job_title }}",
    )
    values = {"candidate_name": "{{ job_title }} <b>", "job_title": "Engineer"}

    wording = render(event_for("rejected"), "email", "en", values)

    # A value that looks like a placeholder is not expanded again.
    assert wording.subject == "About Engineer"
    assert wording.body.startswith("Dear {{ job_title }} <b> Engineer")
    # The automated-scoring notice is added whatever HR wrote.
    assert "automated scoring" in wording.body


@pytest.mark.django_db
def test_built_in_wording_follows_the_language():
    values = {"candidate_name": "李娜", "job_title": "数据分析师", "company_name": "ACME"}
    chinese = render(event_for("rejected"), "email", "zh-hans", values)
    english = render(event_for("rejected"), "email", "en", values)
    assert chinese.body != english.body
    assert "李娜" in chinese.body
    assert "李娜" in english.body
    assert not PLACEHOLDER.search(chinese.body + english.body)


def test_quiet_hours_across_midnight():
    start, end = time(21), time(8)
    assert in_quiet_hours(time(3), start, end)
    assert in_quiet_hours(time(21), start, end)
    assert not in_quiet_hours(time(8), start, end)
    assert not in_quiet_hours(time(12), start, end)


def test_a_message_due_at_night_waits_for_the_morning():
    policy = NotificationSettings(quiet_hours_start=time(21), quiet_hours_end=time(8))
    assert after_quiet_hours(_at(3), policy, zone=SHANGHAI) == _at(8)
    assert after_quiet_hours(_at(22, 30), policy, zone=SHANGHAI) == _at(8, day=11)
    assert after_quiet_hours(_at(10), policy, zone=SHANGHAI) == _at(10)


def test_quiet_hours_are_read_in_the_company_time_zone():
    """The same instant is night in Berlin and afternoon in Shanghai."""
    policy = NotificationSettings(quiet_hours_start=time(21), quiet_hours_end=time(8))
    berlin = ZoneInfo("Europe/Berlin")
    three_in_berlin = datetime(2026, 11, 10, 3, 0, tzinfo=berlin)

    assert after_quiet_hours(three_in_berlin, policy, zone=SHANGHAI) == three_in_berlin
    assert after_quiet_hours(three_in_berlin, policy, zone=berlin) == datetime(
        2026, 11, 10, 8, 0, tzinfo=berlin
    )


def test_rejections_wait_the_delay_then_for_daytime_and_good_news_goes_at_once():
    policy = NotificationSettings(
        quiet_hours_start=time(21), quiet_hours_end=time(8), rejection_delay_hours=24
    )
    # Decided at 02:30: a day later is 02:30 again, so it goes at 08:00 the day after.
    assert not_before(Timing.DELAYED, "email", _at(2, 30), policy, zone=SHANGHAI) == _at(8, day=11)
    assert not_before(Timing.DELAYED, "email", _at(14), policy, zone=SHANGHAI) == _at(14, day=11)
    assert not_before(Timing.AT_ONCE, "email", _at(2, 30), policy, zone=SHANGHAI) is None
    # A text message at night waits; in the day it goes at once.
    assert not_before(Timing.AT_ONCE, "sms", _at(2, 30), policy, zone=SHANGHAI) == _at(8)
    assert not_before(Timing.AT_ONCE, "sms", _at(12), policy, zone=SHANGHAI) is None
    zero = NotificationSettings(
        rejection_delay_hours=0, quiet_hours_start=time(21), quiet_hours_end=time(8)
    )
    assert not_before(Timing.DELAYED, "email", _at(12), zero, zone=SHANGHAI) == _at(12)
