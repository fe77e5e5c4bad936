"""Skills pages at /employees/skills/."""

from django.urls import path

from employees.skills import views

urlpatterns = [
    path("skills/requirements/", views.requirement_list_view, name="skills-requirements"),
]
