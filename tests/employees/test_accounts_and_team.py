"""Staff accounts from people (issue 15, point 7): an employee gets a sign-in account with
the employee role and a set-password e-mail; a manager sees their direct reports only."""

import pytest
from django.urls import reverse

from employees.models import Employee
from employees.services.accounts import employee_account_create
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from tests.employees.org_scene import link_user, org_scene
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_employee_gets_an_account_with_the_employee_role_and_a_set_password_email():
    scene = org_scene(people=3, branches=1, depth=1)
    hr = UserFactory(roles=[Role.HR_ADMIN])
    employee = scene.employees[0]
    user = employee_account_create(employee=employee, email="Wang.Fang@Example.com", actor=hr)
    employee.refresh_from_db()
    assert employee.user == user
    assert user.email == "wang.fang@example.com"
    assert user.full_name == employee.full_name
    assert user.roles == frozenset({Role.EMPLOYEE})
    assert not user.has_usable_password()
    mail = OutboxMessage.objects.get(event="account_invite", recipient=user.email)
    assert "/accounts/reset/" in mail.body
    event = AuditEvent.objects.get(action="employees.account_create")
    assert event.actor == hr
    assert event.changes["user"] == [None, user.pk]


def test_an_existing_account_is_linked_and_keeps_its_roles():
    scene = org_scene(people=2, branches=1, depth=1)
    recruiter = UserFactory(roles=[Role.RECRUITER], email="li@example.com")
    user = employee_account_create(employee=scene.employees[1], email="LI@example.com", actor=None)
    assert user == recruiter
    recruiter = User.objects.get(pk=recruiter.pk)
    assert recruiter.roles == frozenset({Role.RECRUITER, Role.EMPLOYEE})
    # They chose a password long ago: no set-password e-mail.
    assert not OutboxMessage.objects.filter(event="account_invite").exists()


@pytest.mark.parametrize("case", ["has_one", "address_of_another_employee", "blank"])
def test_a_second_account_or_a_taken_address_is_refused_and_changes_nothing(case):
    scene = org_scene(people=2, branches=1, depth=1)
    first, second = scene.employees
    employee_account_create(employee=first, email="first@example.com", actor=None)
    target, email = {
        "has_one": (first, "other@example.com"),
        "address_of_another_employee": (second, "first@example.com"),
        "blank": (second, "  "),
    }[case]
    before = (User.objects.count(), OutboxMessage.objects.count())
    with pytest.raises(ApplicationError):
        employee_account_create(employee=target, email=email, actor=None)
    assert (User.objects.count(), OutboxMessage.objects.count()) == before
    assert Employee.objects.get(pk=second.pk).user_id is None


def test_hr_creates_the_account_from_the_employee_page_by_post(client):
    scene = org_scene(people=2, branches=1, depth=1)
    employee = scene.employees[1]
    Employee.objects.filter(pk=employee.pk).update(email="work@example.com")
    url = reverse("employees:account-create", kwargs={"pk": employee.pk})
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "/employees/org-chart/"})
    assert response.status_code == 302
    assert response.url == "/employees/org-chart/"
    assert Employee.objects.get(pk=employee.pk).user.email == "work@example.com"
    again = client.post(url, {"email": "x@example.com"}, follow=True)
    assert (
        "already has a sign-in account" in again.content.decode()
        or "已有登录账号" in again.content.decode()
    )


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.HIRING_MANAGER, Role.EMPLOYEE])
def test_nobody_but_hr_creates_accounts(client, role):
    scene = org_scene(people=2, branches=1, depth=1)
    client.force_login(UserFactory(roles=[role]))
    url = reverse("employees:account-create", kwargs={"pk": scene.employees[1].pk})
    assert client.post(url, {"email": "sneaky@example.com"}).status_code == 404
    assert not User.objects.filter(email="sneaky@example.com").exists()


def test_a_manager_sees_their_direct_reports_only(client):
    scene = org_scene(people=15, branches=2, depth=2)
    child = scene.departments[1]
    head = scene.managers[child.pk]
    manager = link_user(head, UserFactory(roles=[Role.EMPLOYEE]))
    client.force_login(manager.user)
    response = client.get(reverse("employees:my-team"))
    shown = {row.employee_id for row in response.context["team"]}
    expected = set(
        Employee.objects.filter(
            assignments__manager=head, assignments__valid_to__isnull=True
        ).values_list("pk", flat=True)
    )
    # The child department's four others, and nobody of the root or the other branch.
    assert shown == expected
    assert len(shown) == 4
    page = response.content.decode()
    assert all(employee.number in page for employee in scene.employees if employee.pk in shown)
    assert scene.employees[0].number not in page


def test_someone_who_manages_nobody_sees_an_empty_team(client):
    client.force_login(UserFactory(roles=[Role.EMPLOYEE]))
    response = client.get(reverse("employees:my-team"))
    assert response.status_code == 200
    assert list(response.context["team"]) == []


@pytest.mark.parametrize("people", [20, 400])
def test_the_team_page_costs_the_same_queries_at_any_team_size(
    client, django_assert_max_num_queries, people
):
    scene = org_scene(people=people, branches=1, depth=1)
    manager = link_user(scene.employees[0], UserFactory(roles=[Role.HIRING_MANAGER]))
    client.force_login(manager.user)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("employees:my-team"))
    assert len(response.context["team"]) == people - 1
