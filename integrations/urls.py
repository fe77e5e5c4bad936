from django.urls import path

from integrations.views import webhook_view

app_name = "integrations"

urlpatterns = [
    path("webhooks/<uuid:connection_uuid>/", webhook_view, name="webhook"),
]
