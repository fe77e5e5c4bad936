"""Hostile input to the hire, from the profile's hire form and from the API.

Every value is refused (the form re-rendered with an error on its field, the API's
400 naming the field), nobody is hired, nothing is written, and a valid hire right
after still goes through: a refused request leaves no lock and no half-made hire.
"""

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from employees.models import Employee, Position
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.org.models import Department
from recruiting.hiring.checks import hire_manager_choices
from recruiting.models import Application
from tests.employees.hire_scene import HireScene, hire_scene
from tests.employees.hostile import ARABIC, DATES, LONG, NUL, NUMBERS, picture
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import DepartmentFactory, UserFactory
from tests.recruiting.api.conftest import token_client
from tests.recruiting.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):  # type: ignore[no-untyped-def]
    """The refusals are read in English (the pages by cookie, the API by header)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@dataclass
class Scope:
    scene: HireScene
    hr: User
    named: Employee  # a hiring manager of the job, who works here
    gone: Employee  # a hiring manager of the job who has left
    elsewhere: Employee  # another job's hiring manager
    seat: Position  # an active position of the job's department
    closed: Position  # an inactive one of the job's department
    foreign: Position  # an active position of another department
    other: Department

    @property
    def application(self) -> Application:
        return self.scene.application


def _hiring_manager(job, department, **extra) -> Employee:  # type: ignore[no-untyped-def]
    user = UserFactory(roles=[Role.HIRING_MANAGER])
    job.hiring_managers.add(user)
    employee = employee_make(name=user.full_name, department=department, user=user)
    for name, value in extra.items():
        setattr(employee, name, value)
    employee.save()
    return employee


@pytest.fixture
def scope() -> Scope:
    scene = hire_scene()
    job = scene.application.job
    department = job.department
    other = DepartmentFactory()
    today = timezone.localdate()
    return Scope(
        scene=scene,
        hr=UserFactory(roles=[Role.HR_ADMIN]),
        named=_hiring_manager(job, department),
        gone=_hiring_manager(job, department, left_on=today - timedelta(days=10)),
        elsewhere=_hiring_manager(JobFactory(department=other), other),
        seat=Position.objects.create(code="seat", title="工程师", department=department),
        closed=Position.objects.create(
            code="closed", title="旧岗位", department=department, is_active=False
        ),
        foreign=Position.objects.create(code="foreign", title="销售", department=other),
        other=other,
    )


def _valid_form(scope: Scope) -> dict[str, Any]:
    return {
        "start_date": scope.scene.offer.start_date.isoformat(),
        "employment_type": "full_time",
        "position": scope.seat.pk,
        "manager": scope.named.pk,
    }


# Each field of the hire form with what it must refuse ("" is "none yet" for the
# optional position and manager, and a valid choice there).
FORM_CASES = [
    *[("start_date", value) for value in [NUL, *DATES]],
    *[("employment_type", value) for value in [NUL, LONG, "", "slave", "²", "-1"]],
    *[("position", value) for value in [NUL, *NUMBERS] if value],
    *[("manager", value) for value in [NUL, *NUMBERS] if value],
]


def _form_refused(client: Client, url: str, data: dict[str, Any], field: str) -> str:
    """Why the form's answer is not a refusal on `field` (empty when it is one)."""
    response = client.post(url, data)
    if response.status_code == 400 and NUL in str(data[field]):
        return ""  # refused before the view (hrflow.core.bad_input)
    if response.status_code != 200:
        return f"answered {response.status_code}"
    errors = response.context["form"].errors
    return "" if field in errors else f"no error on {field}: {dict(errors)}"


def _assert_the_hire_form_still_works(client: Client, scope: Scope) -> None:
    url = reverse("recruiting:application-hire", args=[scope.application.pk])
    response = client.post(url, _valid_form(scope))
    assert response.status_code == 302
    employee = Employee.objects.get(source_application_id=scope.application.pk)
    assert Application.objects.get(pk=scope.application.pk).status == Application.Status.HIRED
    assert employee.assignments.filter(position=scope.seat, manager=scope.named).exists()


