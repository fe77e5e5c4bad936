"""The employees app's pages; each feature package brings its own urls module."""

from django.urls import include, path

app_name = "employees"

urlpatterns: list = [
    # Self-service first: "me/" is not an employee number.
    path("", include("employees.selfservice.urls")),
    path("", include("employees.pay.declaration_urls")),
    path("", include("employees.pay.payslip_urls")),
    path("", include("employees.pay.run_urls")),
    path("", include("employees.contracts_urls")),
    path("", include("employees.onboarding.urls")),
    path("", include("employees.structure.urls")),
    path("", include("employees.performance.urls")),
    path("", include("employees.metrics.urls")),
    # Before the records: "pay/..." is not an employee number.
    path("", include("employees.paypages.urls")),
    path("", include("employees.pay.review_urls")),
    path("", include("employees.leaving.urls")),
    path("", include("employees.records.urls")),
    path("", include("employees.training.urls")),
    path("", include("employees.skills.urls")),
    path("", include("employees.timepages.urls")),
    path("", include("employees.timeimport.urls")),
]
