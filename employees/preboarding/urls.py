"""The new hire's pre-boarding pages (mounted at /employees/welcome/)."""

from django.urls import path

from employees.preboarding import views

urlpatterns = [
    path("in/<str:token>/", views.link_view, name="welcome-link"),
    path("in/<str:token>/renew/", views.renewal_view, name="welcome-renew"),
    path("sign-out/", views.sign_out_view, name="welcome-sign-out"),
    path("", views.home_view, name="welcome-home"),
    path("documents/", views.documents_view, name="welcome-documents"),
    path("documents/<int:pk>/", views.document_file_view, name="welcome-document-file"),
    path("policies/", views.policies_view, name="welcome-policies"),
    path("policies/<int:pk>/", views.policy_view, name="welcome-policy"),
    path("first-day/", views.first_day_view, name="welcome-first-day"),
    path("finish/", views.finish_view, name="welcome-finish"),
    # Last: the other pages' names would otherwise be taken for a page name.
    path("<slug:page>/", views.edit_view, name="welcome-edit"),
]
