"""Self-service pages: the signed-in employee's own record, and nobody else's.

The employee is always the one linked to the account; no URL here names an
employee, so there is no id to guess. Documents download through the records'
scoped view, which answers 404 for anyone else's.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.models import Employee
from employees.records.forms import RevealForm
from employees.records.selectors import employee_file
from employees.selfservice.forms import ContactsForm, EmergencyContactsForm
from employees.selfservice.sections import selfservice_sections_for
from employees.selfservice.services import (
    employee_contacts_update,
    employee_emergency_contacts_update,
)
from employees.services.sensitive import health_consent_give, masked, sensitive_reveal
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError

NAV = "employees:me"


def own_employee(request: HttpRequest) -> Employee:
    """The employee record of the signed-in account, or 404 when it has none."""
    employee = (
        Employee.objects.filter(user_id=cast(User, request.user).pk).select_related("user").first()
    )
    if employee is None:
        raise Http404
    return employee


@login_required
@require_GET
def me_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    user = cast(User, request.user)
    record = employee_file(viewer=user, employee=employee, as_of=timezone.localdate())
    context = {
        "employee": employee,
        "record": record,
        "as_of": record.as_of,
        "masked": masked(employee),
        "reveal_form": RevealForm(),
        "sections": selfservice_sections_for(employee),
        "nav_current": NAV,
    }
    return render(request, "employees/selfservice/me.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def me_contacts_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    form = ContactsForm(
        request.POST or None,
        initial={
            "phone": employee.phone,
            "personal_email": employee.personal_email,
            "address": employee.address,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                employee_contacts_update(
                    employee=employee, actor=cast(User, request.user), **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Saved. HR has been told."))
                return redirect("employees:me")
        status = 400
    context = {"employee": employee, "form": form, "nav_current": NAV}
    return render(request, "employees/selfservice/contacts.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def me_emergency_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    user = cast(User, request.user)
    status = 200
    if request.method == "POST":
        form = EmergencyContactsForm(request.POST)
        if form.is_valid():
            try:
                employee_emergency_contacts_update(
                    employee=employee, actor=user, contacts=form.contacts()
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Saved. HR has been told."))
                return redirect("employees:me")
        status = 400
    else:
        # Filling the form shows the stored contacts, so it is a logged look too.
        current = (
            sensitive_reveal(
                employee=employee,
                field="emergency_contacts",
                actor=user,
                reason=_("Editing in self-service"),
            )
            if employee.emergency_contacts
            else None
        )
        form = EmergencyContactsForm(initial=EmergencyContactsForm.initial_from(current))
    context = {"employee": employee, "form": form, "nav_current": NAV}
    response = render(request, "employees/selfservice/emergency.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def me_health_consent_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    health_consent_give(employee=employee, actor=cast(User, request.user))
    messages.success(request, _("Thank you. Your consent is recorded."))
    return redirect("employees:me")
