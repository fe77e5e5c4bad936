"""The public careers site, mounted at /careers/ (every page here is public)."""

from django.urls import path

from careers import views

app_name = "careers"

urlpatterns = [
    path("", views.job_list_view, name="job-list"),
    path("jobs/<int:pk>/", views.job_detail_view, name="job-detail"),
    path("jobs/<int:pk>/thanks/", views.job_thanks_view, name="job-thanks"),
]
