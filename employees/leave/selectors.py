"""Reading leave: balances as of a day, the ledger, what payroll pays out, approved leave
per employee and day (attendance) and who is away when (a team calendar); each at a
constant number of queries."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _

from employees.models import Employee, LeaveEntry, LeaveRequest, LeaveType
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles


@dataclass(frozen=True)
class Balance:
    type: LeaveType
    balance_hours: Decimal  # the ledger's sum up to the day
    pending_hours: Decimal  # reserved by requests waiting for approval
    available_hours: Decimal  # balance − pending


def leave_balances(employee: Employee, *, on: date) -> list[Balance]:
    """Every active type that keeps a balance, as of `on` (three queries)."""
    types = list(LeaveType.objects.filter(is_active=True, tracks_balance=True).order_by("code"))
    booked = dict(
        LeaveEntry.objects.filter(employee=employee, effective_on__lte=on)
        .values("leave_type_id")
        .annotate(total=Sum("hours"))
        .values_list("leave_type_id", "total")
    )
    pending = dict(
        LeaveRequest.objects.filter(employee=employee, status=LeaveRequest.Status.PENDING)
        .values("leave_type_id")
        .annotate(total=Sum("hours"))
        .values_list("leave_type_id", "total")
    )
    found = []
    for leave_type in types:
        balance = Decimal(booked.get(leave_type.pk) or 0)
        reserved = Decimal(pending.get(leave_type.pk) or 0)
        found.append(Balance(leave_type, balance, reserved, balance - reserved))
    return found


def leave_ledger(employee: Employee, leave_type: LeaveType) -> list[LeaveEntry]:
    """The history of one balance, oldest first, with who recorded each entry."""
    return list(
        LeaveEntry.objects.filter(employee=employee, leave_type=leave_type)
        .select_related("recorded_by", "request")
        .order_by("effective_on", "pk")
    )


@dataclass(frozen=True)
class Encashment:
    entry_id: int
    employee_id: int
    type_code: str
    hours: Decimal  # paid, positive
    # The statutory multiple of the hourly wage (3.00 = 300 %), the normal wage already
    # paid included: what is still owed is `employees.pay.unused_leave.payable_multiple`.
    rate: Decimal
    effective_on: date


def leave_encashments(year: int) -> list[Encashment]:
    """Unused leave to pay, booked in `year` (year end and leaving), for payroll."""
    rows = (
        LeaveEntry.objects.filter(kind=LeaveEntry.Kind.ENCASHMENT, effective_on__year=year)
        .select_related("leave_type")
        .order_by("employee_id", "effective_on", "pk")
    )
    return [
        Encashment(
            entry_id=row.pk,
            employee_id=row.employee_id,
            type_code=row.leave_type.code,
            hours=-row.hours,
            rate=row.rate or Decimal(0),
            effective_on=row.effective_on,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class LeaveDay:
    type_code: str
    minutes: int
    paid_rate: Decimal
    request_id: int


def leave_minutes_by_day(
    employee_ids: Iterable[int], start: date, end: date
) -> dict[tuple[int, date], list[LeaveDay]]:
    """(employee id, day) -> the approved leave that day, from one query: the minutes
    were fixed from the plan when the request was made."""
    found: dict[tuple[int, date], list[LeaveDay]] = defaultdict(list)
    rows = (
        LeaveRequest.objects.filter(
            employee_id__in=list(employee_ids),
            status=LeaveRequest.Status.APPROVED,
            start_day__lte=end,
            end_day__gte=start,
        )
        .select_related("leave_type")
        .order_by("start_day", "pk")
    )
    for row in rows:
        for iso, minutes in row.minutes_by_day.items():
            day = date.fromisoformat(iso)
            if start <= day <= end:
                found[(row.employee_id, day)].append(
                    LeaveDay(row.leave_type.code, int(minutes), row.leave_type.paid_rate, row.pk)
                )
    return dict(found)


@dataclass(frozen=True)
class Absence:
    request_id: int
    employee_id: int
    employee_name: str
    type_code: str  # "" when the viewer may not know the kind (health)
    type_name: str
    start_day: date
    end_day: date
    status: str  # pending or approved
    hours: Decimal


def team_calendar(user: AbstractBaseUser, start: date, end: date) -> list[Absence]:
    """Who is away (approved) or asks to be (pending) between `start` and `end`: HR
    admins see everyone, a manager their reports and themselves, an employee their own.
    The kind of a health-related leave shows only to HR and the person."""
    is_hr = Role.HR_ADMIN in user_roles(user)
    zh = (translation.get_language() or "").startswith("zh")
    rows = (
        LeaveRequest.objects.visible_to(user)
        .holding()
        .filter(start_day__lte=end, end_day__gte=start)
        .select_related("employee", "leave_type")
        .order_by("start_day", "employee__full_name", "pk")
    )
    found = []
    for row in rows:
        shown = is_hr or row.employee.user_id == user.pk or not row.leave_type.document_is_health
        name = (row.leave_type.name_zh if zh else row.leave_type.name_en) if shown else _("Leave")
        found.append(
            Absence(
                request_id=row.pk,
                employee_id=row.employee_id,
                employee_name=row.employee.shown_name,
                type_code=row.leave_type.code if shown else "",
                type_name=name,
                start_day=row.start_day,
                end_day=row.end_day,
                status=row.status,
                hours=row.hours,
            )
        )
    return found
