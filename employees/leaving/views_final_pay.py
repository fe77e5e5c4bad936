"""The leavers list and a leaver's final pay: HR admins and payroll officers only; anyone
else gets 404, as for a missing page."""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from employees.leaving.forms import REASON_LABELS, FinalPayForm
from employees.leaving.selectors import is_hr, leaver_by_ref, leaver_rows
from employees.models import FinalPay
from employees.pay.final_settlement import exit_month_locked, final_pay_prepare, final_pay_reasons
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.params import parse_page

PAGE_SIZE = 50
PAY = "employees.change_finalpay"


@permission_view("employees.view_finalpay")
@require_GET
def leaver_list_view(request: HttpRequest) -> HttpResponse:
    """Every leaver with their checklist's progress and final pay, latest last day first."""
    page = Paginator(leaver_rows(), PAGE_SIZE).get_page(parse_page(request.GET.get("page")))
    context = {
        "page": page,
        "is_hr": is_hr(cast(User, request.user)),
        "nav_current": "employees:leavers",
    }
    return render(request, "employees/leaving/leaver_list.html", context)


@permission_view(PAY)
@require_http_methods(["GET", "POST"])
def final_pay_view(request: HttpRequest, ref: str) -> HttpResponse:
    """The final pay as last prepared, with how it was worked out, and the button that
    prepares it (again) for the reason the contract ended."""
    user = cast(User, request.user)
    employee = leaver_by_ref(ref)
    assert employee.left_on is not None  # leaver_by_ref finds leavers only
    final = FinalPay.objects.filter(employee=employee).first()
    initial = {"reason_code": final.reason_code} if final else {}
    form = FinalPayForm(
        request.POST or None, reasons=final_pay_reasons(employee.left_on), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            final_pay_prepare(
                employee=employee, reason_code=form.cleaned_data["reason_code"], actor=user
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("The final pay is prepared and booked for the month."))
            return redirect("employees:employee-final-pay", ref=employee.number)
    context = {
        "employee": employee,
        "final": final,
        "reason_label": REASON_LABELS.get(final.reason_code, final.reason_code) if final else "",
        "form": form,
        "locked": exit_month_locked(employee),
        "is_hr": is_hr(user),
        "nav_current": "employees:leavers",
    }
    status = 400 if form.errors else 200
    return render(request, "employees/leaving/final_pay.html", context, status=status)
