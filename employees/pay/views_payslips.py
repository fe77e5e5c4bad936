"""The employee's own payslips (phone first): the list of locked months, one payslip with
every figure explained and the year to date, and the acknowledgement.

No URL here names an employee: a payslip id is looked up among the signed-in person's
own payslips of locked runs only, so anyone else's, or a month still in review, is 404.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from employees.pay.explain import lines_grouped, lines_shown
from employees.pay.payslips import payslip_acknowledge
from employees.pay.selectors import own_payslip, own_payslips, year_to_date
from employees.selfservice.views import own_employee
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.params import parse_page

NAV = "employees:my-payslips"
PER_PAGE = 24  # two years of months


@login_required
@require_GET
def my_payslips_view(request: HttpRequest) -> HttpResponse:
    employee = own_employee(request)
    paginator = Paginator(own_payslips(cast(User, request.user)), PER_PAGE)
    page = paginator.get_page(parse_page(request.GET.get("page")))
    context = {"employee": employee, "page": page, "nav_current": NAV}
    return render(request, "employees/pay/payslips/list.html", context)


@login_required
@require_GET
def my_payslip_view(request: HttpRequest, pk: int) -> HttpResponse:
    payslip = own_payslip(viewer=cast(User, request.user), pk=pk)
    # The employee reads what each figure is; the rule versions are on HR's page.
    shown = lines_shown(payslip.lines.all(), region=payslip.region, rules_used=[])
    context = {
        "payslip": payslip,
        "run": payslip.run,
        "groups": lines_grouped(shown, employer=False),
        "employer": lines_grouped(
            [line for line in shown if line.category == "employer"], employer=True
        ),
        "ytd": year_to_date(payslip),
        "nav_current": NAV,
    }
    return render(request, "employees/pay/payslips/detail.html", context)


@login_required
@require_POST
def my_payslip_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    payslip = own_payslip(viewer=user, pk=pk)
    already = payslip.acknowledged_at is not None
    try:
        payslip_acknowledge(payslip=payslip, actor=user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if not already:
            messages.success(request, _("Thank you: your acknowledgement is recorded."))
    return redirect("employees:my-payslip", pk=payslip.pk)
