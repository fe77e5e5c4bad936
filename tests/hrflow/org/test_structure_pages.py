"""HR admins manage departments and locations in the app (issue 15, point 7): create,
rename, move under another, deactivate; a recruiter or an employee opens none of it."""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.org.models import Department, Location
from hrflow.org.services import department_update
from tests.hrflow.factories import DepartmentFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_hr_creates_renames_and_moves_a_department(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    top = DepartmentFactory(name="研发中心")
    other = DepartmentFactory(name="生产中心")
    response = client.post(
        reverse("org:department-create"), {"name": "后端组", "code": "backend", "parent": top.pk}
    )
    assert response.status_code == 302
    team = Department.objects.get(code="backend")
    assert team.path == f"{top.path}{team.pk}/"
    edit = reverse("org:department-edit", kwargs={"pk": team.pk})
    response = client.post(
        edit, {"name": "服务端组", "code": "backend", "parent": other.pk, "is_active": "on"}
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.name, team.parent, team.path) == ("服务端组", other, f"{other.path}{team.pk}/")
    assert AuditEvent.objects.filter(
        action="org.department_update", target_id=str(team.pk)
    ).exists()


def test_a_department_cannot_move_under_itself_nor_take_a_used_code(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    top = DepartmentFactory(code="top")
    child = DepartmentFactory(parent=top)
    edit = reverse("org:department-edit", kwargs={"pk": top.pk})
    # The form offers neither itself nor its sub-departments as parent.
    response = client.post(
        edit, {"name": top.name, "code": "top", "parent": child.pk, "is_active": "on"}
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    response = client.post(reverse("org:department-create"), {"name": "New", "code": "top"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    top.refresh_from_db()
    assert top.parent is None
    assert Department.objects.count() == 2


def test_hr_names_a_department_head_from_the_staff_and_the_list_shows_them(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    head = UserFactory(roles=[Role.HIRING_MANAGER], full_name="张伟")
    nobody = UserFactory(roles=[])  # an account without a role leads nobody here
    gone = UserFactory(roles=[Role.HIRING_MANAGER], is_active=False)
    response = client.post(
        reverse("org:department-create"), {"name": "后端组", "code": "backend", "head": head.pk}
    )
    assert response.status_code == 302
    team = Department.objects.get(code="backend")
    assert team.head == head
    edit = reverse("org:department-edit", kwargs={"pk": team.pk})
    for refused in (nobody, gone):
        response = client.post(
            edit, {"name": "后端组", "code": "backend", "head": refused.pk, "is_active": "on"}
        )
        assert response.status_code == 200
        assert "head" in response.context["form"].errors
    team.refresh_from_db()
    assert team.head == head
    page = client.get(reverse("org:department-list")).content.decode()
    assert "张伟" in page
    response = client.post(edit, {"name": "后端组", "code": "backend", "is_active": "on"})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.head is None
    assert AuditEvent.objects.get(
        action="org.department_update", target_id=str(team.pk)
    ).changes == {"head": [head.pk, None]}


def test_a_department_with_active_sub_departments_cannot_be_deactivated():
    top = DepartmentFactory()
    child = DepartmentFactory(parent=top)
    with pytest.raises(ApplicationError):
        department_update(department=top, is_active=False)
    department_update(department=child, is_active=False)
    department_update(department=top, is_active=False)
    assert not Department.objects.filter(is_active=True).exists()


def test_hr_creates_changes_and_retires_a_location(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    response = client.post(
        reverse("org:location-create"),
        {
            "name": "深圳工厂",
            "code": "sz-plant",
            "city": "深圳",
            "country": "CN",
            "time_zone": "Asia/Shanghai",
        },
    )
    assert response.status_code == 302
    plant = Location.objects.get(code="sz-plant")
    edit = reverse("org:location-edit", kwargs={"pk": plant.pk})
    response = client.post(
        edit,
        {
            "name": "深圳工厂",
            "code": "sz-plant",
            "city": "深圳",
            "country": "CN",
            "time_zone": "Nowhere/City",
        },
    )
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    response = client.post(
        edit,
        {
            "name": "深圳一厂",
            "code": "sz-plant",
            "city": "深圳",
            "country": "CN",
            "time_zone": "Asia/Shanghai",
        },
    )
    assert response.status_code == 302
    plant.refresh_from_db()
    assert (plant.name, plant.is_active) == ("深圳一厂", False)
    assert AuditEvent.objects.filter(action="org.location_update", target_id=str(plant.pk)).exists()


@pytest.mark.parametrize(
    "role", [Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER, Role.EMPLOYEE]
)
def test_only_hr_admins_manage_departments_and_locations(client, role):
    department, location = DepartmentFactory(), LocationFactory()
    client.force_login(UserFactory(roles=[role]))
    for name in (
        "org:department-list",
        "org:department-create",
        "org:location-list",
        "org:location-create",
    ):
        assert client.get(reverse(name)).status_code == 404, name
    edit = reverse("org:department-edit", kwargs={"pk": department.pk})
    assert client.post(edit, {"name": "x", "code": "x"}).status_code == 404
    edit = reverse("org:location-edit", kwargs={"pk": location.pk})
    assert client.post(edit, {"name": "x", "code": "x", "time_zone": "UTC"}).status_code == 404
    department.refresh_from_db()
    assert department.name != "x"


@pytest.mark.parametrize("size", [5, 60])
def test_the_department_list_costs_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, size
):
    top = DepartmentFactory()
    for _ in range(size):
        DepartmentFactory(parent=top, head=UserFactory(roles=[Role.HIRING_MANAGER]))
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("org:department-list"))
    assert response.content.decode().count('data-testid="department-row"') == size + 1
