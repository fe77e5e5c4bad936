"""Leave requests: submit, approve (one or two steps), decline, cancel, change.

A pending request reserves its hours: available = balance − pending. The check and the
insert run under a lock on the employee's row, so two requests at once cannot together
exceed the balance. Approval books the `taken` entry; cancelling approved leave books a
`reversal`; a change is a cancel and a new request in one transaction.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.attendance.tasks import attendance_recompute_later
from employees.leave.approvers import may_decide
from employees.leave.hours import RequestTime, request_time
from employees.leave.ledger import entry_add
from employees.leave.notices import leave_request_decided, leave_request_waiting
from employees.leave.region import region_of
from employees.models import (
    Employee,
    EmployeeDocument,
    LeaveEntry,
    LeaveRequest,
    LeaveSettings,
    LeaveType,
)
from employees.selectors.rules import legal_value
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError


@transaction.atomic
def leave_request_submit(
    *,
    employee: Employee,
    leave_type: LeaveType,
    start_day: date,
    end_day: date,
    actor: User | None,
    starts_afternoon: bool = False,
    ends_midday: bool = False,
    hours_asked: Decimal | None = None,
    reason: str = "",
    document: EmployeeDocument | None = None,
    replaces: LeaveRequest | None = None,
) -> LeaveRequest:
    """Ask for leave (the employee, or HR on their behalf); waits for the manager."""
    # The lock serialises every request of this employee: balance check and insert.
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    _refuse_unless_self_or_hr(employee, actor)
    _check_type_and_dates(
        employee, leave_type, start_day, end_day, starts_afternoon, ends_midday, hours_asked
    )
    time = request_time(
        employee=employee,
        leave_type=leave_type,
        start_day=start_day,
        end_day=end_day,
        starts_afternoon=starts_afternoon,
        ends_midday=ends_midday,
        hours_asked=hours_asked,
    )
    if not time.minutes_by_day:
        raise ApplicationError(
            _("No working time falls between these days: there is nothing to take."),
            extra={"field": "end_day"},
        )
    region = region_of(employee, start_day)
    _check_entitlement(leave_type, time, start_day, region)
    overlapping = LeaveRequest.objects.holding().filter(
        employee=employee, start_day__lte=end_day, end_day__gte=start_day
    )
    if overlapping.exists():
        raise ApplicationError(
            _("Another request already covers some of these days; change or cancel it first."),
            extra={"field": "start_day"},
        )
    if leave_type.needs_document and document is None:
        raise ApplicationError(
            _("This kind of leave needs a supporting document."), extra={"field": "document"}
        )
    if document is not None and document.employee_id != employee.pk:
        raise ApplicationError(
            _("The document is not this employee's."), extra={"field": "document"}
        )
    if leave_type.tracks_balance:
        available = available_hours(employee, leave_type, date(start_day.year, 12, 31))
        if time.hours > available:
            raise ApplicationError(
                _(
                    "Only %(available)s hours of %(type)s are available; this request needs "
                    "%(hours)s."
                )
                % {"available": available, "type": leave_type.name_en, "hours": time.hours},
                extra={"field": "end_day"},
            )
    days_over = LeaveSettings.current().hr_approval_over_days
    request = LeaveRequest.objects.create(
        employee=employee,
        leave_type=leave_type,
        start_day=start_day,
        end_day=end_day,
        starts_afternoon=starts_afternoon,
        ends_midday=ends_midday,
        hours_asked=hours_asked,
        hours=time.hours,
        minutes_by_day={day.isoformat(): minutes for day, minutes in time.minutes_by_day.items()},
        status=LeaveRequest.Status.PENDING,
        step=LeaveRequest.Step.MANAGER,
        needs_hr=time.days > days_over,
        reason=" ".join(reason.split())[:500],
        document=document,
        replaces=replaces,
        submitted_by=actor,
    )
    _audit(request, actor, "submit", {"hours": str(request.hours), "days": str(time.days)})
    leave_request_waiting(request)
    return request


def available_hours(employee: Employee, leave_type: LeaveType, on: date) -> Decimal:
    """The balance as of `on` less the hours pending requests reserve."""
    balance = LeaveEntry.objects.filter(
        employee=employee, leave_type=leave_type, effective_on__lte=on
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    pending = LeaveRequest.objects.filter(
        employee=employee, leave_type=leave_type, status=LeaveRequest.Status.PENDING
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    return Decimal(balance - pending)


@transaction.atomic
def leave_request_approve(*, request: LeaveRequest, actor: User, note: str = "") -> LeaveRequest:
    """Decide the current step yes: the manager's step passes to HR when the request is
    longer than the company's limit, else the leave is approved and booked."""
    request = _pending_locked(request)
    today = timezone.localdate()
    _refuse_unless_decider(request, actor, today)
    now = timezone.now()
    if request.step == LeaveRequest.Step.MANAGER:
        request.manager_decided_by, request.manager_decided_at = actor, now
        if request.needs_hr:
            request.step = LeaveRequest.Step.HR
            request.save(
                update_fields=["manager_decided_by", "manager_decided_at", "step", "updated_at"]
            )
            _audit(request, actor, "manager_approve", {"note": note})
            leave_request_waiting(request)
            return request
    else:
        request.hr_decided_by, request.hr_decided_at = actor, now
    request.status, request.step = LeaveRequest.Status.APPROVED, LeaveRequest.Step.DONE
    request.decision_note = " ".join(note.split())[:500]
    request.save()
    if request.leave_type.tracks_balance:
        entry_add(
            employee=request.employee,
            leave_type=request.leave_type,
            kind=LeaveEntry.Kind.TAKEN,
            hours=-request.hours,
            effective_on=request.start_day,
            reason=_("Leave %(start)s – %(end)s")
            % {"start": request.start_day.isoformat(), "end": request.end_day.isoformat()},
            actor=actor,
            key=f"taken:{request.pk}",
            request=request,
        )
    _audit(request, actor, "approve", {"note": request.decision_note})
    leave_request_decided(request)
    _attendance_follows(request)
    return request


