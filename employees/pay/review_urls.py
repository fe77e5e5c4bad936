from django.urls import path

from employees.pay import views_review

urlpatterns = [
    path(
        "payroll/runs/<int:pk>/review/",
        views_review.payroll_run_review_view,
        name="payroll-run-review",
    ),
    path(
        "payroll/runs/<int:pk>/reports/",
        views_review.payroll_run_reports_view,
        name="payroll-run-reports",
    ),
    path(
        "payroll/runs/<int:pk>/reports/<slug:report>.<slug:kind>",
        views_review.payroll_run_report_file_view,
        name="payroll-run-report-file",
    ),
    path(
        "payroll/runs/<int:pk>/bank-file/",
        views_review.payroll_run_bank_file_view,
        name="payroll-run-bank-file",
    ),
]
