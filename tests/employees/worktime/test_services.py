"""The working-time services: work arrangements (effective-dated, history kept, approvals
required, the recompute queued), company and regional calendar days, shifts and
patterns, each at its boundary."""

import itertools
from collections.abc import Iterator
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from employees.models import CalendarDay, Shift, ShiftPattern, WorkArrangement
from employees.worktime.arrangements import work_arrangement_set
from employees.worktime.calendar import day_kinds
from employees.worktime.services import (
    company_day_add,
    company_day_remove,
    pattern_save,
    shift_save,
)
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

HIRED = date(2025, 1, 6)
_NUMBERS = itertools.count()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def hr() -> Any:
    return UserFactory(roles=[Role.HR_ADMIN])


def _shift(code: str = "day", starts: time = time(9), ends: time = time(18)) -> Shift:
    return Shift.objects.create(code=code, name=code, starts=starts, ends=ends)


def _office(code: str = "office") -> ShiftPattern:
    return ShiftPattern.objects.create(code=code, name=code, shift=_shift(f"s-{code}"))


def _set(employee: Any, day: date, actor: Any, **changes: Any) -> WorkArrangement:
    values: dict[str, Any] = {
        "system": "standard", "period": "", "approval_reference": "", "reason": "",
    }  # fmt: skip
    values.update(changes)
    values.setdefault("pattern", _office(f"p{next(_NUMBERS)}"))
    return work_arrangement_set(employee=employee, valid_from=day, actor=actor, **values)


def _recomputes(queued: list[Any]) -> list[dict[str, Any]]:
    """The recomputes queued for after the commit (`attendance_recompute_later`)."""
    return [
        callback.keywords for callback in queued if "start" in getattr(callback, "keywords", {})
    ]


def _history(employee: Any) -> list[tuple[date, date | None, str]]:
    return list(
        WorkArrangement.objects.filter(employee=employee)
        .order_by("valid_from")
        .values_list("valid_from", "valid_to", "system")
    )


# --- work arrangements ---------------------------------------------------------------


def test_a_change_closes_the_row_in_force_and_keeps_it(hr, django_capture_on_commit_callbacks):
    employee = employee_make(since=HIRED)
    first = _set(employee, HIRED, hr)
    change_day = timezone.localdate() - timedelta(days=10)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        second = _set(
            employee, change_day, hr, system="comprehensive", period="month",
            approval_reference="沪人社综[2026]7号", reason="plant rota",
        )  # fmt: skip

    assert _history(employee) == [
        (HIRED, change_day, "standard"),
        (change_day, None, "comprehensive"),
    ]
    first.refresh_from_db()
    assert (first.pattern_id, first.system) != (second.pattern_id, second.system)
    assert second.recorded_by == hr
    event = AuditEvent.objects.get(
        action="employees.work_arrangement_set",
        target_id=str(employee.pk),
        changes__valid_from=change_day.isoformat(),
    )
    assert event.changes["system"] == ["standard", "comprehensive"]
    # The days from the change to today are recomputed after the commit.
    (recompute,) = _recomputes(queued)
    assert recompute["employee_ids"] == [employee.pk]
    assert (recompute["start"], recompute["end"]) == (
        change_day.isoformat(),
        timezone.localdate().isoformat(),
    )


def test_a_change_before_a_later_row_runs_until_it(hr) -> None:
    employee = employee_make(since=HIRED)
    _set(employee, HIRED, hr)
    _set(employee, date(2025, 9, 1), hr, system="flexible", approval_reference="批 1")

    _set(employee, date(2025, 6, 1), hr, system="flexible", approval_reference="批 0")

    assert _history(employee) == [
        (HIRED, date(2025, 6, 1), "standard"),
        (date(2025, 6, 1), date(2025, 9, 1), "flexible"),
        (date(2025, 9, 1), None, "flexible"),
    ]


def test_the_first_day_of_work_is_the_earliest_start(hr) -> None:
    employee = employee_make(since=HIRED)

    with pytest.raises(ApplicationError, match="on or after the first day of work"):
        _set(employee, HIRED - timedelta(days=1), hr)
    _set(employee, HIRED, hr)

    assert _history(employee) == [(HIRED, None, "standard")]


