from django.urls import path

from employees.timeimport import views

urlpatterns = [
    path("attendance/import/", views.attendance_import_view, name="attendance-import"),
]
