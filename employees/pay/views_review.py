"""The pages a payroll officer reads before and after approving a run: the review of
its differences against the previous locked month with the outliers on top, and the
run's reports (tax withholding, insurance, accounting, employer cost) with their files
and the bank payment file."""

from collections.abc import Callable
from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from employees.models import PayrollRun
from employees.pay import report_files
from employees.pay.bank_file import bank_file_build
from employees.pay.reports import (
    accounting_summary,
    employer_cost,
    insurance_summary,
    report_payslips,
    tax_withholding_summary,
)
from employees.pay.review import run_review
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError

PAYROLL_READ = "employees.view_payrollrun"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# report code -> (its summary from the payslips, CSV writer, XLSX writer)
REPORTS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], bytes], Callable[[Any], bytes]]] = {
    "tax": (
        tax_withholding_summary,
        report_files.tax_summary_csv,
        report_files.tax_summary_xlsx,
    ),
    "insurance": (
        insurance_summary,
        report_files.insurance_summary_csv,
        report_files.insurance_summary_xlsx,
    ),
    "accounting": (
        accounting_summary,
        report_files.accounting_summary_csv,
        report_files.accounting_summary_xlsx,
    ),
    "employer-cost": (
        employer_cost,
        report_files.employer_cost_csv,
        report_files.employer_cost_xlsx,
    ),
}


def _run(request: HttpRequest, pk: int) -> PayrollRun:
    return get_scoped_or_404(PayrollRun.objects.select_related("pay_group"), request.user, pk=pk)


@permission_view(PAYROLL_READ)
@require_GET
def payroll_run_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    review = run_review(run)
    only_flagged = request.GET.get("show") != "all"
    rows = review.outliers if only_flagged else review.employees
    return render(
        request,
        "employees/pay/runs/review.html",
        {
            "run": run,
            "review": review,
            "rows": rows,
            "only_flagged": only_flagged,
            "locked": run.status == PayrollRun.Status.LOCKED,
        },
    )


@permission_view(PAYROLL_READ)
@require_GET
def payroll_run_reports_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    payslips = report_payslips(run=run)
    return render(
        request,
        "employees/pay/runs/reports.html",
        {
            "run": run,
            "tax": tax_withholding_summary(payslips),
            "insurance": insurance_summary(payslips),
            "accounting": accounting_summary(payslips),
            "cost": employer_cost(payslips),
            "locked": run.status == PayrollRun.Status.LOCKED,
        },
    )


@permission_view(PAYROLL_READ)
@require_GET
def payroll_run_report_file_view(
    request: HttpRequest, pk: int, report: str, kind: str
) -> HttpResponse:
    if report not in REPORTS or kind not in ("csv", "xlsx"):
        raise Http404
    run = _run(request, pk)
    summarise, to_csv, to_xlsx = REPORTS[report]
    summary = summarise(report_payslips(run=run))
    content = to_csv(summary) if kind == "csv" else to_xlsx(summary)
    response = HttpResponse(content, content_type="text/csv" if kind == "csv" else XLSX)
    filename = f"{report}-{run.pay_group.pk}-{run.month:%Y-%m}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_view(PAYROLL_READ)
@require_GET
def payroll_run_bank_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The bank payment file; each account revealed for it is logged (bank_file)."""
    run = _run(request, pk)
    allow_missing = request.GET.get("missing") == "leave-out"
    try:
        built = bank_file_build(
            run=run, actor=cast(User, request.user), allow_missing=allow_missing
        )
    except ApplicationError as error:
        return render(
            request,
            "employees/pay/runs/bank_file_refused.html",
            {"run": run, "message": error.message, "missing": bool(error.extra.get("missing"))},
            status=409,
        )
    response = HttpResponse(built.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{built.filename}"'
    response["X-Payments"] = str(built.count)
    response["X-Left-Out"] = str(len(built.left_out))
    return response
