"""How much leave a request takes, day by day (docs/TIME.md).

Working-day types take the plan's minutes of each day (`planned_days`): a rest day or a
holiday inside takes nothing, a make-up Saturday takes its shift, half a day half the
day's minutes. Calendar-day types (maternity) take the standard day for every day. Hour
types take the hours asked, on one planned working day.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from employees.leave.region import region_of, standard_day_hours
from employees.models import Employee, LeaveType
from employees.worktime.plan import planned_days
from hrflow.core.errors import ApplicationError


@dataclass(frozen=True)
class RequestTime:
    minutes_by_day: dict[date, int]  # days with leave only
    days: Decimal  # days with leave, a half day counting 0.5

    @property
    def hours(self) -> Decimal:
        return (Decimal(sum(self.minutes_by_day.values())) / 60).quantize(Decimal("0.01"))


def request_time(
    *,
    employee: Employee,
    leave_type: LeaveType,
    start_day: date,
    end_day: date,
    starts_afternoon: bool,
    ends_midday: bool,
    hours_asked: Decimal | None,
) -> RequestTime:
    if leave_type.unit == LeaveType.Unit.HOUR and hours_asked is not None:
        return _hours_asked(employee, start_day, end_day, hours_asked)
    if leave_type.counting == LeaveType.Counting.CALENDAR_DAYS:
        standard = int(standard_day_hours(start_day, region_of(employee, start_day)) * 60)
        full = dict.fromkeys(_days(start_day, end_day), standard)
    else:
        plan = planned_days([employee.pk], start_day, end_day)
        full = {day: plan[(employee.pk, day)].planned_minutes for day in _days(start_day, end_day)}
    minutes: dict[date, int] = {}
    days = Decimal(0)
    for day, planned in full.items():
        half = (day == start_day and starts_afternoon) or (day == end_day and ends_midday)
        if planned > 0:
            minutes[day] = planned // 2 if half else planned
            days += Decimal("0.5") if half else 1
    return RequestTime(minutes, days)


def _hours_asked(
    employee: Employee, start_day: date, end_day: date, hours_asked: Decimal
) -> RequestTime:
    if start_day != end_day:
        raise ApplicationError(
            _("Leave in hours is asked for one day at a time."), extra={"field": "end_day"}
        )
    planned = planned_days([employee.pk], start_day, start_day)[(employee.pk, start_day)]
    asked = int(Decimal(hours_asked) * 60)
    if asked <= 0 or asked > planned.planned_minutes:
        raise ApplicationError(
            _("Ask for more than 0 hours and at most the %(hours)s hours planned that day.")
            % {"hours": Decimal(planned.planned_minutes) / 60},
            extra={"field": "hours_asked"},
        )
    share = (Decimal(asked) / planned.planned_minutes).quantize(Decimal("0.01"))
    return RequestTime({start_day: asked}, share)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