def test_a_second_change_on_the_same_day_is_refused_and_history_stays(hr) -> None:
    employee = employee_make(since=HIRED)
    _set(employee, HIRED, hr)

    with pytest.raises(ApplicationError, match="already starts on 2025-01-06"):
        _set(employee, HIRED, hr, system="flexible", approval_reference="x")

    assert _history(employee) == [(HIRED, None, "standard")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"system": "comprehensive", "approval_reference": "批 1"}, "period"),
        ({"system": "comprehensive", "period": "month"}, "approval_reference"),
        ({"system": "comprehensive", "period": "fortnight", "approval_reference": "x"}, "period"),
        ({"system": "flexible", "approval_reference": "   "}, "approval_reference"),
        ({"system": "standard", "period": "month"}, "period"),
        ({"system": "shifts"}, "system"),
    ],
)
def test_hours_systems_need_their_approval(hr, changes: dict, field: str) -> None:
    employee = employee_make(since=HIRED)
    _set(employee, HIRED, hr)

    with pytest.raises(ApplicationError) as refused:
        _set(employee, date(2025, 3, 1), hr, **changes)

    assert refused.value.extra["field"] == field
    assert _history(employee) == [(HIRED, None, "standard")]


def test_the_same_arrangement_again_is_refused(hr) -> None:
    employee = employee_make(since=HIRED)
    row = _set(employee, HIRED, hr)

    with pytest.raises(ApplicationError, match="Nothing would change"):
        _set(employee, date(2025, 3, 1), hr, pattern=row.pattern)


def test_a_change_ahead_of_today_queues_nothing(hr, django_capture_on_commit_callbacks) -> None:
    employee = employee_make(since=HIRED)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        _set(employee, timezone.localdate() + timedelta(days=1), hr)

    assert _recomputes(queued) == []


# --- calendar days -------------------------------------------------------------------


def test_a_company_day_off_changes_the_day_for_everyone(
    hr, django_capture_on_commit_callbacks
) -> None:
    tuesday = date(2026, 3, 10)
    assert day_kinds(tuesday, tuesday)[tuesday] == "workday"

    with django_capture_on_commit_callbacks(execute=False) as queued:
        row = company_day_add(
            day=tuesday, kind="company_holiday", name_zh="司庆", name_en="Founding day", actor=hr
        )

    assert day_kinds(tuesday, tuesday, region="广东省")[tuesday] == "company_holiday"
    (recompute,) = _recomputes(queued)
    assert recompute["employee_ids"] is None
    assert (recompute["start"], recompute["end"]) == ("2026-03-10", "2026-03-10")
    assert AuditEvent.objects.filter(action="employees.calendar_day_add").count() == 1

    company_day_remove(calendar_day=row, actor=hr)

    assert day_kinds(tuesday, tuesday)[tuesday] == "workday"
    assert AuditEvent.objects.filter(action="employees.calendar_day_remove").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "statutory_holiday"}, "Only the law makes statutory holidays"),
        ({"region": "上海市"}, "leave the region empty"),
        ({"name_en": "  "}, "Chinese and in English"),
        ({"kind": "someday"}, "Unknown kind of day"),
        ({"company": False, "region": "上海市"}, "Name the notice"),
    ],
)
def test_a_bad_calendar_day_is_refused_and_nothing_is_written(
    hr, changes: dict, message: str
) -> None:
    values: dict[str, Any] = {
        "day": date(2026, 3, 10), "kind": "company_holiday", "name_zh": "司庆",
        "name_en": "Founding day",
    }  # fmt: skip
    values.update(changes)
    count = CalendarDay.objects.count()

    with pytest.raises(ApplicationError, match=message):
        company_day_add(actor=hr, **values)

    assert CalendarDay.objects.count() == count


def test_a_day_already_in_the_calendar_is_refused(hr) -> None:
    company_day_add(
        day=date(2026, 3, 10), kind="company_holiday", name_zh="a", name_en="a", actor=hr
    )

    with pytest.raises(ApplicationError, match="in this calendar already"):
        company_day_add(day=date(2026, 3, 10), kind="workday", name_zh="b", name_en="b", actor=hr)


