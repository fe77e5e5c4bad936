"""The employee list: as of a day, searches and filters, scoped, constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employees.services.assignments import assignment_change
from hrflow.accounts.roles import Role
from tests.employees.records.scene import employee_make, team
from tests.hrflow.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("employees:employee-list")


def _numbers(response) -> list[str]:
    return [row.employee.number for row in response.context["rows"]]


def test_the_list_reads_the_job_record_as_of_the_day_asked(client):
    """A transfer dated last month moves the person in today's list, not in last year's."""
    scene = team()
    sales = DepartmentFactory(name="市场部")
    today = timezone.localdate()
    assignment_change(
        employee=scene.report, valid_from=today - timedelta(days=30), change="transfer",
        actor=scene.hr, department_id=sales.pk,
    )  # fmt: skip
    client.force_login(scene.hr)

    now = client.get(URL, {"department": sales.pk})
    before = client.get(
        URL, {"department": sales.pk, "as_of": (today - timedelta(days=60)).isoformat()}
    )

    assert _numbers(now) == [scene.report.number]
    assert _numbers(before) == []
    assert scene.report.number in _numbers(
        client.get(
            URL, {"department": scene.department.pk, "as_of": str(today - timedelta(days=60))}
        )
    )


def test_someone_hired_later_is_not_in_a_list_of_the_past(client):
    scene = team()
    late = employee_make(name="新人", since=timezone.localdate() - timedelta(days=5))
    client.force_login(scene.hr)
    past = client.get(URL, {"as_of": (timezone.localdate() - timedelta(days=10)).isoformat()})
    assert late.number not in _numbers(past)
    assert late.number in _numbers(client.get(URL))


def test_search_by_name_and_number_and_filters(client):
    scene = team()
    sub = DepartmentFactory(name="后端组", parent=scene.department)
    deep = employee_make(
        name="王小明", department=sub, status="probation", employment_type="intern"
    )
    client.force_login(scene.hr)

    assert _numbers(client.get(URL, {"q": "小明"})) == [deep.number]
    assert _numbers(client.get(URL, {"q": deep.number.lower()})) == [deep.number]
    # A department includes its sub-departments.
    assert set(_numbers(client.get(URL, {"department": scene.department.pk}))) == {
        scene.boss.number, scene.report.number, deep.number,
    }  # fmt: skip
    assert _numbers(client.get(URL, {"status": "probation"})) == [deep.number]
    assert _numbers(client.get(URL, {"employment_type": "intern"})) == [deep.number]


def test_bad_filter_values_are_a_form_error_not_a_500(client):
    scene = team()
    client.force_login(scene.hr)
    response = client.get(URL, {"as_of": "2024-13-45", "department": "x", "page": "-3"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(_numbers(response)) == 3


def test_a_manager_lists_their_reports_and_others_get_404(client):
    scene = team()
    client.force_login(scene.boss_user)
    numbers = _numbers(client.get(URL))
    assert scene.report.number in numbers
    assert scene.other.number not in numbers

    for user in (scene.report_user, scene.recruiter, UserFactory(roles=[Role.HIRING_MANAGER])):
        client.force_login(user)
        assert client.get(URL).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_list_runs_the_same_number_of_queries_at_two_sizes(client):
    scene = team()
    department = DepartmentFactory()
    client.force_login(scene.hr)
    small = _queries(client, URL)
    for index in range(40):
        employee_make(name=f"员工{index}", department=department, manager=scene.boss)

    large = _queries(client, URL)

    assert small == large
    assert large <= 12
    # a manager's list too
    client.force_login(scene.boss_user)
    assert _queries(client, URL) <= 12
