"""Django admin: titled for hrflow, every model present, writes through services."""

import pytest
from django.contrib import admin

from hrflow.core.models import AuditEvent
from hrflow.org.models import Department
from tests.hrflow.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_is_titled_for_hrflow(admin_client):
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "hrflow administration" in html


def test_every_hrflow_model_is_registered():
    from django.apps import apps

    for label in ("accounts", "core", "org", "notifications"):
        for model in apps.get_app_config(label).get_models():
            assert admin.site.is_registered(model), model


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/",
        "/admin/org/department/",
        "/admin/org/location/",
        "/admin/core/auditevent/",
        "/admin/notifications/outboxmessage/",
        "/admin/django_celery_beat/periodictask/",
    ],
)
def test_changelists_open(admin_client, url):
    DepartmentFactory()
    assert admin_client.get(url).status_code == 200


def test_department_added_in_admin_gets_its_tree_path_and_audit(admin_client):
    parent = DepartmentFactory(code="hq")

    response = admin_client.post(
        "/admin/org/department/add/",
        {"name": "研发部", "code": "rd", "parent": parent.pk, "head": "", "is_active": "on"},
    )

    assert response.status_code == 302
    child = Department.objects.get(code="rd")
    assert child.path == f"{parent.path}{child.pk}/"
    assert AuditEvent.objects.filter(action="org.department_create", target_id=child.pk).exists()


def test_audit_trail_is_read_only_in_admin(admin_client):
    DepartmentFactory()
    event = AuditEvent.objects.first()
    assert admin_client.get("/admin/core/auditevent/add/").status_code == 403
    assert admin_client.post(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
