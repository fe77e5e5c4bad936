"""The public careers site, mounted at /careers/ (every page here is public)."""

from django.urls import path

from recruiting.views import careers

app_name = "careers"

urlpatterns = [
    path("", careers.job_list_view, name="job-list"),
    path("jobs/<int:pk>/", careers.job_detail_view, name="job-detail"),
    path("jobs/<int:pk>/thanks/", careers.job_thanks_view, name="job-thanks"),
]
