"""Recomputing daily results in bulk: for any employees and days at constant queries per
batch of employees (the plan, the punches, approved overtime, locked months, leave, then
one upsert), so a month of 10,000 people is a few dozen statements.

Triggered after punches arrive, a shift or arrangement changes, a leave decision, an
overtime decision or a calendar change (through `attendance_recompute_task`). A
confirmed month is left as it was confirmed unless the change that calls this was let
through by an HR admin's reason (`include_locked`).
"""

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from employees.attendance.daily import DayFigures, day_compute, window_start
from employees.attendance.locks import locked_months
from employees.leave.selectors import leave_minutes_by_day as leave_days_by_day
from employees.models import DailyResult, OvertimeRequest, Punch, RequestStatus
from employees.worktime.plan import planned_days
from hrflow.org.selectors import company_current

EMPLOYEE_BATCH = 500
UPSERT_BATCH = 5_000

# (employee ids, first day, last day) -> {(employee id, day): approved leave minutes}
LeaveLoader = Callable[[Sequence[int], date, date], Mapping[tuple[int, date], int]]

_FIELDS = [field for field in DayFigures.__dataclass_fields__ if field != "employee_id"]
_TYPES = {"day_kind": "text", "system": "text", "status": "text", "first_in": "timestamptz",
          "last_out": "timestamptz"}  # fmt: skip
_COLUMNS = ["employee_id", "day", *_FIELDS]
# One statement per batch with the values as arrays: Django's bulk_create spent most of
# the recompute preparing 19 values a row one by one.
_UPSERT = f"""
    INSERT INTO {DailyResult._meta.db_table}
        (created_at, updated_at, computed_at, {", ".join(_COLUMNS)})
    SELECT %s, %s, %s, {", ".join(f"t.{column}" for column in _COLUMNS)}
    FROM unnest(%s::bigint[], %s::date[], {
    ", ".join(f"%s::{_TYPES.get(field, 'integer')}[]" for field in _FIELDS)
}) AS t({", ".join(_COLUMNS)})
    ON CONFLICT (employee_id, day) DO UPDATE SET
        updated_at = EXCLUDED.updated_at, computed_at = EXCLUDED.computed_at,
        {", ".join(f"{field} = EXCLUDED.{field}" for field in _FIELDS)}
"""  # noqa: S608 (our table and columns; every value is a parameter)


def approved_leave_minutes(
    ids: Sequence[int], start: date, end: date
) -> dict[tuple[int, date], int]:
    """Minutes of approved leave per employee and day (every type: paid or not, the day
    is excused, not absent)."""
    return {
        key: sum(day.minutes for day in days)
        for key, days in leave_days_by_day(ids, start, end).items()
    }


@transaction.atomic
def daily_results_recompute(
    *,
    employee_ids: Iterable[int],
    start: date,
    end: date,
    leave_minutes_by_day: LeaveLoader | None = None,
    include_locked: bool = False,
) -> int:
    """Recompute and store the results of these employees from `start` to `end`
    inclusive; returns how many rows were written."""
    ids = sorted(set(employee_ids))
    if not ids or end < start:
        return 0
    zone = company_current().zone
    written = 0
    for offset in range(0, len(ids), EMPLOYEE_BATCH):
        batch = ids[offset : offset + EMPLOYEE_BATCH]
        written += _recompute_batch(batch, start, end, zone, leave_minutes_by_day, include_locked)
    return written


def _recompute_batch(
    ids: list[int],
    start: date,
    end: date,
    zone: object,
    leave_loader: LeaveLoader | None,
    include_locked: bool,
) -> int:
    plan = planned_days(ids, start - timedelta(days=1), end + timedelta(days=1))
    punches = _punches(ids, start, end, zone)
    overtime = _approved_overtime(ids, start, end)
    leave = (leave_loader or approved_leave_minutes)(ids, start, end)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    locked = (
        set()
        if include_locked
        else locked_months((employee_id, day) for employee_id in ids for day in days)
    )
    rows: list[tuple[int, date, DayFigures]] = []
    for employee_id in ids:
        times = punches.get(employee_id, [])
        for day in days:
            if (employee_id, day.replace(day=1)) in locked:
                continue
            today = plan[(employee_id, day)]
            before = plan[(employee_id, day - timedelta(days=1))]
            after = plan[(employee_id, day + timedelta(days=1))]
            lo = window_start(today, before, zone)  # type: ignore[arg-type]
            hi = window_start(after, today, zone)  # type: ignore[arg-type]
            figures = day_compute(
                today,
                times[bisect_left(times, lo) : bisect_left(times, hi)],
                leave_minutes=leave.get((employee_id, day), 0),
                overtime_minutes=overtime.get((employee_id, day)),
            )
            rows.append((employee_id, day, figures))
    now = timezone.now()
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), UPSERT_BATCH):
            chunk = rows[offset : offset + UPSERT_BATCH]
            cursor.execute(
                _UPSERT,
                [
                    now,
                    now,
                    now,
                    [employee_id for employee_id, _day, _figures in chunk],
                    [day for _employee_id, day, _figures in chunk],
                    *([getattr(figures, name) for _e, _d, figures in chunk] for name in _FIELDS),
                ],
            )
    return len(rows)


def _punches(ids: list[int], start: date, end: date, zone: object) -> dict[int, list[datetime]]:
    """Each employee's punch times around the range, sorted (one query). Wide enough
    for a night shift starting the day before and the clock-out after the last day."""
    lo = datetime.combine(start - timedelta(days=1), time(0), tzinfo=zone)  # type: ignore[arg-type]
    hi = datetime.combine(end + timedelta(days=3), time(0), tzinfo=zone)  # type: ignore[arg-type]
    found: dict[int, list[datetime]] = defaultdict(list)
    rows = (
        Punch.objects.filter(employee_id__in=ids, at__gte=lo, at__lt=hi)
        .order_by("employee_id", "at")
        .values_list("employee_id", "at")
    )
    for employee_id, at in rows.iterator(chunk_size=20_000):
        found[employee_id].append(at)
    return found


def _approved_overtime(
    ids: list[int], start: date, end: date
) -> dict[tuple[int, date], dict[str, int]]:
    found: dict[tuple[int, date], dict[str, int]] = defaultdict(dict)
    rows = (
        OvertimeRequest.objects.filter(
            employee_id__in=ids, day__gte=start, day__lte=end, status=RequestStatus.APPROVED
        )
        .values_list("employee_id", "day", "kind")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    for employee_id, day, kind, total in rows:
        found[(employee_id, day)][kind] = int(total)
    return found