@pytest.mark.parametrize("field", ["start_date", "employment_type", "position", "manager"])
def test_the_hire_form_refuses_every_hostile_value_and_changes_nothing(client, scope, field):
    client.force_login(scope.scene.recruiter)
    url = reverse("recruiting:application-hire", args=[scope.application.pk])
    before = picture(scope.application)
    failures = []

    for name, value in FORM_CASES:
        if name != field:
            continue
        problem = _form_refused(client, url, {**_valid_form(scope), field: value}, field)
        if problem or picture(scope.application) != before:
            failures.append(f"{field}={value[:20]!r}: {problem or 'something changed'}")

    assert failures == []
    _assert_the_hire_form_still_works(client, scope)


def test_the_hire_form_judges_the_last_of_repeated_values(client, scope) -> None:
    client.force_login(scope.scene.recruiter)
    url = reverse("recruiting:application-hire", args=[scope.application.pk])
    before = picture(scope.application)
    data = {**_valid_form(scope), "start_date": [_valid_form(scope)["start_date"], "2026-02-30"]}

    assert _form_refused(client, url, data, "start_date") == ""
    assert picture(scope.application) == before


# Ids that exist but are not the field's to take.
def _outside_scope(scope: Scope) -> list[tuple[str, str, int]]:
    return [
        ("a department's id as the position", "position", scope.other.pk),
        ("a position of another department", "position", scope.foreign.pk),
        ("an inactive position", "position", scope.closed.pk),
        ("another job's hiring manager", "manager", scope.elsewhere.pk),
        ("a hiring manager who has left", "manager", scope.gone.pk),
        ("a position's id as the manager", "manager", scope.closed.pk),
    ]


def _not_a_choice(scope: Scope, field: str, pk: int) -> bool:
    """The id names nothing the field may take (ids of two tables may coincide)."""
    if field == "position":
        allowed = Position.objects.active().filter(department=scope.application.job.department)
    else:
        allowed = hire_manager_choices(scope.application)
    return not allowed.filter(pk=pk).exists()


@pytest.mark.parametrize("case", range(6))
def test_the_hire_form_refuses_ids_outside_its_choices(client, scope, case) -> None:
    label, field, pk = _outside_scope(scope)[case]
    assert _not_a_choice(scope, field, pk), label
    client.force_login(scope.scene.recruiter)
    url = reverse("recruiting:application-hire", args=[scope.application.pk])
    before = picture(scope.application)

    problem = _form_refused(client, url, {**_valid_form(scope), field: pk}, field)

    assert problem == "", label
    assert picture(scope.application) == before
    _assert_the_hire_form_still_works(client, scope)


# The API.


def _api_url(scope: Scope) -> str:
    return reverse("api:application-hire", args=[scope.application.pk])


def _api_client(user: User):  # type: ignore[no-untyped-def]
    api = token_client(user)
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api


def _assert_the_api_still_hires(scope: Scope, user: User) -> None:
    response = _api_client(user).post(
        _api_url(scope),
        {"position": scope.seat.pk, "manager": scope.named.pk, "reason": "入职"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["created"] is True
    assert Application.objects.get(pk=scope.application.pk).status == Application.Status.HIRED


API_CASES = [
    *[
        ("start_date", value)
        for value in [NUL, *DATES, None, ["2026-03-01"], {"y": 2026}, 20260301]
    ],
    *[("employment_type", value) for value in [NUL, LONG, "", "slave", None, ["full_time"]]],
    *[
        (field, value)
        for field in ("position", "manager")
        for value in [NUL, *NUMBERS, None, [1], {"id": 1}, True, 1.5]
    ],
    *[("reason", value) for value in [NUL, LONG, ["why"], {"why": "x"}]],
]


@pytest.mark.parametrize(
    "field", ["start_date", "employment_type", "position", "manager", "reason"]
)
def test_the_api_refuses_every_hostile_value_naming_the_field(scope, field) -> None:
    api = _api_client(scope.scene.recruiter)
    before = picture(scope.application)
    failures = []

    for name, value in API_CASES:
        if name != field:
            continue
        response = api.post(_api_url(scope), {field: value}, format="json")
        errors = response.json().get("errors", {}) if response.status_code == 400 else {}
        if field not in errors or picture(scope.application) != before:
            failures.append(f"{field}={str(value)[:20]!r}: {response.status_code} {errors}")

    assert failures == []
    _assert_the_api_still_hires(scope, scope.scene.recruiter)


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("application/json", "[]", 400),
        ("application/json", '[{"position": 1}]', 400),
        ("application/json", '"hire"', 400),
        ("application/json", "1", 400),
        ("application/json", "null", 400),
        ("application/json", '{"position": 1', 400),
        ("application/json", '{"position": NaN}', 400),
        ("application/json", '{"position": Infinity}', 400),
        ("application/json", '{"position": 1, "position": "²"}', 400),
        ("text/plain", '{"position": 1}', 415),
        ("application/xml", "<hire><position>1</position></hire>", 415),
    ],
)
def test_the_api_refuses_a_body_that_is_not_an_object(scope, content_type, body, status) -> None:
    before = picture(scope.application)

    response = _api_client(scope.scene.recruiter).generic(
        "POST", _api_url(scope), body, content_type=content_type
    )

    assert response.status_code == status, response.content[:300]
    assert set(response.json()) == {"message", "errors"}
    assert picture(scope.application) == before
    _assert_the_api_still_hires(scope, scope.scene.recruiter)


