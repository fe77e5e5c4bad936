"""Calendar files, read back with icalendar as a mail client's calendar would."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from recruiting.interviews.calendar_files import Answer, Attendee, CalendarEntry, Method, ics_text

SHANGHAI = ZoneInfo("Asia/Shanghai")
STAMP = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _entry(**changes) -> CalendarEntry:
    values = {
        "uid": "7d9c0c7e-0000-4000-8000-000000000001@hrflow",
        "sequence": 0,
        "starts_at": datetime(2026, 11, 20, 14, 0, tzinfo=SHANGHAI),
        "duration": timedelta(minutes=45),
        "summary": "面试：后端开发工程师, 上海; 一面",
        "organizer": "hrflow <noreply@hrflow.local>",
        "attendees": (
            Attendee(email="zhang@example.com", name="张三"),
            Attendee(email="li@example.com", name="Li, Si", answer=Answer.ACCEPTED),
        ),
        "location": "上海市浦东新区, 3号楼; 305室",
        "url": "",
        "description": "Line one\nLine two",
    }
    return CalendarEntry(**(values | changes))


def _event(text: str):
    calendar = Calendar.from_ical(text)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_an_invitation_reads_back_with_every_field():
    """The UID, sequence, times in UTC, people and wording survive a round trip."""
    calendar, event = _event(ics_text(_entry(), method=Method.REQUEST, stamp=STAMP))

    assert str(calendar["method"]) == "REQUEST"
    assert str(calendar["prodid"]).startswith("-//hrflow//")
    assert str(event["uid"]) == "7d9c0c7e-0000-4000-8000-000000000001@hrflow"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 11, 20, 6, 45, tzinfo=UTC)
    assert event.decoded("dtstamp") == STAMP
    assert str(event["summary"]) == "面试：后端开发工程师, 上海; 一面"
    assert str(event["location"]) == "上海市浦东新区, 3号楼; 305室"
    assert str(event["description"]) == "Line one\nLine two"
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["organizer"]) == "mailto:noreply@hrflow.local"
    assert event["organizer"].params["CN"] == "hrflow"
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == ["mailto:zhang@example.com", "mailto:li@example.com"]
    assert [a.params["CN"] for a in attendees] == ["张三", "Li, Si"]
    assert [a.params["PARTSTAT"] for a in attendees] == ["NEEDS-ACTION", "ACCEPTED"]
    assert {a.params["RSVP"] for a in attendees} == {"FALSE"}


def test_times_are_written_in_utc():
    """A Z-suffixed time needs no VTIMEZONE: every calendar converts it itself."""
    text = ics_text(_entry(), method=Method.REQUEST, stamp=STAMP)

    assert "DTSTART:20261120T060000Z" in text
    assert "VTIMEZONE" not in text


def test_a_cancellation_keeps_the_uid_and_says_cancelled():
    _calendar_first, first = _event(ics_text(_entry(), method=Method.REQUEST, stamp=STAMP))
    calendar, cancelled = _event(
        ics_text(_entry(sequence=2), method=Method.CANCEL, stamp=STAMP + timedelta(hours=1))
    )

    assert str(calendar["method"]) == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(first["uid"])
    assert int(cancelled["sequence"]) == 2


def test_a_video_interview_carries_its_link_and_optional_fields_are_left_out():
    link = "https://meeting.example.com/j/123?pwd=abc"
    _calendar, event = _event(
        ics_text(
            _entry(url=link, location=link, description="", attendees=()),
            method=Method.REQUEST,
            stamp=STAMP,
        )
    )

    assert str(event["url"]) == link
    assert str(event["location"]) == link
    assert "description" not in event
    assert "attendee" not in event


def test_a_bare_organizer_address_is_accepted():
    _calendar, event = _event(
        ics_text(_entry(organizer="hr@example.com"), method=Method.REQUEST, stamp=STAMP)
    )

    assert str(event["organizer"]) == "mailto:hr@example.com"
    assert "CN" not in event["organizer"].params


def test_lines_are_folded_and_end_in_crlf():
    """RFC 5545: lines end in CRLF and are folded at 75 octets."""
    text = ics_text(_entry(description="很长的说明" * 40), method=Method.REQUEST, stamp=STAMP)

    lines = text.split("\r\n")
    assert max(len(line.encode()) for line in lines) <= 75
    assert text.endswith("END:VCALENDAR\r\n")


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        ics_text(
            _entry(starts_at=datetime(2026, 11, 20, 14, 0)),  # noqa: DTZ001 (the point)
            method=Method.REQUEST,
            stamp=STAMP,
        )
