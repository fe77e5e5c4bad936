"""The org chart (issue 15, point 6): the tree with counts, as of a day, searchable,
lazily opened, the same few queries at any size, readable by every role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from employees.models import Assignment
from employees.services.assignments import assignment_change
from hrflow.accounts.roles import Role
from tests.employees.org_scene import org_scene
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def _chart(client, **params):
    return client.get(reverse("employees:org-chart"), params)


def test_the_tree_counts_people_and_vacancies_per_department_and_subtree(client):
    scene = org_scene(people=40, branches=2, depth=3)
    client.force_login(UserFactory(roles=[Role.RECRUITER]))
    response = _chart(client)
    assert response.status_code == 200
    chart = response.context["chart"]
    root = chart.roots[0]
    # Given 7 departments of 5 people (the last takes the rest), two positions each.
    assert root.people_total == 40
    assert chart.people_total == 40
    assert [child.people for child in root.children] == [5, 5]
    # Each department: a lead seat filled, a staff seat of 7 with 4 (or 9) people.
    vacancies = sum(node.vacancies for node in _walk(root))
    assert root.vacancies_total == vacancies == chart.vacancies_total > 0
    assert f'data-dept="{scene.departments[-1].pk}"' in response.content.decode()


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def test_opening_a_department_loads_its_positions_and_people_with_their_manager(client):
    scene = org_scene(people=14, branches=2, depth=2)
    client.force_login(UserFactory(roles=[Role.EMPLOYEE]))
    department = scene.departments[1]
    response = client.get(reverse("employees:org-chart-department", kwargs={"pk": department.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    seated = Assignment.objects.filter(department=department).select_related("employee", "manager")
    for row in seated:
        assert row.employee.full_name in page
    head = scene.managers[department.pk]
    assert f"Manager: {head.full_name}" in page or f"上级：{head.full_name}" in page
    assert "负责人" in page
    # Nothing sensitive: no ID numbers, phones or e-mails in the directory.
    assert "@" not in page.split("org-detail", 1)[1]


def test_search_opens_the_path_to_the_person_found(client):
    scene = org_scene(people=30, branches=2, depth=3)
    deep = scene.departments[-1]
    person = Assignment.objects.filter(department=deep).select_related("employee").first()
    client.force_login(UserFactory(roles=[Role.INTERVIEWER]))
    response = _chart(client, q=person.employee.number)
    chart = response.context["chart"]
    assert chart.matches == 1
    opened = {node.pk for node in _walk(chart.roots[0]) if node.open}
    assert opened == set(deep.ancestor_ids()) | {deep.pk}
    page = response.content.decode()
    assert "org-hit" in page
    assert person.employee.full_name in page


def test_the_chart_reads_the_organisation_as_of_the_day_asked(client):
    scene = org_scene(people=10, branches=1, depth=2)
    mover = scene.employees[-1]
    later = scene.day + timedelta(days=30)
    assignment_change(
        employee=mover,
        valid_from=later,
        change=Assignment.Change.TRANSFER,
        actor=None,
        department_id=scene.root.pk,
    )
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    today = _chart(client).context["chart"].roots[0]
    then = _chart(client, on=later.isoformat()).context["chart"].roots[0]
    assert (today.people, today.children[0].people) == (5, 5)
    assert (then.people, then.children[0].people) == (6, 4)


@pytest.mark.parametrize(
    ("bad", "status"),
    # A NUL is refused by the middleware in front of every page (a 400).
    [("2024-13-45", 200), ("x" * 300, 200), ("a\x00b", 400)],
)
def test_a_malformed_day_or_search_is_a_message_not_an_error(client, bad, status):
    org_scene(people=4, branches=1, depth=2)
    client.force_login(UserFactory(roles=[Role.HIRING_MANAGER]))
    response = _chart(client, on=bad, q=bad)
    assert response.status_code == status
    if status == 200:
        assert response.context["day"] == timezone.localdate()
        assert response.context["chart"].people_total == 4


def test_every_role_reads_the_chart_and_nobody_signed_out_does(client):
    org_scene(people=4, branches=1, depth=2)
    assert _chart(client).status_code == 302
    for role in Role:
        client.force_login(UserFactory(roles=[role]))
        assert _chart(client).status_code == 200, role


@pytest.mark.parametrize("people", [60, 600])
def test_the_chart_costs_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, people
):
    """Session, user, roles and permissions, then three for the tree; a search one more;
    a department's body its row, its people and its positions."""
    scene = org_scene(people=people, branches=3, depth=3)
    client.force_login(UserFactory(roles=[Role.RECRUITER]))
    with django_assert_max_num_queries(8):
        assert _chart(client).status_code == 200
    with django_assert_max_num_queries(9):
        assert _chart(client, q=scene.employees[-1].full_name[:2]).status_code == 200
    url = reverse("employees:org-chart-department", kwargs={"pk": scene.departments[-1].pk})
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
