"""What the time pages read: the employee's own requests with who decides them, what
waits for a user's decision (leave, overtime, punch corrections) and the team calendar
as a month grid; each at a constant number of queries whatever the number of rows.

Who may decide follows the services' own rules (`employees.leave.approvers.may_decide`,
`employees.attendance.permissions.may_decide_for`), computed for all rows at once.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Q
from django.utils.translation import gettext as _

from employees.attendance.selectors import overtime_requests_list, punch_corrections_list
from employees.leave.approvers import manager_user
from employees.leave.selectors import Absence, team_calendar
from employees.models import (
    Assignment,
    Employee,
    LeaveDelegation,
    LeaveRequest,
    OvertimeRequest,
    PunchCorrection,
    RequestStatus,
)
from employees.timepages.approval_links import (
    MODELS,
    Decidable,
    Kind,
    approval_token_read,
    request_version,
)
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import scoped
from hrflow.accounts.selectors import user_roles
from hrflow.core.errors import ApplicationError


@dataclass(frozen=True)
class OwnRequest:
    request: LeaveRequest
    approver: str  # who decides the waiting step, or who decided


def own_requests(employee: Employee, on: date, limit: int = 30) -> list[OwnRequest]:
    """The employee's latest requests, newest first, each with its approver (two queries)."""
    rows = list(
        LeaveRequest.objects.filter(employee=employee)
        .select_related("leave_type", "manager_decided_by", "hr_decided_by")
        .order_by("-start_day", "-pk")[:limit]
    )
    manager = manager_user(rows[0], on) if rows else None
    found = []
    for row in rows:
        if row.status == LeaveRequest.Status.PENDING:
            if row.step == LeaveRequest.Step.MANAGER and manager is not None:
                approver = manager.full_name or manager.email
            else:
                approver = _("HR")
        else:
            decider = row.hr_decided_by or row.manager_decided_by
            approver = (decider.full_name or decider.email) if decider else ""
        found.append(OwnRequest(row, approver))
    return found


def _is_hr(user: User) -> bool:
    return Role.HR_ADMIN in user_roles(user)


def leave_requests_to_decide(viewer: User, on: date) -> list[LeaveRequest]:
    """Pending leave requests `viewer` may decide today: the manager step of their reports
    and of the reports of managers who delegated to them, and, for HR admins, the HR step
    and the requests of people without a manager (three queries)."""
    is_hr = _is_hr(viewer)
    bosses = {viewer.pk} | set(
        LeaveDelegation.objects.on(on)
        .filter(to_user_id=viewer.pk, from_user__is_active=True)
        .values_list("from_user_id", flat=True)
    )
    rows = (
        LeaveRequest.objects.filter(status=LeaveRequest.Status.PENDING)
        .exclude(employee__user_id=viewer.pk)
        .select_related("employee", "leave_type", "document")
        .order_by("start_day", "pk")
    )
    if not is_hr:
        managed = Assignment.objects.as_of(on).filter(manager__user_id__in=bosses)
        rows = rows.filter(
            step=LeaveRequest.Step.MANAGER, employee_id__in=managed.values("employee_id")
        )
    candidates = list(rows)
    # The manager step belongs to the current manager (an active account) when there is one.
    manager_of = dict(
        Assignment.objects.as_of(on)
        .filter(
            employee_id__in={row.employee_id for row in candidates},
            manager__user__is_active=True,
        )
        .values_list("employee_id", "manager__user_id")
    )
    kept = []
    for row in candidates:
        manager_id = manager_of.get(row.employee_id)
        if row.step == LeaveRequest.Step.MANAGER and manager_id is not None:
            if manager_id in bosses:
                kept.append(row)
        elif is_hr:
            kept.append(row)
    return kept


def overtime_to_decide(viewer: User) -> list[OvertimeRequest]:
    """Pending overtime of the viewer's reports (HR: everyone's), never their own."""
    return list(
        overtime_requests_list(viewer=viewer, status=RequestStatus.PENDING).exclude(
            employee__user_id=viewer.pk
        )
    )


def corrections_to_decide(viewer: User) -> list[PunchCorrection]:
    """Pending punch corrections of the viewer's reports (HR: everyone's), not their own."""
    return list(
        punch_corrections_list(viewer=viewer, status=RequestStatus.PENDING).exclude(
            employee__user_id=viewer.pk
        )
    )


@dataclass(frozen=True)
class Approvals:
    leave: list[LeaveRequest]
    overtime: list[OvertimeRequest]
    corrections: list[PunchCorrection]

    @property
    def count(self) -> int:
        return len(self.leave) + len(self.overtime) + len(self.corrections)


