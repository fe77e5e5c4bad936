from django.urls import path

from hrflow.notifications import views

app_name = "notifications"

urlpatterns = [
    path("templates/", views.template_list_view, name="template-list"),
    path(
        "templates/<slug:event>/<slug:channel>/<str:language>/",
        views.template_edit_view,
        name="template-edit",
    ),
    path(
        "templates/<slug:event>/<slug:channel>/<str:language>/preview/",
        views.template_preview_view,
        name="template-preview",
    ),
    path("settings/", views.settings_view, name="settings"),
    path("outbox/", views.outbox_view, name="outbox"),
]
