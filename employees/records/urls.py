from django.urls import path

from employees.records import views

urlpatterns = [
    path("", views.employee_list_view, name="employee-list"),
    path("documents/<int:pk>/", views.employee_document_view, name="employee-document"),
    # Before "<ref>/": "new" is not an employee number.
    path("new/", views.employee_create_view, name="employee-create"),
    path("<str:ref>/", views.employee_detail_view, name="employee-detail"),
    path("<str:ref>/change/", views.employee_change_view, name="employee-change"),
    path("<str:ref>/notes/", views.employee_note_view, name="employee-note"),
    path("<str:ref>/edit/", views.employee_edit_view, name="employee-edit"),
    path("<str:ref>/leave/", views.employee_leave_view, name="employee-leave"),
    path("<str:ref>/reveal/<str:field>/", views.employee_reveal_view, name="employee-reveal"),
]
