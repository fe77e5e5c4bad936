"""One employee's day, computed from the plan, the punches, approved leave and approved
overtime: a pure function, so the rules are tested without a database and the bulk
recompute only loads data and calls it.

- The punches of a day are those in its window: from 4 hours before the shift starts
  (midnight on a day off) to where the next day's window begins, never before an hour
  after the day's own shift ends. A night shift's clock-out after midnight therefore
  stays with the day the shift started: 22:00-06:00 counts once, on its first day.
- First punch in, last punch out. Worked time is the part of that span inside the
  shift, less the break when the person was there across the middle of the shift (where
  the break falls). Coming early or staying late is not overtime (Frappe counts the early
  clock-in as overtime; it is not): overtime is what was asked for and approved.
- Late: arriving after the shift's start by more than its grace; the whole lateness
  counts then. Leave that day excuses lateness and leaving early up to its minutes.
- Flexible hours (不定时): nothing is late, early or overtime.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from employees.models import DayKind, DayStatus, OvertimeKind, WorkingHourSystem
from employees.worktime.plan import PlannedDay

BEFORE_SHIFT = timedelta(hours=4)
AFTER_SHIFT_AT_LEAST = timedelta(hours=1)


@dataclass(frozen=True)
class DayFigures:
    employee_id: int
    day_kind: str
    system: str
    status: str
    first_in: datetime | None
    last_out: datetime | None
    planned_minutes: int
    worked_minutes: int
    late_minutes: int
    early_leave_minutes: int
    absent_minutes: int
    leave_minutes: int
    overtime_workday_minutes: int
    overtime_rest_day_minutes: int
    overtime_holiday_minutes: int


def window_start(plan: PlannedDay, previous: PlannedDay | None, zone: tzinfo) -> datetime:
    """Where the punches of `plan`'s day begin (see the module's docstring); `zone` is
    the day's midnight when no shift is planned."""
    if plan.shift is not None:
        start = plan.shift.start - BEFORE_SHIFT
    else:
        start = datetime.combine(plan.day, time(0), tzinfo=zone)
    if previous is not None and previous.shift is not None:
        start = max(start, previous.shift.end + AFTER_SHIFT_AT_LEAST)
    return start


def day_compute(
    plan: PlannedDay,
    punches: Sequence[datetime],
    *,
    leave_minutes: int = 0,
    overtime_minutes: dict[str, int] | None = None,
) -> DayFigures:
    """The day's figures from its plan, its punches (already those of its window,
    sorted), the approved leave minutes and the approved overtime minutes by kind."""
    overtime = dict(overtime_minutes or {})
    flexible = plan.system == WorkingHourSystem.FLEXIBLE
    if flexible:
        overtime = {}
    first_in = punches[0] if punches else None
    last_out = punches[-1] if len(punches) > 1 else None
    planned = plan.planned_minutes
    leave = min(leave_minutes, planned) if planned else 0
    worked = late = early = absent = 0
    shift = plan.shift
    if shift is None:
        worked = _minutes(last_out - first_in) if first_in and last_out else 0
        status = DayStatus.WORKED_DAY_OFF if punches else DayStatus.REST
    elif not punches:
        absent = max(planned - leave, 0)
        status = DayStatus.LEAVE if leave and not absent else DayStatus.ABSENT
    elif last_out is None or first_in is None:
        status = DayStatus.MISSING_PUNCH
    else:
        overlap = _minutes(min(last_out, shift.end) - max(first_in, shift.start))
        middle = shift.start + (shift.end - shift.start) / 2
        across_middle = first_in <= middle <= last_out
        worked = max(overlap - (shift.break_minutes if across_middle else 0), 0)
        worked = min(worked, planned)
        if not flexible:
            lateness = _minutes(first_in - shift.start)
            late = lateness if lateness > shift.late_grace_minutes else 0
            early = _minutes(shift.end - last_out)
            excused = leave
            late, excused = max(late - excused, 0), max(excused - late, 0)
            early = max(early - excused, 0)
        status = _status(late, early)
    return DayFigures(
        employee_id=plan.employee_id,
        day_kind=str(plan.kind),
        system=plan.system,
        status=str(status),
        first_in=first_in,
        last_out=last_out,
        planned_minutes=planned,
        worked_minutes=worked,
        late_minutes=late,
        early_leave_minutes=early,
        absent_minutes=absent,
        leave_minutes=leave,
        overtime_workday_minutes=overtime.get(OvertimeKind.WORKDAY, 0),
        overtime_rest_day_minutes=overtime.get(OvertimeKind.REST_DAY, 0),
        overtime_holiday_minutes=overtime.get(OvertimeKind.STATUTORY_HOLIDAY, 0),
    )


def overtime_kind(day_kind: str) -> OvertimeKind:
    """The rate's kind of day: a company holiday is a rest day in law (200 %)."""
    if day_kind == DayKind.STATUTORY_HOLIDAY:
        return OvertimeKind.STATUTORY_HOLIDAY
    if day_kind == DayKind.WORKDAY:
        return OvertimeKind.WORKDAY
    return OvertimeKind.REST_DAY


def _status(late: int, early: int) -> DayStatus:
    if late and early:
        return DayStatus.LATE_AND_EARLY
    if late:
        return DayStatus.LATE
    if early:
        return DayStatus.EARLY_LEAVE
    return DayStatus.OK


def _minutes(span: timedelta) -> int:
    return max(int(span.total_seconds() // 60), 0)
