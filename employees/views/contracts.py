"""Labour contract pages: the list, one contract, and HR's record / sign / renew / end.

HR admins write; a line manager sees that a report has a contract and its term;
the person reads their own (the self-service page uses `contracts_for_employee`).
"""

from datetime import timedelta
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.forms.contracts import (
    ContractCreateForm,
    ContractEndForm,
    ContractFilterForm,
    ContractSignForm,
    ContractTermsForm,
)
from employees.models import Contract, Employee
from employees.selectors.contracts import (
    contract_get,
    contracts_list,
    contracts_unwritten,
    open_ended_ground,
    probation_limit_months,
)
from employees.services.contracts import (
    contract_create,
    contract_end,
    contract_renew,
    contract_sign,
)
from employees.views.staff_access import is_hr, manager_or_permission_view
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.params import parse_id, parse_page

PAGE_SIZE = 50


@manager_or_permission_view("employees.view_contract")
@require_GET
def contract_list_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    filters = ContractFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = contracts_list(
        viewer=user, q=data.get("q", ""), status=data.get("status", ""), kind=data.get("kind", "")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(parse_page(request.GET.get("page")))
    return render(
        request,
        "employees/contracts/list.html",
        {"page": page, "filters": filters, "hr": is_hr(user)},
    )


@login_required  # the scope decides: HR all, a manager their reports', the person their own
@require_GET
def contract_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    contract = contract_get(viewer=user, pk=pk)
    hr = is_hr(user)
    context: dict = {"contract": contract, "hr": hr}
    if hr:
        context |= {
            "sign_form": ContractSignForm(initial={"signed_on": timezone.localdate()}),
            "end_form": ContractEndForm(),
            "probation_max": probation_limit_months(
                kind=contract.kind, starts_on=contract.starts_on, ends_on=contract.ends_on
            ),
            "renewed_by": Contract.objects.filter(renewal_of=contract).first(),
        }
    return render(request, "employees/contracts/detail.html", context)


@permission_view("employees.add_contract")
@require_http_methods(["GET", "POST"])
def contract_create_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    employee = _employee_from_query(request, user)
    if request.method == "POST":
        form = ContractCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            person = scoped(Employee.objects.all(), user).filter(number=data["employee"]).first()
            if person is None:
                form.add_error("employee", _("No employee has that number."))
            else:
                try:
                    contract = contract_create(
                        employee=person,
                        kind=data["kind"],
                        starts_on=data["starts_on"],
                        ends_on=data["ends_on"],
                        probation_months=data["probation_months"] or 0,
                        task_description=data["task_description"],
                        signed_on=data["signed_on"],
                        note=data["note"],
                        actor=user,
                    )
                except ApplicationError as error:
                    refusal_add(form, error)
                else:
                    messages.success(request, _("The contract is recorded."))
                    return redirect("employees:contract-detail", pk=contract.pk)
    else:
        initial = {}
        if employee is not None:
            initial = {"employee": employee.number, "starts_on": employee.hire_date}
        form = ContractCreateForm(initial=initial)
    return render(request, "employees/contracts/form.html", {"form": form, "employee": employee})


@permission_view("employees.change_contract")
@require_POST
def contract_sign_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    contract = contract_get(viewer=user, pk=pk)
    form = ContractSignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day both sides signed."))
        return redirect("employees:contract-detail", pk=pk)
    try:
        contract_sign(contract=contract, signed_on=form.cleaned_data["signed_on"], actor=user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The contract is signed and in force."))
    return redirect("employees:contract-detail", pk=pk)


@permission_view("employees.add_contract")
@require_http_methods(["GET", "POST"])
def contract_renew_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    contract = contract_get(viewer=user, pk=pk)
    if contract.ends_on is None or contract.status != Contract.Status.ACTIVE:
        raise Http404  # nothing to renew: an open-ended, unsigned or ended contract
    if request.method == "POST":
        form = ContractTermsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                renewal = contract_renew(
                    contract=contract,
                    kind=data["kind"],
                    ends_on=data["ends_on"],
                    task_description=data["task_description"],
                    signed_on=data["signed_on"],
                    note=data["note"],
                    actor=user,
                )
            except ApplicationError as error:
                refusal_add(form, error)
            else:
                messages.success(request, _("The renewal is recorded."))
                return redirect("employees:contract-detail", pk=renewal.pk)
    else:
        form = ContractTermsForm(initial={"kind": contract.kind})
    starts_on = contract.ends_on + timedelta(days=1)
    ground = open_ended_ground(employee=contract.employee, starts_on=starts_on)
    return render(
        request,
        "employees/contracts/renew.html",
        {
            "form": form,
            "contract": contract,
            "starts_on": starts_on,
            "ground": Contract.OpenEndedGround(ground).label if ground else "",
        },
    )


@permission_view("employees.change_contract")
@require_POST
def contract_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    contract = contract_get(viewer=user, pk=pk)
    form = ContractEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the contract's last day."))
        return redirect("employees:contract-detail", pk=pk)
    try:
        contract_end(
            contract=contract,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
            actor=user,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The contract is ended."))
    return redirect("employees:contract-detail", pk=pk)


@permission_view("employees.add_contract")
@require_GET
def contract_unwritten_view(request: HttpRequest) -> HttpResponse:
    """Everyone past the written-contract month without a signed contract (art. 10, 82)."""
    rows = contracts_unwritten(on=timezone.localdate())
    return render(request, "employees/contracts/unwritten.html", {"rows": rows})


def _employee_from_query(request: HttpRequest, user: User) -> Employee | None:
    """The employee the "record a contract" link names, resolved through the scope."""
    raw = request.GET.get("employee")
    if raw is None:
        return None
    pk = parse_id(raw)
    if pk is None:
        raise Http404
    employee = scoped(Employee.objects.all(), user).filter(pk=pk).first()
    if employee is None:
        raise Http404
    return employee
