"""Punches, shifts and arrangements for the attendance tests."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from employees.attendance.punches import PunchBatchResult, PunchInput, punches_record
from employees.models import Employee, PunchSource, Shift, ShiftPattern, WorkArrangement
from hrflow.accounts.models import User

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def punch(
    employee: Employee, *times: datetime, actor: User | None = None, device: str = "gate-1"
) -> PunchBatchResult:
    return punches_record(
        rows=[PunchInput(employee.number, moment, device) for moment in times],
        source=PunchSource.API,
        actor=actor,
    )


def arrange(
    employee: Employee,
    *,
    starts: time,
    ends: time,
    break_minutes: int = 60,
    grace: int = 0,
    cycle: list[str] | None = None,
    anchor: date = date(2026, 1, 1),
    system: str = "standard",
    period: str = "",
    code: str = "s",
) -> Shift:
    """A shift for the employee: on every workday, or by `cycle` ("s" = the shift)."""
    shift = Shift.objects.create(
        code=code, name=code, starts=starts, ends=ends, break_minutes=break_minutes,
        late_grace_minutes=grace,
    )  # fmt: skip
    pattern = ShiftPattern.objects.create(
        code=f"p-{code}", name=code, follows_calendar=cycle is None,
        shift=shift if cycle is None else None, cycle=cycle or [], anchor=anchor,
    )  # fmt: skip
    WorkArrangement.objects.create(
        employee=employee, valid_from=anchor, pattern=pattern, system=system, period=period,
        approval_reference="沪人社[2026]1号" if system != "standard" else "",
    )  # fmt: skip
    return shift
