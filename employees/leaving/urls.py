"""Leaving pages: the leavers, a leaver's final pay, checklist and exit certificate, the
offboarding tasks of everyone who owns some, and the checklist template."""

from django.urls import path

from employees.leaving import views_certificate, views_checklist, views_final_pay

urlpatterns = [
    # Before the employee pages' "<ref>/": "leavers" and "offboarding" are no numbers.
    path("leavers/", views_final_pay.leaver_list_view, name="leavers"),
    path("offboarding/tasks/", views_checklist.my_tasks_view, name="offboarding-my-tasks"),
    path(
        "offboarding/tasks/<int:pk>/done/",
        views_checklist.task_done_view,
        name="offboarding-task-done",
    ),
    path("offboarding/template/", views_checklist.template_view, name="offboarding-template"),
    path(
        "offboarding/template/<int:pk>/",
        views_checklist.template_task_view,
        name="offboarding-template-task",
    ),
    path(
        "offboarding/template/<int:pk>/delete/",
        views_checklist.template_task_delete_view,
        name="offboarding-template-task-delete",
    ),
    path("<str:ref>/final-pay/", views_final_pay.final_pay_view, name="employee-final-pay"),
    path("<str:ref>/offboarding/", views_checklist.checklist_view, name="employee-offboarding"),
    path(
        "<str:ref>/exit-certificate/",
        views_certificate.certificate_view,
        name="employee-exit-certificate",
    ),
]
