from django.urls import path

from employees.metrics import views, views_values

urlpatterns = [
    path("metrics/", views.metric_list_view, name="metric-list"),
    path("metrics/new/", views.metric_create_view, name="metric-create"),
    path("metrics/<int:pk>/", views.metric_edit_view, name="metric-edit"),
    path("metrics/values/", views_values.metric_value_list_view, name="metric-value-list"),
    path("metrics/values/new/", views_values.metric_value_enter_view, name="metric-value-enter"),
    path("metrics/import/", views_values.metric_import_view, name="metric-import"),
    path(
        "metrics/import/template.csv",
        views_values.metric_import_template_view,
        name="metric-import-template",
    ),
]
