"""The employee's own payslips at /employees/me/payslips/ (self-service)."""

from django.urls import path

from employees.pay import views_payslips

urlpatterns = [
    path("me/payslips/", views_payslips.my_payslips_view, name="my-payslips"),
    path("me/payslips/<int:pk>/", views_payslips.my_payslip_view, name="my-payslip"),
    path(
        "me/payslips/<int:pk>/acknowledge/",
        views_payslips.my_payslip_acknowledge_view,
        name="my-payslip-acknowledge",
    ),
]
