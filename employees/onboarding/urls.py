"""Onboarding pages at /employees/onboarding/, pre-boarding at /employees/welcome/."""

from django.urls import include, path

from employees.onboarding import views

urlpatterns = [
    path("onboarding/", views.plan_list_view, name="onboarding-plans"),
    path("onboarding/plans/<int:pk>/", views.plan_detail_view, name="onboarding-plan"),
    path("onboarding/plans/<int:pk>/invite/", views.plan_invite_view, name="onboarding-invite"),
    path("onboarding/plans/<int:pk>/buddy/", views.plan_buddy_view, name="onboarding-buddy"),
    path("onboarding/tasks/", views.my_tasks_view, name="onboarding-my-tasks"),
    path("onboarding/tasks/<int:pk>/done/", views.task_done_view, name="onboarding-task-done"),
    path("onboarding/templates/", views.template_list_view, name="onboarding-templates"),
    path(
        "onboarding/templates/new/",
        views.template_create_view,
        name="onboarding-template-create",
    ),
    path(
        "onboarding/templates/<int:pk>/",
        views.template_detail_view,
        name="onboarding-template",
    ),
    path(
        "onboarding/templates/<int:pk>/tasks/",
        views.template_task_add_view,
        name="onboarding-template-task-add",
    ),
    path(
        "onboarding/template-tasks/<int:pk>/",
        views.template_task_view,
        name="onboarding-template-task",
    ),
    path(
        "onboarding/template-tasks/<int:pk>/delete/",
        views.template_task_delete_view,
        name="onboarding-template-task-delete",
    ),
    path("welcome/", include("employees.preboarding.urls")),
]
