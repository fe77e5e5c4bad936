"""Positions, the org chart, a manager's team and employees' sign-in accounts."""

from django.urls import path

from employees.structure import views_chart, views_people, views_positions

urlpatterns = [
    path("positions/", views_positions.position_list_view, name="position-list"),
    path("positions/new/", views_positions.position_create_view, name="position-create"),
    path("positions/<int:pk>/", views_positions.position_edit_view, name="position-edit"),
    path("org-chart/", views_chart.org_chart_view, name="org-chart"),
    path(
        "org-chart/departments/<int:pk>/",
        views_chart.org_chart_department_view,
        name="org-chart-department",
    ),
    path("my-team/", views_people.my_team_view, name="my-team"),
    path(
        "<int:pk>/account/",
        views_people.employee_account_create_view,
        name="account-create",
    ),
]
