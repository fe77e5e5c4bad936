"""Self-service: the signed-in employee's own tax declarations, and nobody else's (a
declaration id of another employee is 404)."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from employees.models import TaxDeduction, TaxYear
from employees.pay.declaration_forms import DeclarationEndForm, DeclarationForm, FirstJobForm
from employees.pay.declarations import (
    tax_deduction_declare,
    tax_deduction_end,
    tax_first_job_declare,
)
from employees.selfservice.views import own_employee
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add

NAV = "employees:me"


@login_required
@require_http_methods(["GET", "POST"])
def me_tax_deductions_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    year = timezone.localdate().year
    form = DeclarationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                tax_deduction_declare(
                    employee=employee,
                    item=data.pop("item"),
                    valid_from=data.pop("valid_from"),
                    details=data,
                    actor=cast(User, request.user),
                )
            except ApplicationError as error:
                refusal_add(form, error)
            else:
                messages.success(request, _("Declared. Payroll deducts it from that month on."))
                return redirect("employees:me-tax-deductions")
        status = 400
    tax_year = TaxYear.objects.filter(employee=employee, year=year).first()
    context = {
        "employee": employee,
        "form": form,
        "declarations": TaxDeduction.objects.filter(employee=employee).order_by(
            "-valid_from", "item"
        ),
        "end_form": DeclarationEndForm(),
        "first_job_form": FirstJobForm(
            initial={"first_job": bool(tax_year and tax_year.first_job_this_year)}
        ),
        "year": year,
        "nav_current": NAV,
    }
    return render(request, "employees/pay/declarations/me.html", context, status=status)


@login_required
@require_POST
def me_tax_deduction_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    employee = own_employee(request)
    declaration = get_object_or_404(TaxDeduction, pk=pk, employee=employee)
    form = DeclarationEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the last month."))
        return redirect("employees:me-tax-deductions")
    try:
        tax_deduction_end(
            declaration=declaration,
            last_month=form.cleaned_data["last_month"],
            actor=cast(User, request.user),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Ended."))
    return redirect("employees:me-tax-deductions")


@login_required
@require_POST
def me_first_job_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    form = FirstJobForm(request.POST)
    form.is_valid()  # a tick box: absent is False
    try:
        tax_first_job_declare(
            employee=employee,
            year=timezone.localdate().year,
            first_job=bool(form.cleaned_data.get("first_job")),
            actor=cast(User, request.user),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("employees:me-tax-deductions")
