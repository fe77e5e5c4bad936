from django.urls import path

from hrflow.org import structure_views, views

app_name = "org"

urlpatterns = [
    path("company/", views.company_settings_view, name="company-settings"),
    path("departments/", structure_views.department_list_view, name="department-list"),
    path("departments/new/", structure_views.department_create_view, name="department-create"),
    path("departments/<int:pk>/", structure_views.department_edit_view, name="department-edit"),
    path("locations/", structure_views.location_list_view, name="location-list"),
    path("locations/new/", structure_views.location_create_view, name="location-create"),
    path("locations/<int:pk>/", structure_views.location_edit_view, name="location-edit"),
]