@transaction.atomic
def leave_request_decline(*, request: LeaveRequest, actor: User, note: str) -> LeaveRequest:
    """Decide the current step no, with the reason the employee reads."""
    request = _pending_locked(request)
    _refuse_unless_decider(request, actor, timezone.localdate())
    note = " ".join((note or "").split())
    if not note:
        raise ApplicationError(_("Say why the leave is declined."), extra={"field": "note"})
    now = timezone.now()
    if request.step == LeaveRequest.Step.MANAGER:
        request.manager_decided_by, request.manager_decided_at = actor, now
    else:
        request.hr_decided_by, request.hr_decided_at = actor, now
    request.status, request.step = LeaveRequest.Status.DECLINED, LeaveRequest.Step.DONE
    request.decision_note = note[:500]
    request.save()
    _audit(request, actor, "decline", {"note": request.decision_note})
    leave_request_decided(request)
    return request


@transaction.atomic
def leave_request_cancel(*, request: LeaveRequest, actor: User, reason: str = "") -> LeaveRequest:
    """Withdraw a request: the employee until the leave begins, HR admins any time.
    Approved leave gets its hours back by a reversal entry."""
    request = (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("employee", "leave_type")
        .get(pk=request.pk)
    )
    is_hr = Role.HR_ADMIN in user_roles(actor)
    if request.employee.user_id != actor.pk and not is_hr:
        raise ApplicationError(
            _("Only the employee or an HR admin may cancel this request."), extra={"refused": True}
        )
    if request.status not in (LeaveRequest.Status.PENDING, LeaveRequest.Status.APPROVED):
        raise ApplicationError(_("This request is no longer pending or approved."))
    if (
        request.status == LeaveRequest.Status.APPROVED
        and request.start_day <= timezone.localdate()
        and not is_hr
    ):
        raise ApplicationError(
            _("This leave has begun; ask HR to cancel it."), extra={"field": "start_day"}
        )
    was_approved = request.status == LeaveRequest.Status.APPROVED
    request.status, request.step = LeaveRequest.Status.CANCELLED, LeaveRequest.Step.DONE
    request.cancelled_at = timezone.now()
    request.save(update_fields=["status", "step", "cancelled_at", "updated_at"])
    taken = LeaveEntry.objects.filter(request=request, kind=LeaveEntry.Kind.TAKEN).first()
    if was_approved and taken is not None:
        entry_add(
            employee=request.employee,
            leave_type=request.leave_type,
            kind=LeaveEntry.Kind.REVERSAL,
            hours=-taken.hours,
            # On the day it was taken, so a balance as of any day nets out.
            effective_on=taken.effective_on,
            reason=(_("Cancelled: %(reason)s") % {"reason": reason.strip()})
            if reason.strip()
            else _("Cancelled"),
            actor=actor,
            key=f"reversal:{request.pk}",
            request=request,
        )
    _audit(request, actor, "cancel", {"reason": reason.strip()[:255]})
    if was_approved:
        _attendance_follows(request)
    return request


def _attendance_follows(request: LeaveRequest) -> None:
    """Approved or withdrawn leave changes the days' attendance results (absent or
    excused), recomputed once this transaction commits."""
    attendance_recompute_later(
        employee_ids=[request.employee_id], start=request.start_day, end=request.end_day
    )


