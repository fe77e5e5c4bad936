"""The approver's time pages: one list of everything waiting for the user's decision
(leave, overtime, punch corrections), each approved with one tap and declined with a
short reason; a manager's delegations (while away, someone else decides); and the team
calendar (who is away when).

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.attendance.corrections import punch_correction_decide
from employees.attendance.overtime import overtime_decide
from employees.leave.approvers import may_delegate
from employees.leave.policy import leave_delegation_add, leave_delegation_end
from employees.leave.requests import leave_request_approve, leave_request_decline
from employees.models import LeaveDelegation
from employees.periods import months_later
from employees.timepages.forms import DeclineForm, DelegationForm, month_from
from employees.timepages.selectors import (
    approvals_for,
    calendar_month,
    corrections_to_decide,
    delegations_ahead,
    leave_requests_to_decide,
    overtime_to_decide,
)
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.accounts.selectors import user_roles
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.params import parse_id
from hrflow.org.models import Department

NAV = "employees:time-approvals"
CALENDAR_NAV = "employees:time-calendar"
DELEGATIONS = "employees:time-delegations"


@login_required
@require_GET
def approvals_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    today = timezone.localdate()
    context = {
        "approvals": approvals_for(user, today),
        "decline_form": DeclineForm(),
        "may_delegate": may_delegate(user, today),
        "nav_current": NAV,
    }
    return render(request, "employees/time/approvals.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delegations_view(request: HttpRequest) -> HttpResponse:
    """A manager's own delegations (under way and to come) and a form for a new one;
    404 for anyone who manages nobody today."""
    user = cast(User, request.user)
    today = timezone.localdate()
    if not may_delegate(user, today):
        raise Http404
    form = DelegationForm(request.POST or None, from_user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                leave_delegation_add(from_user=user, actor=user, **form.cleaned_data)
            except ApplicationError as error:
                refusal_add(form, error)
            else:
                messages.success(request, _("Saved: your approvals go to them for those days."))
                return redirect(DELEGATIONS)
        status = 400
    context = {
        "form": form,
        "delegations": delegations_ahead(user, today),
        "today": today,
        "nav_current": NAV,
    }
    return render(request, "employees/time/delegations.html", context, status=status)


@login_required
@require_POST
def delegation_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    """End one of the user's own delegations (anyone else's is 404, HR's too)."""
    user = cast(User, request.user)
    delegation = get_scoped_or_404(
        LeaveDelegation.objects.filter(from_user_id=user.pk), user, pk=pk
    )
    try:
        leave_delegation_end(delegation=delegation, actor=user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Ended: your approvals come back to you."))
    return redirect(DELEGATIONS)


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
