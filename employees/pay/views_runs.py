"""The payroll run pages: the runs, compute a group's month (again while in review),
approve and lock, verify a run against its stored inputs, and a payslip with every
line explained.

Payroll officers and HR admins only: anyone else gets 404, like a missing page, and
every id is looked up through the viewer's scope. Thin views over
employees.pay.selectors and the services (employees.pay.runs, .payslips).
"""

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.models import PayrollRun
from employees.pay.explain import lines_grouped, lines_shown
from employees.pay.forms_runs import RunApproveForm, RunComputeForm
from employees.pay.payslip_compute import group_payslips
from employees.pay.payslip_rows import department_names
from employees.pay.payslips import payroll_run_approve_and_send
from employees.pay.runs import payroll_run_compute, payroll_run_verify
from employees.pay.selectors import (
    pay_groups_for,
    payslip_for_payroll,
    run_delivery,
    run_get,
    run_payslips,
    runs_list,
)
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.params import parse_id, parse_page

NAV = "employees:payroll-runs"
READ = "employees.view_payrollrun"
WRITE = "employees.change_payrollrun"
RUNS_PER_PAGE = 25
PAYSLIPS_PER_PAGE = 50


def _viewer(request: HttpRequest) -> User:
    return cast(User, request.user)


def _runs_page(
    request: HttpRequest, form: RunComputeForm | None = None, status: int = 200
) -> HttpResponse:
    viewer = _viewer(request)
    group_id = parse_id(request.GET.get("group"))
    paginator = Paginator(runs_list(viewer=viewer, group_id=group_id), RUNS_PER_PAGE)
    page = paginator.get_page(parse_page(request.GET.get("page")))
    context = {
        "page": page,
        "groups": pay_groups_for(viewer),
        "group_id": group_id,
        "form": form or RunComputeForm(viewer=viewer),
        "nav_current": NAV,
    }
    return render(request, "employees/pay/runs/list.html", context, status=status)


@permission_view(READ)
@require_GET
def payroll_runs_view(request: HttpRequest) -> HttpResponse:
    return _runs_page(request)


@permission_view(WRITE)
@require_POST
def payroll_run_compute_view(request: HttpRequest) -> HttpResponse:
    """Compute a group's month; the service's refusals show on the form."""
    viewer = _viewer(request)
    form = RunComputeForm(request.POST, viewer=viewer)
    if form.is_valid():
        try:
            run = payroll_run_compute(
                group=form.cleaned_data["group"],
                month=form.cleaned_data["month"],
                actor=viewer,
                computer=group_payslips,
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Computed: the run is in review."))
            return redirect("employees:payroll-run", pk=run.pk)
    return _runs_page(request, form, status=400)


def _run_context(request: HttpRequest, run: PayrollRun) -> dict[str, Any]:
    paginator = Paginator(run_payslips(run), PAYSLIPS_PER_PAGE)
    page = paginator.get_page(parse_page(request.GET.get("page")))
    payslips = list(page.object_list)
    departments = department_names({payslip.department_id for payslip in payslips})
    return {
        "run": run,
        "page": page,
        "rows": [(p, departments.get(p.department_id, "")) for p in payslips],
        "delivery": run_delivery(run) if run.status == PayrollRun.Status.LOCKED else None,
        "review_url": reverse("employees:payroll-run-review", kwargs={"pk": run.pk}),
        "reports_url": reverse("employees:payroll-run-reports", kwargs={"pk": run.pk}),
        "in_review": run.status == PayrollRun.Status.COMPUTED,
        "nav_current": NAV,
    }


@permission_view(READ)
@require_GET
def payroll_run_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_get(viewer=_viewer(request), pk=pk)
    return render(request, "employees/pay/runs/detail.html", _run_context(request, run))


@permission_view(WRITE)
@require_POST
def payroll_run_recompute_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Compute the run's month again from today's inputs (while it is in review)."""
    viewer = _viewer(request)
    run = run_get(viewer=viewer, pk=pk)
    try:
        payroll_run_compute(
            group=run.pay_group, month=run.month, actor=viewer, computer=group_payslips
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Computed again from the current inputs."))
    return redirect("employees:payroll-run", pk=run.pk)


@permission_view(WRITE)
@require_http_methods(["GET", "POST"])
def payroll_run_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then approve and lock the run and send its payslips."""
    viewer = _viewer(request)
    run = run_get(viewer=viewer, pk=pk)
    form = RunApproveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            payroll_run_approve_and_send(run=run, actor=viewer)
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(
                request, _("Approved and locked. The payslips are being sent to the employees.")
            )
            return redirect("employees:payroll-run", pk=run.pk)
    context = {"run": run, "form": form, "nav_current": NAV}
    status = 400 if form.errors else 200
    return render(request, "employees/pay/runs/approve.html", context, status=status)


@permission_view(READ)
@require_POST
def payroll_run_verify_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Recompute the run from the inputs and rule versions it stored, and say whether
    every figure came out the same."""
    run = run_get(viewer=_viewer(request), pk=pk)
    try:
        identical = payroll_run_verify(run, computer=group_payslips)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if identical:
            messages.success(
                request,
                _(
                    "Verified: recomputed from its stored inputs and rule versions, every "
                    "figure is identical."
                ),
            )
        else:
            messages.error(
                request,
                _(
                    "Not identical: recomputed from its stored inputs and rule versions, "
                    "the figures differ from the stored payslips."
                ),
            )
    return redirect("employees:payroll-run", pk=run.pk)


@permission_view(READ)
@require_GET
def payroll_payslip_view(request: HttpRequest, pk: int) -> HttpResponse:
    payslip = payslip_for_payroll(viewer=_viewer(request), pk=pk)
    run = payslip.run
    shown = lines_shown(payslip.lines.all(), region=payslip.region, rules_used=run.rules_used)
    context = {
        "payslip": payslip,
        "run": run,
        "groups": lines_grouped(shown),
        "department": department_names({payslip.department_id})[payslip.department_id],
        "rules_used": run.rules_used,
        "nav_current": NAV,
    }
    return render(request, "employees/pay/runs/payslip.html", context)