@transaction.atomic
def leave_request_change(
    *,
    request: LeaveRequest,
    actor: User,
    start_day: date,
    end_day: date,
    starts_afternoon: bool = False,
    ends_midday: bool = False,
    hours_asked: Decimal | None = None,
    reason: str | None = None,
) -> LeaveRequest:
    """Other days for a request: it is cancelled (approved hours come back) and a new
    request replaces it, waiting for approval again; refused whole when the new one is."""
    cancelled = leave_request_cancel(request=request, actor=actor, reason=_("changed"))
    return leave_request_submit(
        employee=cancelled.employee,
        leave_type=cancelled.leave_type,
        start_day=start_day,
        end_day=end_day,
        starts_afternoon=starts_afternoon,
        ends_midday=ends_midday,
        hours_asked=hours_asked,
        reason=cancelled.reason if reason is None else reason,
        document=cancelled.document,
        replaces=cancelled,
        actor=actor,
    )


def _refuse_unless_self_or_hr(employee: Employee, actor: User | None) -> None:
    if actor is not None and (employee.user_id == actor.pk or Role.HR_ADMIN in user_roles(actor)):
        return
    raise ApplicationError(
        _("Only the employee or an HR admin may ask for this leave."), extra={"refused": True}
    )


def _check_type_and_dates(
    employee: Employee,
    leave_type: LeaveType,
    start_day: date,
    end_day: date,
    starts_afternoon: bool,
    ends_midday: bool,
    hours_asked: Decimal | None,
) -> None:
    if not leave_type.is_active:
        raise ApplicationError(_("This leave type is not in use."), extra={"field": "leave_type"})
    if leave_type.region and leave_type.region != region_of(employee, start_day):
        raise ApplicationError(
            _("This leave type is for people working in %(region)s.")
            % {"region": leave_type.region},
            extra={"field": "leave_type"},
        )
    if end_day < start_day:
        raise ApplicationError(
            _("The last day comes before the first."), extra={"field": "end_day"}
        )
    if start_day < employee.hire_date or (employee.left_on and end_day > employee.left_on):
        raise ApplicationError(_("Leave lies within the employment."), extra={"field": "start_day"})
    if leave_type.unit == LeaveType.Unit.HOUR and hours_asked is not None:
        if starts_afternoon or ends_midday:
            raise ApplicationError(
                _("Leave in hours has no half days."), extra={"field": "hours_asked"}
            )
        return
    if hours_asked is not None:
        raise ApplicationError(
            _("This leave is taken in whole or half days, not hours."),
            extra={"field": "hours_asked"},
        )
    if start_day == end_day and starts_afternoon and ends_midday:
        raise ApplicationError(
            _("A single half day either starts in the afternoon or ends at midday."),
            extra={"field": "ends_midday"},
        )


def _check_entitlement(
    leave_type: LeaveType, time: RequestTime, start_day: date, region: str
) -> None:
    """A type with an entitlement rule (marriage, maternity…) gives at most its days in
    one request, by the rule of the region where the employee works."""
    if not leave_type.entitlement_rule:
        return
    allowed = Decimal(legal_value(leave_type.entitlement_rule, on=start_day, region=region))
    if time.days > allowed:
        raise ApplicationError(
            _("%(type)s gives at most %(days)s days here; this request takes %(asked)s.")
            % {"type": leave_type.name_en, "days": allowed, "asked": time.days},
            extra={"field": "end_day"},
        )


def _pending_locked(request: LeaveRequest) -> LeaveRequest:
    """The request locked, refused if someone decided it meanwhile (the second of two
    approvers at once is told, nothing happens twice)."""
    locked = (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("employee", "leave_type")
        .get(pk=request.pk)
    )
    if locked.status != LeaveRequest.Status.PENDING:
        raise ApplicationError(_("This request has been decided or withdrawn already."))
    return locked


def _refuse_unless_decider(request: LeaveRequest, actor: User, today: date) -> None:
    if request.employee.user_id == actor.pk:
        raise ApplicationError(
            _("Nobody decides their own leave request."), extra={"refused": True}
        )
    if not may_decide(request, actor, today):
        raise ApplicationError(
            _("This request waits for the employee's manager, their delegate or HR."),
            extra={"refused": True},
        )


def _audit(request: LeaveRequest, actor: User | None, what: str, extra: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        action=f"employees.leave_request_{what}",
        target=request.employee,
        changes={
            "request": request.pk,
            "leave_type": request.leave_type.code,
            "start_day": request.start_day.isoformat(),
            "end_day": request.end_day.isoformat(),
            "status": request.status,
            **extra,
        },
    )
