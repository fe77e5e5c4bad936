"""Overtime requests and their decision (Labour Law arts. 41 and 44).

The kind of day (from the plan where the employee works) sets the rate of the legal rule
`overtime.rates`: workday 150 %, rest day 200 % or time off in lieu instead, statutory
holiday 300 % always. A request that would pass the caps of `overtime.caps` (3 hours a
day, 36 a month, counting what is pending and approved) needs an override reason.
Flexible hours (不定时) have no overtime pay; under comprehensive hours (综合计算工时) the
overtime is the period's hours over its standard (`selectors.comprehensive_overtime`),
so only work on a statutory holiday is asked for by the day.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.attendance.daily import overtime_kind
from employees.attendance.locks import lock_check
from employees.attendance.notices import attendance_request_decided, attendance_request_waiting
from employees.attendance.permissions import may_ask_for, may_decide_for
from employees.attendance.recompute import daily_results_recompute
from employees.leave.ledger import entry_add
from employees.leave.types_data import LIEU
from employees.models import (
    Compensation,
    Employee,
    LeaveEntry,
    LeaveType,
    OvertimeKind,
    OvertimeRequest,
    RequestStatus,
    WorkingHourSystem,
)
from employees.selectors.rules import legal_value
from employees.worktime.plan import planned_day
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

COUNTED = (RequestStatus.PENDING, RequestStatus.APPROVED)


@transaction.atomic
def overtime_request(
    *,
    employee: Employee,
    day: date,
    starts: datetime,
    ends: datetime,
    compensation: str = Compensation.PAY,
    reason: str = "",
    override_reason: str = "",
    actor: User | None,
) -> OvertimeRequest:
    """Ask for overtime worked (or to be worked) on `day` from `starts` to `ends`."""
    if actor is not None and not may_ask_for(actor, employee):
        raise ApplicationError(_("You may not ask for overtime for this employee."))
    # One request at a time per employee, so two cannot together pass a cap.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    if ends <= starts:
        raise ApplicationError(_("The overtime must end after it starts."), extra={"field": "ends"})
    if compensation not in Compensation.values:
        raise ApplicationError(_("Choose pay or time off."), extra={"field": "compensation"})
    plan = planned_day(employee.pk, day)
    if plan.system == WorkingHourSystem.FLEXIBLE:
        raise ApplicationError(
            _("Under flexible hours (不定时) there is no overtime to ask for."),
            extra={"field": "day"},
        )
    kind = overtime_kind(plan.kind)
    if plan.system == WorkingHourSystem.COMPREHENSIVE and kind != OvertimeKind.STATUTORY_HOLIDAY:
        raise ApplicationError(
            _(
                "Under comprehensive hours, overtime is the period's hours over its standard; "
                "only work on a statutory holiday is asked for by the day."
            ),
            extra={"field": "day"},
        )
    if compensation == Compensation.TIME_OFF and kind != OvertimeKind.REST_DAY:
        raise ApplicationError(
            _(
                "Time off in lieu replaces overtime pay on rest days only; a workday's "
                "overtime is paid at 150 % and a statutory holiday's at 300 %."
            ),
            extra={"field": "compensation"},
        )
    lock_check(
        [(employee.pk, day)], actor=actor, override_reason=override_reason, what="overtime asked"
    )
    minutes = int((ends - starts).total_seconds() // 60)
    _caps_check(employee, day, minutes, override_reason, plan.region)
    rates = legal_value("overtime.rates", on=day, region=plan.region)
    request = OvertimeRequest.objects.create(
        employee=employee,
        day=day,
        starts=starts,
        ends=ends,
        minutes=minutes,
        kind=kind,
        compensation=compensation,
        rate=None if compensation == Compensation.TIME_OFF else Decimal(str(rates[kind])),
        after_the_fact=starts < timezone.now(),
        reason=reason.strip(),
        override_reason=override_reason.strip(),
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action="attendance.overtime_requested",
        target=request,
        changes={
            "minutes": [None, minutes],
            "kind": [None, kind],
            "override_reason": [None, request.override_reason],
        },
    )
    attendance_request_waiting(request)
    return request


@transaction.atomic
def overtime_decide(
    *,
    request: OvertimeRequest,
    approve: bool,
    actor: User | None,
    note: str = "",
    override_reason: str = "",
) -> OvertimeRequest:
    """The manager or HR approves or declines; approved minutes flow into the day's result."""
    request = OvertimeRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise ApplicationError(_("This request is decided already."))
    if not may_decide_for(actor, request.employee):
        raise ApplicationError(_("Only the employee's manager or HR may decide this request."))
    include_locked = False
    if approve:
        lock_check(
            [(request.employee_id, request.day)],
            actor=actor,
            override_reason=override_reason,
            what="overtime approved",
        )
        include_locked = bool(override_reason.strip())
    request.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="attendance.overtime_decided",
        target=request,
        changes={"status": [RequestStatus.PENDING, request.status]},
    )
    attendance_request_decided(request)
    if approve and request.compensation == Compensation.TIME_OFF:
        _lieu_credit(request, actor)
    if approve:
        daily_results_recompute(
            employee_ids=[request.employee_id],
            start=request.day,
            end=request.day,
            include_locked=include_locked,
        )
    return request


def _lieu_credit(request: OvertimeRequest, actor: User | None) -> None:
    """Rest-day overtime taken as time off: its hours, hour for hour, into the employee's
    time-off-in-lieu balance, once (keyed by the request)."""
    lieu = LeaveType.objects.filter(code=LIEU).first()
    if lieu is None:
        raise ApplicationError(
            _("The time-off-in-lieu leave type is missing; an HR admin must restore it.")
        )
    entry_add(
        employee=request.employee,
        leave_type=lieu,
        kind=LeaveEntry.Kind.ACCRUAL,
        hours=Decimal(request.minutes) / 60,
        effective_on=request.day,
        reason=_("Overtime on %(day)s taken as time off") % {"day": request.day.isoformat()},
        actor=actor,
        key=f"overtime:{request.pk}",
    )


def _caps_check(
    employee: Employee, day: date, minutes: int, override_reason: str, region: str
) -> None:
    caps = legal_value("overtime.caps", on=day, region=region)
    counted = OvertimeRequest.objects.filter(employee=employee, status__in=COUNTED)
    that_day = counted.filter(day=day).aggregate(total=Sum("minutes"))["total"] or 0
    month = (
        counted.filter(day__year=day.year, day__month=day.month).aggregate(total=Sum("minutes"))[
            "total"
        ]
        or 0
    )
    over_day = that_day + minutes > Decimal(str(caps["per_day_hours"])) * 60
    over_month = month + minutes > Decimal(str(caps["per_month_hours"])) * 60
    if (over_day or over_month) and not override_reason.strip():
        raise ApplicationError(
            _(
                "This overtime would pass the legal cap of %(day)s hours a day or %(month)s "
                "hours a month (Labour Law art. 41); give the reason that allows it."
            )
            % {"day": caps["per_day_hours"], "month": caps["per_month_hours"]},
            extra={"field": "override_reason"},
        )
