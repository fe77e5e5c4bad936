"""The holiday calendar and the plan per employee and day, at their boundaries
(docs/TIME.md; china-rules.md sections 3 and 4)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from employees.models import Assignment, CalendarDay, DayKind, Shift, ShiftPattern, WorkArrangement
from employees.selectors.rules import legal_value
from employees.worktime.calendar import day_kinds, workdays_between
from employees.worktime.plan import planned_day, planned_days
from hrflow.org.models import Location
from tests.employees.records.scene import employee_make

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_shipped_calendars_have_13_statutory_holidays_a_year() -> None:
    for year in (2025, 2026):
        statutory = CalendarDay.objects.filter(
            day__year=year, region="", kind=DayKind.STATUTORY_HOLIDAY
        )
        assert statutory.count() == 13
        assert all(row.source_url.startswith("https://") for row in statutory)


def test_a_make_up_saturday_is_a_workday_and_the_break_is_not() -> None:
    kinds = day_kinds(date(2026, 2, 13), date(2026, 3, 1))
    assert kinds[date(2026, 2, 14)] == DayKind.WORKDAY  # Saturday, 调休上班
    assert kinds[date(2026, 2, 28)] == DayKind.WORKDAY
    assert kinds[date(2026, 2, 15)] == DayKind.REST_DAY  # Sunday inside the break
    assert kinds[date(2026, 2, 16)] == DayKind.STATUTORY_HOLIDAY  # 除夕
    assert kinds[date(2026, 2, 19)] == DayKind.STATUTORY_HOLIDAY
    assert kinds[date(2026, 2, 20)] == DayKind.REST_DAY  # moved rest day: 200 %, not 300 %
    assert kinds[date(2026, 2, 24)] == DayKind.WORKDAY  # Tuesday after the break
    assert kinds[date(2026, 3, 1)] == DayKind.REST_DAY  # an ordinary Sunday
    # February 2026: 20 weekdays, 6 of them in the break, 2 make-up Saturdays.
    assert workdays_between(date(2026, 2, 1), date(2026, 2, 28)) == 20 - 6 + 2


def test_a_regional_and_a_company_day_win_over_the_national_one() -> None:
    CalendarDay.objects.create(
        day=date(2026, 3, 10), region="xizang", kind=DayKind.REST_DAY,
        name_zh="地方节日", name_en="Local festival",
    )  # fmt: skip
    CalendarDay.objects.create(
        day=date(2026, 3, 11), company=True, kind=DayKind.COMPANY_HOLIDAY,
        name_zh="公司年会", name_en="Company day",
    )  # fmt: skip
    assert day_kinds(date(2026, 3, 10), date(2026, 3, 10))[date(2026, 3, 10)] == DayKind.WORKDAY
    assert (
        day_kinds(date(2026, 3, 10), date(2026, 3, 10), region="xizang")[date(2026, 3, 10)]
        == DayKind.REST_DAY
    )
    assert day_kinds(date(2026, 3, 11), date(2026, 3, 11))[date(2026, 3, 11)] == (
        DayKind.COMPANY_HOLIDAY
    )
    with pytest.raises(IntegrityError):
        CalendarDay.objects.create(
            day=date(2026, 3, 12), company=True, kind=DayKind.STATUTORY_HOLIDAY,
            name_zh="x", name_en="x",
        )  # fmt: skip


def test_office_hours_follow_the_calendar_without_an_arrangement() -> None:
    person = employee_make(since=date(2025, 1, 1))
    saturday = planned_day(person.pk, date(2026, 2, 14))
    assert saturday.kind == DayKind.WORKDAY
    assert saturday.shift is not None
    assert saturday.shift.start == datetime(2026, 2, 14, 9, 0, tzinfo=SHANGHAI)
    assert saturday.planned_minutes == 8 * 60  # 09:00-18:00 less an hour's break
    assert planned_day(person.pk, date(2026, 2, 17)).shift is None


def test_a_night_shift_across_midnight_counts_eight_hours_once() -> None:
    person = employee_make(since=date(2025, 1, 1))
    night = Shift.objects.create(
        code="n", name="Night", starts=time(22), ends=time(6), break_minutes=0
    )
    rotation = ShiftPattern.objects.create(
        code="nn", name="Nights", follows_calendar=False, cycle=["n", "n", ""],
        anchor=date(2026, 3, 2),
    )  # fmt: skip
    WorkArrangement.objects.create(employee=person, valid_from=date(2026, 3, 1), pattern=rotation)
    plan = planned_days([person.pk], date(2026, 3, 2), date(2026, 3, 4))
    first = plan[(person.pk, date(2026, 3, 2))]
    assert first.shift is not None
    assert night.crosses_midnight
    assert (first.shift.start, first.shift.end) == (
        datetime(2026, 3, 2, 22, tzinfo=SHANGHAI),
        datetime(2026, 3, 3, 6, tzinfo=SHANGHAI),
    )
    assert [plan[(person.pk, date(2026, 3, d))].planned_minutes for d in (2, 3, 4)] == [480, 480, 0]


def test_a_rotation_works_through_a_holiday_which_stays_a_holiday() -> None:
    person = employee_make(since=date(2025, 1, 1))
    Shift.objects.create(code="d", name="Day", starts=time(8), ends=time(16), break_minutes=30)
    plant = ShiftPattern.objects.create(
        code="plant", name="Plant", follows_calendar=False, cycle=["d"], anchor=date(2026, 1, 1)
    )
    WorkArrangement.objects.create(
        employee=person, valid_from=date(2026, 1, 1), pattern=plant, system="comprehensive",
        period="month", approval_reference="沪人社综[2026]1号",
    )  # fmt: skip
    may_day = planned_day(person.pk, date(2026, 5, 1))
    assert may_day.kind == DayKind.STATUTORY_HOLIDAY
    assert may_day.planned_minutes == 450
    assert (may_day.system, may_day.period) == ("comprehensive", "month")


def test_comprehensive_hours_need_a_period_and_an_approval() -> None:
    person = employee_make(since=date(2025, 1, 1))
    office = ShiftPattern.objects.create(
        code="o", name="Office",
        shift=Shift.objects.create(code="o", name="O", starts=time(9), ends=time(18)),
    )  # fmt: skip
    with pytest.raises(IntegrityError):
        WorkArrangement.objects.create(
            employee=person, valid_from=date(2026, 1, 1), pattern=office, system="comprehensive"
        )


def test_the_location_names_the_region_and_the_time_zone() -> None:
    person = employee_make(since=date(2025, 1, 1))
    Location.objects.create(name="Lhasa", code="lhasa", region="xizang", time_zone="Asia/Urumqi")
    Assignment.objects.filter(employee=person).update(location=Location.objects.get(code="lhasa"))
    CalendarDay.objects.create(
        day=date(2026, 3, 10), region="xizang", kind=DayKind.REST_DAY,
        name_zh="地方节日", name_en="Local festival",
    )  # fmt: skip
    day = planned_day(person.pk, date(2026, 3, 9))
    assert day.region == "xizang"
    assert day.shift is not None
    assert day.shift.start.tzinfo == ZoneInfo("Asia/Urumqi")
    assert planned_day(person.pk, date(2026, 3, 10)).shift is None


def test_the_plan_of_many_people_and_days_costs_the_same_queries() -> None:
    few = [employee_make(name=f"甲{i}").pk for i in range(2)]

    def count(ids: list[int]) -> int:
        with CaptureQueriesContext(connection) as queries:
            planned_days(ids, date(2026, 1, 1), date(2026, 1, 31))
        return len(queries)

    count(few)  # the company's settings row is made on the first read
    small = count(few)
    many = few + [employee_make(name=f"乙{i}").pk for i in range(6)]
    assert count(many) == small


def test_the_working_time_numbers_are_dated_data() -> None:
    assert legal_value("worktime.monthly_standard_hours", on=date(2025, 6, 1)) == 165.33
    assert legal_value("worktime.monthly_standard_hours", on=date(2024, 6, 1)) == 166.64
    assert legal_value("overtime.rates", on=date(2026, 1, 1))["statutory_holiday"] == 3.0
    assert legal_value("overtime.caps", on=date(2026, 1, 1))["per_month_hours"] == 36
