"""What the plan says for an employee on a day: the kind of day where they work, their
working-hour system, and the shift they are planned on (with its window in their time
zone), for many employees and days at constant queries.

An employee with no work arrangement works the company's usual week: the office hours
of `CompanySettings` on every workday of the calendar, one hour's break.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from employees.models.people import Assignment
from employees.models.worktime import (
    DayKind,
    Shift,
    ShiftPattern,
    WorkArrangement,
    WorkingHourSystem,
)
from employees.worktime.calendar import day_kinds_by_region
from hrflow.org.selectors import company_current

OFFICE_BREAK_MINUTES = 60


@dataclass(frozen=True)
class PlannedShift:
    code: str
    name: str
    start: datetime  # aware, in the employee's time zone
    end: datetime
    break_minutes: int
    late_grace_minutes: int

    @property
    def work_minutes(self) -> int:
        return max(int((self.end - self.start).total_seconds() // 60) - self.break_minutes, 0)


@dataclass(frozen=True)
class PlannedDay:
    employee_id: int
    day: date
    kind: DayKind  # of the calendar where the employee works
    region: str
    system: str
    period: str  # the comprehensive period, else ""
    shift: PlannedShift | None  # None: not planned to work

    @property
    def planned_minutes(self) -> int:
        return self.shift.work_minutes if self.shift else 0


def planned_days(
    employee_ids: Iterable[int], start: date, end: date
) -> dict[tuple[int, date], PlannedDay]:
    """(employee id, day) -> the plan, for every employee and every day of the range."""
    ids = sorted(set(employee_ids))
    if not ids or end < start:
        return {}
    company = company_current()
    office = Shift(
        code="office",
        name="Office hours",
        starts=company.working_day_start,
        ends=company.working_day_end,
        break_minutes=OFFICE_BREAK_MINUTES,
    )
    locations = _locations_by_day(ids, start, end)
    arrangements = _arrangements(ids, start, end)
    shifts = {shift.code: shift for shift in Shift.objects.all()}
    regions = {region for per_day in locations.values() for region, _zone in per_day.values()}
    kinds = day_kinds_by_region(start, end, regions=regions | {""})
    default_zone = company.time_zone
    plan = {}
    for employee_id in ids:
        day = start
        while day <= end:
            region, zone = locations.get(employee_id, {}).get(day, ("", default_zone))
            kind = kinds[region][day]
            arrangement = _in_force(arrangements.get(employee_id, ()), day)
            system: str
            if arrangement is None:
                shift = office if kind == DayKind.WORKDAY else None
                system, period = str(WorkingHourSystem.STANDARD), ""
            else:
                shift = _shift_of(arrangement.pattern, day, kind, shifts)
                system, period = arrangement.system, arrangement.period
            plan[(employee_id, day)] = PlannedDay(
                employee_id=employee_id,
                day=day,
                kind=kind,
                region=region,
                system=system,
                period=period,
                shift=_planned(shift, day, ZoneInfo(zone or default_zone)) if shift else None,
            )
            day += timedelta(days=1)
    return plan


def planned_day(employee_id: int, day: date) -> PlannedDay:
    return planned_days([employee_id], day, day)[(employee_id, day)]


def _shift_of(
    pattern: ShiftPattern, day: date, kind: DayKind, shifts: dict[str, Shift]
) -> Shift | None:
    if pattern.follows_calendar:
        return pattern.shift if kind == DayKind.WORKDAY else None
    return shifts.get(pattern.shift_code_on(day))


def _planned(shift: Shift, day: date, zone: ZoneInfo) -> PlannedShift:
    start = datetime.combine(day, shift.starts, tzinfo=zone)
    return PlannedShift(
        code=shift.code,
        name=shift.name,
        start=start,
        end=start + timedelta(minutes=shift.span_minutes),
        break_minutes=shift.break_minutes,
        late_grace_minutes=shift.late_grace_minutes,
    )


def _in_force(rows: Iterable[WorkArrangement], day: date) -> WorkArrangement | None:
    for row in rows:
        if row.valid_from <= day and (row.valid_to is None or day < row.valid_to):
            return row
    return None


def _arrangements(ids: list[int], start: date, end: date) -> dict[int, list[WorkArrangement]]:
    found: dict[int, list[WorkArrangement]] = defaultdict(list)
    rows = (
        WorkArrangement.objects.filter(employee_id__in=ids, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .select_related("pattern__shift")
    )
    for row in rows:
        found[row.employee_id].append(row)
    return found


def _locations_by_day(
    ids: list[int], start: date, end: date
) -> dict[int, dict[date, tuple[str, str]]]:
    """(employee id) -> day -> (rules region, time zone) of the work location then."""
    found: dict[int, dict[date, tuple[str, str]]] = defaultdict(dict)
    rows = (
        Assignment.objects.filter(employee_id__in=ids, valid_from__lte=end, location__isnull=False)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .values_list(
            "employee_id", "valid_from", "valid_to", "location__region", "location__time_zone"
        )
        .order_by("employee_id", "valid_from")
    )
    for employee_id, valid_from, valid_to, region, zone in rows:
        day = max(valid_from, start)
        last = min(end, valid_to - timedelta(days=1)) if valid_to else end
        while day <= last:
            found[employee_id][day] = (region, zone)
            day += timedelta(days=1)
    return found


def midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)
