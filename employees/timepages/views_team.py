"""The approver's time pages: one list of everything waiting for the user's decision
(leave, overtime, punch corrections), each approved with one tap and declined with a
short reason, and the team calendar (who is away when).

An id in a request is looked up among the rows the user may decide (the same selector
that builds the list), so anything else is 404; the services check again.
"""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from employees.attendance.corrections import punch_correction_decide
from employees.attendance.overtime import overtime_decide
from employees.leave.requests import leave_request_approve, leave_request_decline
from employees.periods import months_later
from employees.timepages.forms import DeclineForm, month_from
from employees.timepages.selectors import (
    approvals_for,
    calendar_month,
    corrections_to_decide,
    leave_requests_to_decide,
    overtime_to_decide,
)
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.core.errors import ApplicationError
from hrflow.core.params import parse_id
from hrflow.org.models import Department

NAV = "employees:time-approvals"
CALENDAR_NAV = "employees:time-calendar"


@login_required
@require_GET
def approvals_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    context = {
        "approvals": approvals_for(user, timezone.localdate()),
        "decline_form": DeclineForm(),
        "nav_current": NAV,
    }
    return render(request, "employees/time/approvals.html", context)


def _one(rows: list[Any], pk: int) -> Any:
    for row in rows:
        if row.pk == pk:
            return row
    raise Http404


def _decide(
    request: HttpRequest,
    row: Any,
    approve: Callable[[Any, User], Any],
    decline: Callable[[Any, User, str], Any],
) -> HttpResponse:
    user = cast(User, request.user)
    if request.POST.get("decision") == "approve":
        try:
            approve(row, user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Approved."))
        return redirect(NAV)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say in a few words why it is declined."))
        return redirect(NAV)
    try:
        decline(row, user, form.cleaned_data["note"])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Declined; the employee is told why."))
    return redirect(NAV)


@login_required
@require_POST
def leave_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    row = _one(leave_requests_to_decide(user, timezone.localdate()), pk)
    return _decide(
        request,
        row,
        lambda r, u: leave_request_approve(request=r, actor=u),
        lambda r, u, note: leave_request_decline(request=r, actor=u, note=note),
    )


@login_required
@require_POST
def overtime_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    row = _one(overtime_to_decide(user), pk)
    return _decide(
        request,
        row,
        lambda r, u: overtime_decide(request=r, approve=True, actor=u),
        lambda r, u, note: overtime_decide(request=r, approve=False, actor=u, note=note),
    )


@login_required
@require_POST
def correction_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    row = _one(corrections_to_decide(user), pk)
    return _decide(
        request,
        row,
        lambda r, u: punch_correction_decide(correction=r, approve=True, actor=u),
        lambda r, u, note: punch_correction_decide(correction=r, approve=False, actor=u, note=note),
    )


@login_required
@require_GET
def team_calendar_view(request: HttpRequest) -> HttpResponse:
    """A manager's reports (and themselves), HR everyone with a department filter; the
    kind of a health-related leave is hidden from managers by the selector."""
    user = cast(User, request.user)
    today = timezone.localdate()
    month = month_from(request.GET.get("month"), today)
    is_hr = Role.HR_ADMIN in user_roles(user)
    department_id = None
    departments: list[Department] = []
    if is_hr:
        department_id = parse_id(request.GET.get("department"))
        departments = list(Department.objects.filter(is_active=True).order_by("path"))
    context = {
        "calendar": calendar_month(user, month, department_id),
        "today": today,
        "previous_month": months_later(month, -1),
        "next_month": months_later(month, 1),
        "departments": departments,
        "department_id": department_id,
        "nav_current": CALENDAR_NAV,
    }
    return render(request, "employees/time/calendar.html", context)
