from django.urls import path

from employees.selfservice import views

urlpatterns = [
    path("me/", views.me_view, name="me"),
    path("me/contacts/", views.me_contacts_view, name="me-contacts"),
    path("me/emergency-contacts/", views.me_emergency_view, name="me-emergency"),
    path("me/health-consent/", views.me_health_consent_view, name="me-health-consent"),
]