def test_the_api_names_the_field_of_a_body_that_is_not_an_object() -> None:
    scene = hire_scene(files=False)
    response = _api_client(scene.recruiter).post(
        reverse("api:application-hire", args=[scene.application.pk]), [1, 2], format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["non_field_errors"]
    assert not Employee.objects.exists()


@pytest.mark.parametrize("case", range(6))
def test_the_api_refuses_ids_outside_the_recruiters_choices(scope, case) -> None:
    label, field, pk = _outside_scope(scope)[case]
    assert _not_a_choice(scope, field, pk), label
    before = picture(scope.application)

    response = _api_client(scope.scene.recruiter).post(_api_url(scope), {field: pk}, format="json")

    assert response.status_code == 400, label
    assert field in response.json()["errors"], (label, response.json())
    assert picture(scope.application) == before
    _assert_the_api_still_hires(scope, scope.scene.recruiter)


def test_an_hr_admin_cannot_name_someone_who_has_left_as_manager(scope) -> None:
    """HR admins may name anyone who works here (not only whom the job names)."""
    before = picture(scope.application)

    response = _api_client(scope.hr).post(
        _api_url(scope), {"manager": scope.gone.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"manager": ["Choose a manager who works here."]}
    assert picture(scope.application) == before
    _assert_the_api_still_hires(scope, scope.hr)


def _in_arabic_digits(scope: Scope) -> list[tuple[str, str]]:
    return [
        ("position", str(scope.seat.pk).translate(ARABIC)),
        ("manager", str(scope.named.pk).translate(ARABIC)),
        ("start_date", scope.scene.offer.start_date.isoformat().translate(ARABIC)),
    ]


def test_the_api_takes_no_id_or_day_in_another_scripts_digits(scope) -> None:
    """ "١٢" is 12 to Python's int() and to Django's date parser; to the API it is not an
    id or a day (JSON numbers and ISO 8601 are ASCII), as it is not to hrflow.core.params."""
    api = _api_client(scope.scene.recruiter)
    before = picture(scope.application)

    for field, value in _in_arabic_digits(scope):
        response = api.post(_api_url(scope), {field: value}, format="json")
        assert response.status_code == 400, (field, value)
        assert field in response.json()["errors"]
        assert picture(scope.application) == before
    _assert_the_api_still_hires(scope, scope.scene.recruiter)


def test_the_hire_form_takes_no_id_or_day_in_another_scripts_digits(client, scope) -> None:
    client.force_login(scope.scene.recruiter)
    url = reverse("recruiting:application-hire", args=[scope.application.pk])
    before = picture(scope.application)

    for field, value in _in_arabic_digits(scope):
        assert _form_refused(client, url, {**_valid_form(scope), field: value}, field) == ""
        assert picture(scope.application) == before
    _assert_the_hire_form_still_works(client, scope)


def test_a_hostile_request_body_is_not_echoed_into_the_error() -> None:
    """The 400 names the field; it does not send the 100,000 characters back."""
    scene = hire_scene(files=False)
    response = _api_client(scene.recruiter).post(
        reverse("api:application-hire", args=[scene.application.pk]),
        {"reason": LONG, "start_date": LONG},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"reason", "start_date"}
    assert len(json.dumps(response.json())) < 2000
