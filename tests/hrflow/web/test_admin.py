"""Django admin: titled for hrflow, every model present, writes through services."""

import pytest
from django.contrib import admin

from hrflow.accounts.roles import Role
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

    for label in ("accounts", "core", "org", "competencies", "notifications"):
        for model in apps.get_app_config(label).get_models():
            assert admin.site.is_registered(model), model


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/",
        "/admin/org/department/",
        "/admin/org/location/",
        "/admin/org/companysettings/",
        "/admin/competencies/dimension/",
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


def _user_form(user, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "is_active": "on",
        "roles": [group.name for group in user.groups.all()],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_hr_admin_cannot_promote_themselves_in_admin(client):
    """is_superuser/is_staff/permissions are read-only for anyone but a superuser."""
    hr = UserFactory(roles=[Role.HR_ADMIN], is_staff=True)
    client.force_login(hr)

    response = client.post(
        f"/admin/accounts/user/{hr.pk}/change/",
        _user_form(hr, is_superuser="on", is_staff="on", user_permissions=[1]),
    )

    assert response.status_code == 302
    hr.refresh_from_db()
    assert hr.is_superuser is False
    assert hr.user_permissions.count() == 0


def test_hr_admin_cannot_edit_a_superusers_account(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], is_staff=True))
    root = UserFactory(is_superuser=True, is_staff=True)

    response = client.post(
        f"/admin/accounts/user/{root.pk}/change/", _user_form(root, email="evil@example.com")
    )

    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email != "evil@example.com"


def test_role_change_in_admin_goes_through_the_service_and_is_audited(client):
    hr = UserFactory(roles=[Role.HR_ADMIN], is_staff=True)
    someone = UserFactory(roles=[Role.EMPLOYEE])
    client.force_login(hr)

    response = client.post(
        f"/admin/accounts/user/{someone.pk}/change/",
        _user_form(someone, roles=["employee", "interviewer"], full_name="新名字"),
    )

    assert response.status_code == 302
    someone.refresh_from_db()
    assert someone.roles == {Role.EMPLOYEE, Role.INTERVIEWER}
    roles_event = AuditEvent.objects.get(action="accounts.user_set_roles")
    assert roles_event.actor == hr
    assert roles_event.changes == {"roles": [["employee"], ["employee", "interviewer"]]}
    fields_event = AuditEvent.objects.get(action="accounts.user_admin_change")
    assert fields_event.changes["full_name"][1] == "新名字"


def test_users_cannot_be_deleted_only_deactivated(admin_client):
    someone = UserFactory()
    assert admin_client.post(f"/admin/accounts/user/{someone.pk}/delete/").status_code == 403


def test_role_groups_are_read_only_in_admin(admin_client):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=Role.RECRUITER.value)
    response = admin_client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "x"})
    assert response.status_code == 403
    assert Group.objects.filter(name=Role.RECRUITER.value).exists()


def test_moving_a_department_under_its_child_is_a_form_error_in_admin(admin_client):
    parent = DepartmentFactory(code="hq")
    child = DepartmentFactory(code="child", parent=parent)

    response = admin_client.post(
        f"/admin/org/department/{parent.pk}/change/",
        {"name": parent.name, "code": "hq", "parent": child.pk, "head": "", "is_active": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200  # the form again, not a 500
    assert "cannot be moved under itself" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_company_settings_are_saved_in_admin_through_the_service(admin_client):
    from hrflow.org.selectors import company_current

    company_current()
    form = {
        "company_name": "ACME",
        "time_zone": "Europe/Berlin",
        "working_days": ["1", "2", "3"],
        "working_day_start": "08:00",
        "working_day_end": "16:00",
    }

    response = admin_client.post("/admin/org/companysettings/1/change/", form)

    assert response.status_code == 302
    company = company_current()
    assert (company.company_name, company.working_days) == ("ACME", [1, 2, 3])
    assert AuditEvent.objects.filter(action="org.company_settings_save").exists()
    # One row: no second one may be added, nor the row deleted.
    assert admin_client.get("/admin/org/companysettings/add/").status_code == 403
    assert admin_client.get("/admin/org/companysettings/1/delete/").status_code == 403

    late = {**form, "working_day_start": "17:00"}
    response = admin_client.post(
        "/admin/org/companysettings/1/change/", late, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200  # the form again
    assert "The working day must end after it starts." in response.content.decode()
    assert company_current().working_day_start.hour == 8