def approvals_for(viewer: User, on: date) -> Approvals:
    return Approvals(
        leave_requests_to_decide(viewer, on),
        overtime_to_decide(viewer),
        corrections_to_decide(viewer),
    )


def delegations_ahead(user: User, on: date) -> list[LeaveDelegation]:
    """The user's own delegations under way on `on` or still to come, soonest first."""
    return list(
        scoped(LeaveDelegation.objects.filter(from_user_id=user.pk, ends__gte=on), user)
        .select_related("to_user")
        .order_by("starts", "pk")
    )


def approval_link_request(*, token: str, user: User, on: date) -> Decidable:
    """The request an approval link names, if `user` may decide it now as it was sent.

    Refused (ApplicationError, its `reason` saying why) when the token was altered or
    expired, was sent to someone else, or names a request that is gone, decided, no
    longer the user's to decide (the next step, a new manager, a delegation ended) or
    saved again since the link was sent. The row comes from the lists the Approvals page
    shows, so the link reaches nothing that page would not.
    """
    link = approval_token_read(token)
    if link.user_id != user.pk:
        raise ApplicationError(
            _("This link was sent to someone else. Sign in as that person to use it."),
            extra={"reason": "other_user"},
        )
    found = MODELS[link.kind].objects.filter(pk=link.request_id).first()
    if found is None:
        raise ApplicationError(_("This request no longer exists."), extra={"reason": "gone"})
    if found.status != RequestStatus.PENDING:  # leave says "pending" too
        raise ApplicationError(
            _("This request has been decided or withdrawn already."),
            extra={"reason": "decided"},
        )
    rows: list[Any]
    if link.kind == Kind.LEAVE:
        rows = leave_requests_to_decide(user, on)
    elif link.kind == Kind.OVERTIME:
        rows = overtime_to_decide(user)
    else:
        rows = corrections_to_decide(user)
    mine = next((row for row in rows if row.pk == found.pk), None)
    if mine is None:
        raise ApplicationError(
            _("This request no longer waits for your decision."), extra={"reason": "not_yours"}
        )
    if request_version(mine) != link.version:
        raise ApplicationError(
            _("This request has changed since the message. Decide it on your Approvals page."),
            extra={"reason": "changed"},
        )
    return cast(Decidable, mine)


@dataclass
class CalendarRow:
    employee_id: int
    name: str
    # One cell per day of the month: the absences that day (usually none or one).
    cells: list[list[Absence]] = field(default_factory=list)


@dataclass(frozen=True)
class CalendarMonth:
    month: date
    days: list[date]
    rows: list[CalendarRow]
    absences: list[Absence]  # the phone's list, by first day


def month_days(month: date) -> list[date]:
    first = month.replace(day=1)
    return [
        first + timedelta(days=i) for i in range(calendar.monthrange(first.year, first.month)[1])
    ]


def calendar_month(user: User, month: date, department_id: int | None = None) -> CalendarMonth:
    """Who is away in `month` as a grid (people × days) and as a list; an HR admin may
    narrow it to one department (its people as of the month's first day)."""
    days = month_days(month)
    absences = team_calendar(user, days[0], days[-1])
    if department_id is not None and _is_hr(user):
        members = set(
            Assignment.objects.as_of(days[0])
            .filter(Q(department_id=department_id))
            .values_list("employee_id", flat=True)
        )
        absences = [absence for absence in absences if absence.employee_id in members]
    by_person: dict[int, CalendarRow] = {}
    for absence in absences:
        row = by_person.get(absence.employee_id)
        if row is None:
            row = by_person[absence.employee_id] = CalendarRow(
                absence.employee_id, absence.employee_name, [[] for _day in days]
            )
        for index, day in enumerate(days):
            if absence.start_day <= day <= absence.end_day:
                row.cells[index].append(absence)
    rows = sorted(by_person.values(), key=lambda row: (row.name, row.employee_id))
    return CalendarMonth(days[0], days, rows, absences)


def corrections_by_day(
    employee: Employee, start: date, end: date
) -> dict[date, list[PunchCorrection]]:
    """The employee's punch corrections asked for days of a month (one query)."""
    found: dict[date, list[PunchCorrection]] = defaultdict(list)
    for row in PunchCorrection.objects.filter(
        employee=employee, day__gte=start, day__lte=end
    ).order_by("day", "pk"):
        found[row.day].append(row)
    return dict(found)
