"""Salaries: the list of whom the company pays, and one employee's pay page (the dated
salary history and the form that changes it from a day). Payroll officers and HR
admins only; everyone else gets a 404, like a page that does not exist."""

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from employees.models import Employee, SalaryRecord
from employees.pay.access import pay_employee_by_ref
from employees.pay.salaries import salary_change
from employees.paypages.forms import ITEM_PREFIX, SalaryChangeForm, SalaryFilterForm
from employees.paypages.selectors import (
    amount_components,
    groups_to_choose,
    record_in_force,
    salary_history,
    salary_rows,
)
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.params import parse_page

READ = "employees.view_salaryrecord"
CHANGE = "employees.add_salaryrecord"
NAV = "employees:pay-salaries"
PER_PAGE = 25


@permission_view(READ)
@require_GET
def salary_list_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = SalaryFilterForm(request.GET)
    q, include_left = form.filters()
    rows = salary_rows(request.user, q=q, include_left=include_left, day=today)
    page = Paginator(rows, PER_PAGE).get_page(parse_page(request.GET.get("page")))
    return render(
        request,
        "employees/pay/salary_list.html",
        {"form": form, "q": q, "page": page, "today": today, "nav_current": NAV},
    )


@permission_view(READ)
@require_GET
def employee_pay_view(request: HttpRequest, ref: str) -> HttpResponse:
    employee = pay_employee_by_ref(request.user, ref)
    return _page(request, employee)


@permission_view(CHANGE)
@require_POST
def employee_pay_change_view(request: HttpRequest, ref: str) -> HttpResponse:
    """Change the salary from a day: a new record, or the correction of one starting then."""
    employee = pay_employee_by_ref(request.user, ref)
    records = salary_history(request.user, employee)
    form = _change_form(request, records, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            salary_change(
                employee=employee,
                valid_from=data["valid_from"],
                pay_group=data["pay_group"],
                base_monthly=data["base_monthly"],
                items=form.items(),
                insurance_base=data["insurance_base"],
                local_hukou=data["local_hukou"],
                tax_resident=data["tax_resident"],
                reason=data["reason"],
                actor=cast(User, request.user),
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("The salary change is recorded."))
            return redirect("employees:employee-pay", ref=employee.number)
    return _page(request, employee, records=records, form=form, status=400)


def _change_form(
    request: HttpRequest, records: list[SalaryRecord], data: Any = None
) -> SalaryChangeForm:
    today = timezone.localdate()
    current = record_in_force(records, today)
    return SalaryChangeForm(
        data,
        groups=groups_to_choose(request.user, current.pay_group if current else None),
        components=amount_components(request.user),
        initial=_initial(current, today),
    )


def _initial(current: SalaryRecord | None, today: date) -> dict[str, Any]:
    """The form starts from the salary in force today, so a raise changes one field."""
    if current is None:
        return {"valid_from": today}
    return {
        "valid_from": today,
        "pay_group": current.pay_group_id,
        "base_monthly": current.base_monthly,
        "insurance_base": current.insurance_base,
        "local_hukou": current.local_hukou,
        "tax_resident": current.tax_resident,
        **{f"{ITEM_PREFIX}{item.component.code}": item.amount for item in current.items.all()},
    }


def _page(
    request: HttpRequest,
    employee: Employee,
    *,
    records: list[SalaryRecord] | None = None,
    form: SalaryChangeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if records is None:
        records = salary_history(request.user, employee)
    today = timezone.localdate()
    current = record_in_force(records, today)
    if form is None and request.user.has_perm(CHANGE):
        form = _change_form(request, records)
    return render(
        request,
        "employees/pay/salary.html",
        {
            "employee": employee,
            "records": records,
            "current": current,
            "today": today,
            "form": form,
            "nav_current": NAV,
        },
        status=status,
    )
