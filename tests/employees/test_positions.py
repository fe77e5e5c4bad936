"""Positions (issue 15, point 6): HR creates, changes and retires them, audited; the
positions page shows headcount, filled and vacant as of a day, and a vacant seat's open
job through the openings registry (recruiting answers; employees never names it)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from employees.models import Assignment, Position
from employees.openings import openings_for
from employees.selectors.positions import position_list
from employees.services.assignments import assignment_change
from employees.services.positions import position_create, position_deactivate, position_update
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.org.services import department_update
from recruiting.models import Job
from tests.employees.org_scene import org_scene
from tests.hrflow.factories import DepartmentFactory, LocationFactory, UserFactory
from tests.recruiting.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_a_position_is_created_and_changed_with_an_audit_row_each():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    department = DepartmentFactory()
    position = position_create(
        code="be-eng", title=" 后端工程师 ", department=department, headcount=3, actor=hr
    )
    assert (position.title, position.headcount, position.is_active) == ("后端工程师", 3, True)
    position_update(position=position, actor=hr, headcount=5, grade="P6")
    position.refresh_from_db()
    assert (position.headcount, position.grade) == (5, "P6")
    events = AuditEvent.objects.filter(target_id=str(position.pk)).order_by("pk")
    assert [event.action for event in events] == [
        "employees.position_create",
        "employees.position_update",
    ]
    assert events[1].changes == {"headcount": [3, 5], "grade": ["", "P6"]}
    assert events[1].actor == hr


def test_nothing_changes_when_nothing_differs():
    position = position_create(code="p", title="P", department=DepartmentFactory(), actor=None)
    position_update(position=position, actor=None, title="P", headcount=1)
    assert AuditEvent.objects.filter(action="employees.position_update").count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("inactive_department", "department"),
        ("inactive_location", "location"),
        ("duplicate_code", "code"),
        ("negative_headcount", "headcount"),
    ],
)
def test_a_position_in_retired_structure_or_with_bad_values_is_refused(change, field):
    department = DepartmentFactory()
    location = LocationFactory()
    position_create(code="taken", title="T", department=department, actor=None)
    values = {"code": "new", "title": "N", "department": department, "location": location}
    if change == "inactive_department":
        department_update(department=department, is_active=False)
        department.refresh_from_db()
    if change == "inactive_location":
        location.is_active = False
        location.save(update_fields=["is_active"])
    if change == "duplicate_code":
        values["code"] = "taken"
    if change == "negative_headcount":
        values["headcount"] = -1
    with pytest.raises((ApplicationError, ValidationError)) as refused:
        position_create(actor=None, **values)
    error = refused.value
    named = error.extra.get("field") if isinstance(error, ApplicationError) else error.error_dict
    assert field in named
    assert Position.objects.count() == 1


def test_a_reporting_line_may_not_loop():
    department = DepartmentFactory()
    top = position_create(code="top", title="Top", department=department, actor=None)
    mid = position_create(
        code="mid", title="Mid", department=department, reports_to=top, actor=None
    )
    low = position_create(
        code="low", title="Low", department=department, reports_to=mid, actor=None
    )
    for boss in (top, low):  # itself, and the one at the bottom of its own line
        with pytest.raises(ApplicationError) as refused:
            position_update(position=top, actor=None, reports_to=boss)
        assert refused.value.extra["field"] == "reports_to"
    top.refresh_from_db()
    assert top.reports_to is None


def test_a_position_people_sit_in_cannot_be_retired_until_they_move():
    scene = org_scene(people=4, branches=1, depth=2)
    seat = scene.positions[-1]  # the child department's staff position, 1 person
    with pytest.raises(ApplicationError):
        position_deactivate(position=seat, actor=None)
    sitter = Assignment.objects.get(position=seat)
    assignment_change(
        employee=sitter.employee,
        valid_from=scene.day,
        change=Assignment.Change.TRANSFER,
        actor=None,
        position_id=scene.positions[1].pk,
    )
    position_deactivate(position=seat, actor=None)
    seat.refresh_from_db()
    assert not seat.is_active
    assert AuditEvent.objects.filter(
        action="employees.position_deactivate", target_id=str(seat.pk)
    ).exists()


def test_filled_and_vacant_are_read_as_of_the_day():
    scene = org_scene(people=6, branches=1, depth=2)
    staff = scene.positions[1]  # the root's staff seats: headcount 5, two people
    leaver = Assignment.objects.filter(position=staff).first().employee
    assignment_change(
        employee=leaver,
        valid_from=scene.day + timedelta(days=10),
        change=Assignment.Change.LEAVING,
        actor=None,
        status="left",
    )
    today = position_list(day=scene.day).get(pk=staff.pk)
    later = position_list(day=scene.day + timedelta(days=10)).get(pk=staff.pk)
    assert (today.headcount, today.filled, today.vacant) == (5, 2, 3)
    assert (later.filled, later.vacant) == (1, 4)


def test_an_over_filled_position_shows_no_negative_vacancy():
    scene = org_scene(people=6, branches=1, depth=1)
    staff = scene.positions[1]
    position_update(position=staff, actor=None, headcount=2)
    row = position_list(day=scene.day).get(pk=staff.pk)
    assert (row.filled, row.vacant) == (5, 0)


def test_a_vacant_position_shows_its_open_job_and_not_a_closed_one(client):
    department = DepartmentFactory()
    seat = position_create(
        code="nurse", title="护士", department=department, headcount=2, actor=None
    )
    JobFactory(title="招聘护士", department=department, position=seat)
    JobFactory(title="旧的护士岗位", department=department, position=seat, status=Job.Status.CLOSED)
    assert [opening.title for opening in openings_for([seat.pk])[seat.pk]] == ["招聘护士"]
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    page = client.get(reverse("employees:position-list")).content.decode()
    assert "招聘护士" in page
    assert "旧的护士岗位" not in page
    job = Job.objects.get(title="招聘护士")
    assert reverse("recruiting:job-board", kwargs={"pk": job.pk}) in page


def test_a_job_may_only_name_a_position_of_its_own_department():
    seat = position_create(code="x", title="X", department=DepartmentFactory(), actor=None)
    with pytest.raises(ValidationError) as refused:
        JobFactory(department=DepartmentFactory(), position=seat)
    assert "position" in refused.value.error_dict


def test_the_job_api_takes_the_position_and_refuses_a_retired_one(client):
    department = DepartmentFactory()
    seat = position_create(code="api", title="API", department=department, actor=None)
    old = position_create(code="old", title="Old", department=department, actor=None)
    position_deactivate(position=old, actor=None)
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    body = {
        "title": "J",
        "department": department.pk,
        "channel": "campus",
        "stages": [{"name": "Applied", "kind": "applied"}, {"name": "Hired", "kind": "hired"}],
    }
    made = client.post(
        "/api/v1/jobs/", {**body, "position": seat.pk}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["position"] == seat.pk
    refused = client.post(
        "/api/v1/jobs/", {**body, "position": old.pk}, content_type="application/json"
    )
    assert refused.status_code == 400
    job_id = made.json()["id"]
    cleared = client.patch(
        f"/api/v1/jobs/{job_id}/", {"position": None}, content_type="application/json"
    )
    assert cleared.status_code == 200
    assert cleared.json()["position"] is None


@pytest.mark.parametrize("people", [40, 400])
def test_the_positions_page_costs_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, people
):
    """Session, user, permissions, the count, the page, the departments, the openings."""
    org_scene(people=people, branches=3, depth=3)
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    with django_assert_max_num_queries(9):
        response = client.get(reverse("employees:position-list"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 26


def test_hr_creates_and_retires_a_position_on_its_pages(client):
    hr = UserFactory(roles=[Role.HR_ADMIN])
    department = DepartmentFactory()
    client.force_login(hr)
    response = client.post(
        reverse("employees:position-create"),
        {"title": "司机", "code": "driver", "department": department.pk, "headcount": 2},
    )
    assert response.status_code == 302
    seat = Position.objects.get(code="driver")
    edit = reverse("employees:position-edit", kwargs={"pk": seat.pk})
    bad = client.post(
        edit, {"title": "", "code": "driver", "department": department.pk, "headcount": 2}
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors
    assert client.post(edit, {"set_active": "1"}).status_code == 302
    seat.refresh_from_db()
    assert not seat.is_active


def test_only_hr_admins_open_the_positions_pages(client):
    for role in (Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER, Role.EMPLOYEE):
        client.force_login(UserFactory(roles=[role]))
        assert client.get(reverse("employees:position-list")).status_code == 404
        assert client.post(reverse("employees:position-create"), {}).status_code == 404


def test_the_job_form_offers_active_positions_by_title_and_department(client):
    department = DepartmentFactory(name="护理部")
    seat = position_create(code="rn", title="护士", department=department, actor=None)
    old = position_create(code="old-rn", title="旧岗位", department=department, actor=None)
    position_deactivate(position=old, actor=None)
    job = JobFactory(department=department)
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    page = client.get(reverse("recruiting:job-edit", kwargs={"pk": job.pk})).content.decode()
    assert f'<option value="{seat.pk}">护士 · 护理部</option>' in page
    assert "旧岗位" not in page
