"""The employee's own time pages (phone first): balances and their ledgers, leave and
overtime requests, this month's days with punch corrections, the monthly confirmation,
and the phone check-in with its separate location consent.

No URL here names an employee: it is always the one linked to the account, and a
request id is looked up among that employee's own requests only, so anyone else's is 404.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.attendance.confirmation import month_confirm
from employees.attendance.consent import (
    location_consent_give,
    location_consent_withdraw,
    location_consenting,
)
from employees.attendance.corrections import punch_correction_request
from employees.attendance.overtime import overtime_request
from employees.attendance.punches import PunchInput, punches_record
from employees.attendance.selectors import daily_results_list, punches_list
from employees.leave.documents import leave_request_submit_with_document
from employees.leave.medical_period import MedicalPeriod, medical_period
from employees.leave.requests import (
    leave_request_cancel,
    leave_request_change,
    leave_request_submit,
)
from employees.leave.selectors import leave_balances, leave_ledger
from employees.models import Employee, LeaveRequest, LeaveType, MonthConfirmation, PunchSource
from employees.periods import months_later
from employees.timepages.forms import (
    CorrectionForm,
    LeavePeriodForm,
    LeaveRequestForm,
    OvertimeForm,
    month_from,
)
from employees.timepages.selectors import corrections_by_day, month_days, own_requests
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.org.selectors import company_current

NAV = "employees:time-me"
CHECKIN_NAV = "employees:time-checkin"


def own_employee(request: HttpRequest) -> Employee:
    """The employee record of the signed-in account, or 404 when it has none."""
    employee = Employee.objects.filter(user_id=cast(User, request.user).pk).first()
    if employee is None:
        raise Http404
    return employee


def _own_request(employee: Employee, pk: int) -> LeaveRequest:
    return get_object_or_404(
        LeaveRequest.objects.filter(employee=employee).select_related("leave_type"), pk=pk
    )


def _medical_period_or_none(employee: Employee, today: date) -> MedicalPeriod | None:
    """The line is information: a rule HR has not configured hides it, it never breaks
    the page (HR sees the missing rule on the legal rules page)."""
    try:
        return medical_period(employee, on=today)
    except ApplicationError:
        return None


@login_required
@require_GET
def my_time_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    user = cast(User, request.user)
    today = timezone.localdate()
    month = month_from(request.GET.get("month"), today)
    days = month_days(month)
    results = list(
        daily_results_list(viewer=user, start=days[0], end=days[-1], employee_id=employee.pk)
    )
    corrections = corrections_by_day(employee, days[0], days[-1])
    context = {
        "employee": employee,
        "today": today,
        "balances": leave_balances(employee, on=today),
        "medical": _medical_period_or_none(employee, today),
        "requests": own_requests(employee, today),
        "month": month,
        "previous_month": months_later(month, -1),
        "next_month": months_later(month, 1) if month < today.replace(day=1) else None,
        "days": [(row, corrections.get(row.day, [])) for row in results],
        "month_ended": month < today.replace(day=1),
        "confirmation": MonthConfirmation.objects.filter(employee=employee, month=month).first(),
        "nav_current": NAV,
    }
    return render(request, "employees/time/me.html", context)


@login_required
@require_GET
def ledger_view(request: HttpRequest, pk: int) -> HttpResponse:
    employee = own_employee(request)
    leave_type = get_object_or_404(LeaveType.objects.filter(tracks_balance=True), pk=pk)
    context = {
        "employee": employee,
        "leave_type": leave_type,
        "entries": leave_ledger(employee, leave_type),
        "nav_current": NAV,
    }
    return render(request, "employees/time/ledger.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def leave_new_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    user = cast(User, request.user)
    form = LeaveRequestForm(
        request.POST or None,
        request.FILES or None,
        health_consent_asked=employee.health_consent_at is None,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("document", None)
            health_consent = bool(data.pop("health_consent", False))
            try:
                if upload is None:
                    leave_request_submit(employee=employee, actor=user, **data)
                else:
                    leave_request_submit_with_document(
                        employee=employee,
                        document_name=upload.name or "",
                        document_data=upload.read(),
                        health_consent=health_consent,
                        actor=user,
                        **data,
                    )
            except ApplicationError as error:
                refusal_add(form, error)
            else:
                messages.success(request, _("Your leave request is sent for approval."))
                return redirect(NAV)
        status = 400
    context = {"employee": employee, "form": form, "nav_current": NAV}
    return render(request, "employees/time/leave_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def leave_change_view(request: HttpRequest, pk: int) -> HttpResponse:
    employee = own_employee(request)
    leave = _own_request(employee, pk)
    initial = {
        "start_day": leave.start_day,
        "end_day": leave.end_day,
        "starts_afternoon": leave.starts_afternoon,
        "ends_midday": leave.ends_midday,
        "hours_asked": leave.hours_asked,
        "reason": leave.reason,
    }
    form = LeavePeriodForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                leave_request_change(
                    request=leave, actor=cast(User, request.user), **form.cleaned_data
                )
            except ApplicationError as error:
                refusal_add(form, error)
            else:
                messages.success(request, _("Changed: the new days wait for approval."))
                return redirect(NAV)
        status = 400
    context = {"employee": employee, "form": form, "leave": leave, "nav_current": NAV}
    return render(request, "employees/time/leave_change.html", context, status=status)


@login_required
@require_POST
def leave_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    employee = own_employee(request)
    leave = _own_request(employee, pk)
    try:
        leave_request_cancel(request=leave, actor=cast(User, request.user))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Request cancelled."))
    return redirect(NAV)


@login_required
@require_http_methods(["GET", "POST"])
def overtime_new_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    form = OvertimeForm(request.POST or None, initial={"day": timezone.localdate()})
    status = 200
    show_override = bool(request.POST.get("override_reason"))
    if request.method == "POST":
        if form.is_valid():
            starts, ends = form.period(company_current().zone)
            try:
                overtime_request(
                    employee=employee,
                    day=form.cleaned_data["day"],
                    starts=starts,
                    ends=ends,
                    compensation=form.cleaned_data["compensation"],
                    reason=form.cleaned_data["reason"],
                    override_reason=form.cleaned_data["override_reason"],
                    actor=cast(User, request.user),
                )
            except ApplicationError as error:
                refusal_add(form, error)
                # The cap refusal names this field: only then is the reason asked for.
                show_override = show_override or error.extra.get("field") == "override_reason"
            else:
                messages.success(request, _("Your overtime request is sent for approval."))
                return redirect(NAV)
        status = 400
    context = {
        "employee": employee,
        "form": form,
        "show_override": show_override,
        "nav_current": NAV,
    }
    return render(request, "employees/time/overtime_form.html", context, status=status)


def _day_from(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def correction_new_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    user = cast(User, request.user)
    day = _day_from(request.GET.get("day")) or timezone.localdate()
    form = CorrectionForm(request.POST or None, initial={"day": day})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            day = form.cleaned_data["day"]
            try:
                punch_correction_request(
                    employee=employee,
                    day=day,
                    at=form.moment(company_current().zone),
                    reason=form.cleaned_data["reason"],
                    actor=user,
                )
            except ApplicationError as error:
                refusal_add(form, error)
            else:
                messages.success(request, _("Your correction is sent for approval."))
                return redirect(f"{reverse(NAV)}?month={day:%Y-%m}")
        status = 400
    punches = punches_list(viewer=user, start=day, end=day, employee_id=employee.pk)
    context = {
        "employee": employee,
        "form": form,
        "day": day,
        "punches": list(punches),
        "nav_current": NAV,
    }
    return render(request, "employees/time/correction_form.html", context, status=status)


@login_required
@require_POST
def month_confirm_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    month = month_from(request.POST.get("month"), timezone.localdate())
    try:
        month_confirm(employee=employee, month=month, actor=cast(User, request.user))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Thank you: %(month)s is confirmed.") % {"month": f"{month:%Y-%m}"}
        )
    return redirect(f"{reverse(NAV)}?month={month:%Y-%m}")


def _coordinate(value: str | None, limit: int) -> Decimal | None:
    try:
        number = Decimal((value or "").strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) > limit:
        return None
    return round(number, 6)


@login_required
@require_http_methods(["GET", "POST"])
def checkin_view(request: HttpRequest) -> HttpResponse:
    """One button: a punch now, from the phone. The location travels only when the
    employee gave the separate consent (the page asks the browser only then, and the
    server drops any coordinates sent without it)."""
    employee = own_employee(request)
    user = cast(User, request.user)
    consenting = employee.pk in location_consenting([employee.pk])
    if request.method == "POST":
        latitude = longitude = None
        if consenting:
            latitude = _coordinate(request.POST.get("latitude"), 90)
            longitude = _coordinate(request.POST.get("longitude"), 180)
            if latitude is None or longitude is None:
                latitude = longitude = None
        now = timezone.now()
        result = punches_record(
            rows=[PunchInput(employee.number, at=now, latitude=latitude, longitude=longitude)],
            source=PunchSource.PHONE,
            actor=user,
        )
        if result.refused:
            messages.error(request, result.refused[0][1])
        else:
            messages.success(
                request,
                _("Punch recorded at %(time)s.") % {"time": f"{timezone.localtime(now):%H:%M}"},
            )
        return redirect(CHECKIN_NAV)
    today = timezone.localdate()
    context = {
        "employee": employee,
        "consenting": consenting,
        "punches": list(punches_list(viewer=user, start=today, end=today, employee_id=employee.pk)),
        "nav_current": CHECKIN_NAV,
    }
    return render(request, "employees/time/checkin.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def location_consent_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    user = cast(User, request.user)
    if request.method == "POST":
        if request.POST.get("action") == "give":
            location_consent_give(employee=employee, actor=user)
            messages.success(request, _("Thank you: check-ins now keep where they were made."))
        else:
            location_consent_withdraw(employee=employee, actor=user)
            messages.success(request, _("Withdrawn: check-ins no longer keep a location."))
        return redirect(CHECKIN_NAV)
    context = {
        "employee": employee,
        "consenting": employee.pk in location_consenting([employee.pk]),
        "nav_current": CHECKIN_NAV,
    }
    return render(request, "employees/time/consent.html", context)
