"""Punches stored once and the daily result at its boundaries (docs/TIME.md, Attendance)."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employees.attendance.consent import LOCATION_CONSENT_KIND
from employees.attendance.punches import PunchInput, punches_record
from employees.attendance.recompute import daily_results_recompute
from employees.models import DailyResult, EmployeeConsent, Punch, PunchSource
from tests.employees.attendance.scene import arrange, at, punch
from tests.employees.records.scene import employee_make

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


def result(employee_id: int, day: date) -> DailyResult:
    daily_results_recompute(employee_ids=[employee_id], start=day, end=day)
    return DailyResult.objects.get(employee_id=employee_id, day=day)


def test_the_same_punch_twice_is_stored_once() -> None:
    person = employee_make(since=date(2025, 1, 1))
    first = punch(person, at(MONDAY, 8, 55), at(MONDAY, 8, 55), at(MONDAY, 18, 5))
    assert (first.created, first.duplicates, first.refused) == (2, 1, [])
    again = punch(person, at(MONDAY, 8, 55), at(MONDAY, 18, 5))
    assert (again.created, again.duplicates) == (0, 2)
    assert Punch.objects.filter(employee=person).count() == 2
    # Another device at the same minute is another punch.
    assert punch(person, at(MONDAY, 8, 55), device="gate-2").created == 1


def test_unusable_rows_are_refused_by_index_and_the_rest_stored() -> None:
    person = employee_make(since=date(2025, 1, 1))
    naive = at(MONDAY, 9).replace(tzinfo=None)
    outcome = punches_record(
        rows=[
            PunchInput("NOBODY", at(MONDAY, 9)),
            PunchInput(person.number, naive),
            PunchInput(person.number, at(date(2030, 1, 1), 9)),
            PunchInput(person.number, at(MONDAY, 9)),
        ],
        source=PunchSource.API,
        actor=None,
    )
    assert outcome.created == 1
    assert [index for index, _reason in outcome.refused] == [0, 1, 2]
    assert "Unknown employee" in outcome.refused[0][1]
    assert "Bad time" in outcome.refused[1][1]
    assert "future" in outcome.refused[2][1]


def test_the_location_is_kept_only_with_the_separate_consent() -> None:
    consenting = employee_make(name="甲", since=date(2025, 1, 1))
    other = employee_make(name="乙", since=date(2025, 1, 1))
    EmployeeConsent.objects.create(
        employee=consenting, kind=LOCATION_CONSENT_KIND, notice_version="1"
    )
    where = {"latitude": Decimal("31.2304"), "longitude": Decimal("121.4737")}
    punches_record(
        rows=[
            PunchInput(consenting.number, at(MONDAY, 9), "phone", **where),
            PunchInput(other.number, at(MONDAY, 9), "phone", **where),
        ],
        source=PunchSource.PHONE,
        actor=None,
    )
    assert Punch.objects.get(employee=consenting).latitude == Decimal("31.230400")
    assert Punch.objects.get(employee=other).latitude is None


def test_recording_punches_costs_the_same_queries_for_more_rows() -> None:
    people = [employee_make(name=f"员{i}", since=date(2025, 1, 1)) for i in range(8)]

    def count(rows: list[PunchInput]) -> int:
        with CaptureQueriesContext(connection) as queries:
            punches_record(rows=rows, source=PunchSource.API, actor=None)
        return len(queries)

    count([PunchInput(people[0].number, at(MONDAY, 8))])  # the company's settings cached
    few = [PunchInput(p.number, at(MONDAY, 9)) for p in people[:2]]
    many = [PunchInput(p.number, at(MONDAY, 9, m)) for p in people for m in range(3)]
    assert count(few) == count(many)


def test_a_night_shift_counts_eight_hours_once_on_the_day_it_starts() -> None:
    person = employee_make(since=date(2025, 1, 1))
    arrange(person, starts=time(22), ends=time(6), break_minutes=0, cycle=["s", "s", ""],
            anchor=MONDAY)  # fmt: skip
    tuesday, wednesday = date(2026, 3, 3), date(2026, 3, 4)
    punch(person, at(MONDAY, 21, 55), at(tuesday, 6, 3), at(tuesday, 21, 58), at(wednesday, 6))
    daily_results_recompute(employee_ids=[person.pk], start=MONDAY, end=date(2026, 3, 5))
    rows = {r.day: r for r in DailyResult.objects.filter(employee=person)}
    assert rows[MONDAY].worked_minutes == 480
    assert rows[MONDAY].status == "ok"
    assert rows[tuesday].worked_minutes == 480  # its own night, not Monday's morning
    assert rows[wednesday].worked_minutes == 0  # the morning out belongs to Tuesday
    assert rows[wednesday].status == "rest"
    assert sum(r.worked_minutes for r in rows.values()) == 960


def test_late_counts_only_beyond_the_grace() -> None:
    person = employee_make(since=date(2025, 1, 1))
    arrange(person, starts=time(9), ends=time(18), grace=5)
    tuesday = date(2026, 3, 3)
    punch(person, at(MONDAY, 9, 5), at(MONDAY, 18), at(tuesday, 9, 6), at(tuesday, 18))
    on_time, late = result(person.pk, MONDAY), result(person.pk, tuesday)
    assert (on_time.late_minutes, on_time.status) == (0, "ok")
    assert (late.late_minutes, late.status) == (6, "late")
    assert late.worked_minutes == 480 - 6


def test_an_early_clock_in_or_a_late_stay_is_not_overtime() -> None:
    person = employee_make(since=date(2025, 1, 1))
    punch(person, at(MONDAY, 7), at(MONDAY, 21))
    day = result(person.pk, MONDAY)
    assert day.worked_minutes == 480  # office hours 09:00-18:00 less the hour's break
    assert day.overtime_minutes == 0
    assert day.status == "ok"


def test_leaving_early_and_leave_that_excuses_it() -> None:
    person = employee_make(since=date(2025, 1, 1))
    punch(person, at(MONDAY, 9), at(MONDAY, 14))
    day = result(person.pk, MONDAY)
    assert (day.early_leave_minutes, day.status) == (240, "early_leave")

    def half_day(ids: object, start: date, end: date) -> dict[tuple[int, date], int]:
        return {(person.pk, MONDAY): 240}

    daily_results_recompute(
        employee_ids=[person.pk], start=MONDAY, end=MONDAY, leave_minutes_by_day=half_day
    )
    day.refresh_from_db()
    assert (day.early_leave_minutes, day.leave_minutes, day.status) == (0, 240, "ok")


def test_a_make_up_saturday_is_planned_as_a_workday() -> None:
    person = employee_make(since=date(2025, 1, 1))
    saturday = result(person.pk, date(2026, 2, 14))  # 调休上班 of the 2026 Spring Festival
    assert (saturday.day_kind, saturday.planned_minutes) == ("workday", 480)
    assert (saturday.status, saturday.absent_minutes) == ("absent", 480)
    holiday = result(person.pk, date(2026, 2, 17))
    assert (holiday.day_kind, holiday.status, holiday.absent_minutes) == (
        "statutory_holiday",
        "rest",
        0,
    )


def test_recompute_costs_the_same_queries_for_2_and_8_employees() -> None:
    people = [employee_make(name=f"员{i}", since=date(2025, 1, 1)) for i in range(8)]
    for person in people:
        punch(person, at(MONDAY, 9), at(MONDAY, 18))

    def count(ids: list[int]) -> int:
        with CaptureQueriesContext(connection) as queries:
            daily_results_recompute(employee_ids=ids, start=date(2026, 3, 1), end=date(2026, 3, 31))
        return len(queries)

    count([people[0].pk])  # the company's settings cached

    assert count([p.pk for p in people[:2]]) == count([p.pk for p in people])
    assert DailyResult.objects.filter(day=MONDAY, worked_minutes=480).count() == 8
    assert DailyResult.objects.count() == 8 * 31
