from django.urls import path

from analytics import views
from analytics.drilldown import views as drilldown

app_name = "analytics"

urlpatterns = [
    path("", views.report_index_view, name="index"),
    path("drill/applications/", drilldown.application_drill_view, name="drill-applications"),
    path("drill/employees/", drilldown.employee_drill_view, name="drill-employees"),
    path("<slug:key>/", views.report_view, name="report"),
]
