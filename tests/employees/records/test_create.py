"""HR adds an employee who joined without a hire through hrflow."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from employees.models import Assignment, Employee, EmployeeStatus
from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from tests.hrflow.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _form(department, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "full_name": "赵敏",
        "sex": "female",
        "hire_date": (timezone.localdate() - timedelta(days=400)).isoformat(),
        "department": department.pk,
        "job_title": "会计",
        "employment_type": "full_time",
        "status": "regular",
    }
    data.update(overrides)
    return data


def test_hr_adds_an_employee_with_one_job_record_from_the_start_date(client) -> None:
    hr = UserFactory(roles=[Role.HR_ADMIN])
    department = DepartmentFactory()
    client.force_login(hr)

    response = client.post(reverse("employees:employee-create"), _form(department))

    employee = Employee.objects.get(full_name="赵敏")
    assert response.status_code == 302
    assert response.url == reverse("employees:employee-detail", args=[employee.number])
    record = Assignment.objects.as_of(timezone.localdate()).get(employee=employee)
    assert (record.department, record.status, record.job_title) == (
        department, EmployeeStatus.REGULAR, "会计",
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="employees.employee_create").count() == 1


def test_a_future_start_is_pre_boarding_until_then(client) -> None:
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    department = DepartmentFactory()
    start = timezone.localdate() + timedelta(days=5)

    client.post(
        reverse("employees:employee-create"),
        _form(department, hire_date=start.isoformat(), status="probation"),
    )

    employee = Employee.objects.get()
    today = timezone.localdate()
    assert Assignment.objects.as_of(today).get(employee=employee).status == "pre_boarding"
    assert Assignment.objects.as_of(start).get(employee=employee).status == "probation"


@pytest.mark.parametrize(
    "bad",
    [
        {"full_name": ""},
        {"hire_date": "2026-02-30"},
        {"department": "999999"},
        {"manager": "E999999"},
        {"status": "left"},
        {"employment_type": "slave"},
    ],
)
def test_bad_input_is_a_form_error_and_adds_nobody(client, bad) -> None:
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    response = client.post(
        reverse("employees:employee-create"), {**_form(DepartmentFactory()), **bad}
    )

    assert response.status_code == 400
    assert not Employee.objects.exists()


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.HIRING_MANAGER, Role.EMPLOYEE])
def test_only_hr_admins_add_employees(client, role) -> None:
    client.force_login(UserFactory(roles=[role]))

    assert client.get(reverse("employees:employee-create")).status_code == 404
    response = client.post(reverse("employees:employee-create"), _form(DepartmentFactory()))
    assert response.status_code == 404
    assert not Employee.objects.exists()