def test_a_regional_day_of_the_law_and_the_national_days_stay(hr) -> None:
    march_8 = date(2026, 3, 9)
    company_day_add(
        day=march_8, kind="rest_day", name_zh="地方假日", name_en="Regional day", company=False,
        region="西藏自治区", source_title="自治区通知", actor=hr,
    )  # fmt: skip

    assert day_kinds(march_8, march_8, region="西藏自治区")[march_8] == "rest_day"
    assert day_kinds(march_8, march_8, region="上海市")[march_8] == "workday"
    national = CalendarDay.objects.get(day=date(2026, 1, 1), region="", company=False)
    with pytest.raises(ApplicationError, match="State Council"):
        company_day_remove(calendar_day=national, actor=hr)
    assert CalendarDay.objects.filter(pk=national.pk).exists()


# --- shifts and patterns -------------------------------------------------------------


def test_a_night_shift_is_saved_and_its_code_stays(hr) -> None:
    night = shift_save(
        shift=None, code="night", name="夜班", starts=time(22), ends=time(6), actor=hr
    )
    assert night.work_minutes == 7 * 60

    with pytest.raises(ApplicationError, match="code stays"):
        shift_save(shift=night, code="n2", name="夜班", starts=time(22), ends=time(6), actor=hr)
    changed = shift_save(
        shift=night, code="night", name="夜班", starts=time(21), ends=time(6), actor=hr
    )

    assert changed.starts == time(21)
    assert AuditEvent.objects.filter(action="employees.shift_save").count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends": time(9)}, "ends"),
        ({"break_minutes": 9 * 60}, "break_minutes"),
        ({"late_grace_minutes": -1}, "late_grace_minutes"),
        ({"code": "有 空格"}, "code"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_shift_is_refused(hr, changes: dict, field: str) -> None:
    values: dict[str, Any] = {"code": "d", "name": "Day", "starts": time(9), "ends": time(18)}
    values.update(changes)

    with pytest.raises(ApplicationError) as refused:
        shift_save(shift=None, actor=hr, **values)

    assert refused.value.extra["field"] == field
    assert not Shift.objects.filter(code=values["code"]).exists()


def test_a_rotation_names_only_shifts_that_exist(hr) -> None:
    _shift("d")

    with pytest.raises(ApplicationError, match="No shift has the code n"):
        pattern_save(
            pattern=None, code="rot", name="Rot", follows_calendar=False, cycle=["d", "n", ""],
            anchor=date(2026, 1, 1), actor=hr,
        )  # fmt: skip
    _shift("n", time(22), time(6))
    pattern = pattern_save(
        pattern=None, code="rot", name="Rot", follows_calendar=False, cycle=["d", "n", ""],
        anchor=date(2026, 1, 1), actor=hr,
    )  # fmt: skip

    assert pattern.cycle == ["d", "n", ""]
    assert pattern.shift_code_on(date(2026, 1, 2)) == "n"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"follows_calendar": True}, "shift"),
        ({"cycle": ["", ""]}, "cycle"),
        ({"cycle": ["d"] * 63}, "cycle"),
        ({"anchor": None}, "anchor"),
    ],
)
def test_a_bad_pattern_is_refused(hr, changes: dict, field: str) -> None:
    _shift("d")
    values: dict[str, Any] = {
        "code": "rot", "name": "Rot", "follows_calendar": False, "cycle": ["d"],
        "anchor": date(2026, 1, 1),
    }  # fmt: skip
    values.update(changes)

    with pytest.raises(ApplicationError) as refused:
        pattern_save(pattern=None, actor=hr, **values)

    assert refused.value.extra["field"] == field
    assert not ShiftPattern.objects.filter(code="rot").exists()


def test_changing_a_shift_recomputes_the_month_of_who_works_it(
    hr, django_capture_on_commit_callbacks
) -> None:
    employee = employee_make(since=HIRED)
    shift = _shift("d")
    pattern = ShiftPattern.objects.create(code="o", name="o", shift=shift)
    WorkArrangement.objects.create(employee=employee, valid_from=HIRED, pattern=pattern)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        shift_save(shift=shift, code="d", name="Day", starts=time(8), ends=time(17), actor=hr)

    (recompute,) = _recomputes(queued)
    today = timezone.localdate()
    assert recompute["employee_ids"] == [employee.pk]
    assert (recompute["start"], recompute["end"]) == (
        today.replace(day=1).isoformat(),
        today.isoformat(),
    )
