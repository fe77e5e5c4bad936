from django.urls import path

from employees.pay import views_declarations

urlpatterns = [
    path(
        "me/tax-deductions/",
        views_declarations.me_tax_deductions_view,
        name="me-tax-deductions",
    ),
    path(
        "me/tax-deductions/<int:pk>/end/",
        views_declarations.me_tax_deduction_end_view,
        name="me-tax-deduction-end",
    ),
    path("me/tax-year/first-job/", views_declarations.me_first_job_view, name="me-first-job"),
]
