"""Payroll settings: pay groups and pay components (payroll officers and HR admins).

Everyone else gets a 404, like a page that does not exist (hrflow.accounts.decorators).
"""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from employees.models import PayComponent, PayGroup
from employees.pay.bank_file_columns import BANK_FILE_COLUMNS
from employees.pay.setup import pay_component_save, pay_group_save
from employees.paypages.forms import PayComponentForm, PayGroupForm
from employees.paypages.selectors import pay_component_rows, pay_group_rows
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add

GROUPS = "employees.change_paygroup"
COMPONENTS = "employees.change_paycomponent"
NAV = "employees:pay-components"
COLUMN_LABELS = {column.code: column.label for column in BANK_FILE_COLUMNS}


@permission_view(GROUPS)
@require_GET
def pay_group_list_view(request: HttpRequest) -> HttpResponse:
    rows = [
        (group, [COLUMN_LABELS.get(code, code) for code in group.bank_file_columns])
        for group in pay_group_rows(request.user, timezone.localdate())
    ]
    return render(
        request,
        "employees/pay/group_list.html",
        {"rows": rows, "tab": "groups", "nav_current": NAV},
    )


@permission_view(GROUPS)
@require_http_methods(["GET", "POST"])
def pay_group_create_view(request: HttpRequest) -> HttpResponse:
    return _group_form(request, None)


@permission_view(GROUPS)
@require_http_methods(["GET", "POST"])
def pay_group_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _group_form(request, get_scoped_or_404(PayGroup.objects.all(), request.user, pk=pk))


def _group_form(request: HttpRequest, group: PayGroup | None) -> HttpResponse:
    form = PayGroupForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            pay_group_save(group=group, actor=cast(User, request.user), **form.group_values())
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Pay group saved."))
            return redirect("employees:pay-groups")
    return render(
        request,
        "employees/pay/group_form.html",
        {"form": form, "group": group, "tab": "groups", "nav_current": NAV},
        status=400 if form.errors else 200,
    )


@permission_view(COMPONENTS)
@require_GET
def pay_component_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "employees/pay/component_list.html",
        {
            "components": list(pay_component_rows(request.user)),
            "tab": "components",
            "nav_current": NAV,
        },
    )


@permission_view(COMPONENTS)
@require_http_methods(["GET", "POST"])
def pay_component_create_view(request: HttpRequest) -> HttpResponse:
    return _component_form(request, None)


@permission_view(COMPONENTS)
@require_http_methods(["GET", "POST"])
def pay_component_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    component = get_scoped_or_404(PayComponent.objects.all(), request.user, pk=pk)
    return _component_form(request, component)


def _component_form(request: HttpRequest, component: PayComponent | None) -> HttpResponse:
    form = PayComponentForm(request.POST or None, component=component)
    if request.method == "POST" and form.is_valid():
        try:
            pay_component_save(
                component=component, actor=cast(User, request.user), **form.component_values()
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Pay component saved."))
            return redirect("employees:pay-components")
    return render(
        request,
        "employees/pay/component_form.html",
        {"form": form, "component": component, "tab": "components", "nav_current": NAV},
        status=400 if form.errors else 200,
    )
