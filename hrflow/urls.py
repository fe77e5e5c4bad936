"""The project's URL map: each app brings its own urls module."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("hrflow administration")
admin.site.site_title = _("hrflow admin")
admin.site.index_title = _("Site administration")

urlpatterns = [
    # /healthz is answered by hrflow.core.middleware.HealthCheckMiddleware.
    path("accounts/", include("hrflow.accounts.urls")),
    path("api/", include("recruiting.api.urls")),
    path("recruiting/", include("recruiting.urls")),
    path("employees/", include("employees.urls")),
    path("careers/", include("careers.urls")),
    path("portal/", include("portal.urls")),
    path("integrations/", include("integrations.urls")),
    path("notifications/", include("hrflow.notifications.urls")),
    path("org/", include("hrflow.org.urls")),
    path("competencies/", include("hrflow.competencies.urls")),
    path("analytics/", include("analytics.urls")),
    path("admin/", admin.site.urls),
    path("", include("hrflow.web.urls")),
]
