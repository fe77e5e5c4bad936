"""Reading attendance: lists scoped to the viewer (the employee their own, a manager
their reports, HR all) at constant queries, comprehensive-hours overtime over a period,
and the time-off-in-lieu credits the leave ledger takes in."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum

from employees.models import (
    Compensation,
    DailyResult,
    DayKind,
    Employee,
    OvertimeRequest,
    Punch,
    PunchCorrection,
    RequestStatus,
)
from employees.periods import months_later
from employees.selectors.rules import legal_value
from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped

HUNDREDTH = Decimal("0.01")


def punches_list(
    *, viewer: User, start: date, end: date, employee_id: int | None = None
) -> QuerySet[Punch]:
    rows = scoped(Punch.objects.all(), viewer).filter(at__date__gte=start, at__date__lte=end)
    if employee_id is not None:
        rows = rows.filter(employee_id=employee_id)
    return rows.select_related("employee").order_by("employee__number", "at")


def daily_results_list(
    *, viewer: User, start: date, end: date, employee_id: int | None = None
) -> QuerySet[DailyResult]:
    rows = scoped(DailyResult.objects.all(), viewer).filter(day__gte=start, day__lte=end)
    if employee_id is not None:
        rows = rows.filter(employee_id=employee_id)
    return rows.select_related("employee").order_by("employee__number", "day")


def overtime_requests_list(*, viewer: User, status: str = "") -> QuerySet[OvertimeRequest]:
    rows = scoped(OvertimeRequest.objects.all(), viewer)
    if status in RequestStatus.values:
        rows = rows.filter(status=status)
    return rows.select_related("employee", "requested_by", "decided_by").order_by("-day", "-pk")


def punch_corrections_list(*, viewer: User, status: str = "") -> QuerySet[PunchCorrection]:
    rows = scoped(PunchCorrection.objects.all(), viewer)
    if status in RequestStatus.values:
        rows = rows.filter(status=status)
    return rows.select_related("employee", "requested_by", "decided_by").order_by("-day", "-pk")


@dataclass(frozen=True)
class ComprehensiveOvertime:
    worked_hours: Decimal  # outside statutory holidays
    standard_hours: Decimal
    hours_at_150: Decimal
    holiday_hours_at_300: Decimal


def comprehensive_overtime(
    employee: Employee, period_start: date, period_end: date
) -> ComprehensiveOvertime:
    """Under comprehensive hours (综合计算工时): the hours worked over the period's standard
    (`worktime.monthly_standard_hours` × its months) at 150 %, the hours worked on
    statutory holidays at 300 %; never 200 % (rest days are part of the period)."""
    rows = DailyResult.objects.filter(employee=employee, day__gte=period_start, day__lte=period_end)
    by_holiday: dict[bool, int] = {True: 0, False: 0}
    for kind, minutes in (
        rows.values_list("day_kind")
        .annotate(
            minutes=Sum("worked_minutes")
            + Sum("overtime_workday_minutes")
            + Sum("overtime_rest_day_minutes")
            + Sum("overtime_holiday_minutes")
        )
        .order_by()
    ):
        by_holiday[kind == DayKind.STATUTORY_HOLIDAY] += minutes or 0
    months = _months(period_start, period_end)
    standard = (
        Decimal(str(legal_value("worktime.monthly_standard_hours", on=period_start))) * months
    )
    worked = _hours(by_holiday[False])
    return ComprehensiveOvertime(
        worked_hours=worked,
        standard_hours=standard.quantize(HUNDREDTH, ROUND_HALF_UP),
        hours_at_150=max(worked - standard, Decimal(0)).quantize(HUNDREDTH, ROUND_HALF_UP),
        holiday_hours_at_300=_hours(by_holiday[True]),
    )


@dataclass(frozen=True)
class LieuCredit:
    employee_id: int
    hours: Decimal
    overtime_request_id: int


def lieu_credits(start: date, end: date) -> list[LieuCredit]:
    """Approved rest-day overtime compensated by time off, worked from `start` to `end`:
    the hours the leave ledger credits (hour for hour), each with its request (one query)."""
    rows = OvertimeRequest.objects.filter(
        compensation=Compensation.TIME_OFF,
        status=RequestStatus.APPROVED,
        day__gte=start,
        day__lte=end,
    ).order_by("employee_id", "day", "pk")
    return [
        LieuCredit(employee_id, _hours(minutes), pk)
        for pk, employee_id, minutes in rows.values_list("pk", "employee_id", "minutes")
    ]


def attendance_kept_until(day: date) -> date:
    """The first day a record of `day` may be let go (legal rule
    `attendance.retention_years`); no service deletes one before."""
    years = int(legal_value("attendance.retention_years", on=day))
    return months_later(day, 12 * years)


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(HUNDREDTH, ROUND_HALF_UP)
