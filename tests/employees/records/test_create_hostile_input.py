"""Hostile input to "Add an employee": refused as a form error (400), nothing written,
and a valid form right after still adds the person. (There is no API twin: the API
creates employees only through the hire, tests/recruiting/hiring/test_hostile_input.py.)"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from employees.models import Assignment, Employee, Position
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.org.models import Department, Location
from tests.employees.hostile import ARABIC, DATES, LONG, NUL, NUMBERS, picture
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import DepartmentFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "employees:employee-create"


@pytest.fixture(autouse=True)
def _english(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@dataclass
class World:
    hr: User
    department: Department
    closed_department: Department
    seat: Position  # an active position of the department
    closed_seat: Position  # an inactive one
    foreign_seat: Position  # a position of another department
    office: Location
    closed_office: Location
    boss: Employee
    gone: Employee  # has left


@pytest.fixture
def world(client) -> World:  # type: ignore[no-untyped-def]
    department = DepartmentFactory()
    closed_department = DepartmentFactory()
    Department.objects.filter(pk=closed_department.pk).update(is_active=False)
    other = DepartmentFactory()
    closed_office = LocationFactory()
    Location.objects.filter(pk=closed_office.pk).update(is_active=False)
    gone = employee_make(name="离职者", department=department)
    gone.left_on = timezone.localdate() - timedelta(days=30)
    gone.save()
    hr = UserFactory(roles=[Role.HR_ADMIN], language="en")
    client.force_login(hr)  # before any picture: signing in is audited
    return World(
        hr=hr,
        department=department,
        closed_department=closed_department,
        seat=Position.objects.create(code="acct", title="会计", department=department),
        closed_seat=Position.objects.create(
            code="old", title="出纳", department=department, is_active=False
        ),
        foreign_seat=Position.objects.create(code="sales", title="销售", department=other),
        office=LocationFactory(),
        closed_office=closed_office,
        boss=employee_make(name="张伟", department=department),
        gone=gone,
    )


def _form(world: World) -> dict[str, Any]:
    return {
        "full_name": "赵敏",
        "sex": "female",
        "email": "zhao.min@example.com",
        "phone": "13800138000",
        "hire_date": (timezone.localdate() - timedelta(days=400)).isoformat(),
        "department": world.department.pk,
        "position": world.seat.pk,
        "location": world.office.pk,
        "job_title": "会计",
        "employment_type": "full_time",
        "status": "regular",
        "manager": world.boss.number,
    }


def _refused(client: Client, data: dict[str, Any], field: str) -> str:
    """Why the answer is not a refusal on `field` (empty when it is one)."""
    response = client.post(reverse(URL), data)
    value = data[field]
    if response.status_code == 400 and NUL in (value if isinstance(value, str) else ""):
        return ""  # refused before the view (hrflow.core.bad_input)
    if response.status_code != 400:
        return f"answered {response.status_code}"
    errors = response.context["form"].errors
    return "" if field in errors else f"no error on {field}: {dict(errors)}"


def _assert_a_valid_form_still_adds(client: Client, world: World) -> None:
    response = client.post(reverse(URL), _form(world))
    assert response.status_code == 302
    employee = Employee.objects.get(full_name="赵敏")
    record = Assignment.objects.get(employee=employee)
    assert (record.position, record.manager, record.location) == (
        world.seat, world.boss, world.office,
    )  # fmt: skip


TEXT = ["full_name", "email", "phone", "job_title", "manager"]
CHOICES = ["sex", "employment_type", "status"]
IDS = ["department", "position", "location"]
# Optional fields take "" as "none".
REQUIRED = {"full_name", "hire_date", "department", "job_title", "employment_type", "status"}


def _cases(field: str) -> list[Any]:
    if field in TEXT:
        values = [NUL, LONG]
    elif field in CHOICES:
        values = [NUL, LONG, "²", "-1", "NaN", "left", ["regular", "left"]]
    elif field == "hire_date":
        values = [NUL, *DATES, "9999-12-31", ["2024-01-01", "2026-02-30"]]
    else:
        values = [NUL, *NUMBERS, ["1", "²"]]
    return [value for value in values if value != "" or field in REQUIRED]


@pytest.mark.parametrize("field", [*TEXT, *CHOICES, "hire_date", *IDS])
def test_every_hostile_value_is_a_form_error_and_adds_nobody(client, world, field) -> None:
    before = picture()
    failures = []

    for value in _cases(field):
        problem = _refused(client, {**_form(world), field: value}, field)
        if problem or picture() != before:
            failures.append(f"{field}={str(value)[:20]!r}: {problem or 'something changed'}")

    assert failures == []
    _assert_a_valid_form_still_adds(client, world)


def test_an_email_longer_than_the_column_is_a_form_error_not_a_server_error(client, world):
    """Each part is a valid address's, the whole is longer than its 254 characters."""
    address = "a" * 60 + "@" + ("b" * 60 + ".") * 4 + "com"
    before = picture()

    assert _refused(client, {**_form(world), "email": address}, "email") == ""
    assert picture() == before
    _assert_a_valid_form_still_adds(client, world)


def test_a_start_more_than_two_years_away_is_refused(client, world) -> None:
    far = timezone.localdate() + timedelta(days=3 * 366)
    before = picture()

    response = client.post(reverse(URL), {**_form(world), "hire_date": far.isoformat()})

    assert response.status_code == 400
    assert response.context["form"].errors["hire_date"] == [
        "The start date is more than two years away."
    ]
    assert picture() == before
    _assert_a_valid_form_still_adds(client, world)


def _outside(world: World) -> list[tuple[str, str, Any]]:
    return [
        ("an inactive department", "department", world.closed_department.pk),
        ("a position's id as the department", "department", world.closed_seat.pk),
        ("a position of another department", "position", world.foreign_seat.pk),
        ("an inactive position", "position", world.closed_seat.pk),
        ("a department's id as the position", "position", world.closed_department.pk),
        ("an inactive work location", "location", world.closed_office.pk),
        ("someone who has left as manager", "manager", world.gone.number),
        ("an employee's id, not number, as manager", "manager", str(world.boss.pk)),
    ]


def _allowed(world: World, field: str, value: Any) -> bool:
    """Whether the id happens to name a row the field may take (ids of tables coincide)."""
    if field == "department":
        return Department.objects.filter(pk=value, is_active=True).exists()
    if field == "position":
        return Position.objects.filter(
            pk=value, is_active=True, department=world.department
        ).exists()
    if field == "location":
        return Location.objects.filter(pk=value, is_active=True).exists()
    return Employee.objects.filter(number=value, left_on__isnull=True).exists()


@pytest.mark.parametrize("case", range(8))
def test_rows_the_field_may_not_take_are_refused(client, world, case) -> None:
    label, field, value = _outside(world)[case]
    assert not _allowed(world, field, value), label
    before = picture()

    problem = _refused(client, {**_form(world), field: value}, field)

    assert problem == "", label
    assert picture() == before
    _assert_a_valid_form_still_adds(client, world)


def test_ids_in_another_scripts_digits_name_no_row(client, world) -> None:
    before = picture()

    for field in IDS:
        value = str(_form(world)[field]).translate(ARABIC)
        assert _refused(client, {**_form(world), field: value}, field) == "", field
        assert picture() == before
    _assert_a_valid_form_still_adds(client, world)
