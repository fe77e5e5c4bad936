from django.urls import path

from hrflow.org import views

app_name = "org"

urlpatterns = [
    path("company/", views.company_settings_view, name="company-settings"),
]
