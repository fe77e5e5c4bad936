"""The payroll run pages at /employees/payroll/ (payroll officers and HR admins)."""

from django.urls import path

from employees.pay import views_runs

urlpatterns = [
    path("payroll/runs/", views_runs.payroll_runs_view, name="payroll-runs"),
    path("payroll/runs/compute/", views_runs.payroll_run_compute_view, name="payroll-run-compute"),
    path("payroll/runs/<int:pk>/", views_runs.payroll_run_view, name="payroll-run"),
    path(
        "payroll/runs/<int:pk>/compute/",
        views_runs.payroll_run_recompute_view,
        name="payroll-run-recompute",
    ),
    path(
        "payroll/runs/<int:pk>/approve/",
        views_runs.payroll_run_approve_view,
        name="payroll-run-approve",
    ),
    path(
        "payroll/runs/<int:pk>/verify/",
        views_runs.payroll_run_verify_view,
        name="payroll-run-verify",
    ),
    path("payroll/payslips/<int:pk>/", views_runs.payroll_payslip_view, name="payroll-payslip"),
]
