from django.urls import path

from hrflow.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("status/", views.system_status, name="system-status"),
]
