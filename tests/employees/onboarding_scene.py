"""Employees with a job record, built directly, for the onboarding and pre-boarding tests."""

from datetime import date, timedelta

from django.utils import timezone

from employees.models import Assignment, Employee, EmployeeStatus, Position
from employees.numbers import employee_number_next
from hrflow.org.models import Department, Location
from tests.hrflow.factories import DepartmentFactory


def employee_make(  # type: ignore[no-untyped-def]
    *,
    department: Department | None = None,
    position: Position | None = None,
    location: Location | None = None,
    manager: Employee | None = None,
    user=None,
    start: date | None = None,
    name: str = "王小明",
    **fields,
) -> Employee:
    """A new hire starting `start` (in ten days unless told): pre-boarding until then."""
    today = timezone.localdate()
    start = start or today + timedelta(days=10)
    employee = Employee.objects.create(
        number=employee_number_next(),
        full_name=name,
        hire_date=start,
        user=user,
        personal_email=fields.pop("personal_email", "xiaoming@example.com"),
        phone=fields.pop("phone", "13800138000"),
        **fields,
    )
    common = {
        "employee": employee,
        "department": department or DepartmentFactory(),
        "position": position,
        "manager": manager,
        "location": location,
        "job_title": "工程师",
        "employment_type": "full_time",
    }
    if start > today:
        Assignment.objects.create(
            valid_from=today, valid_to=start, status=EmployeeStatus.PRE_BOARDING, change="hire",
            **common,
        )  # fmt: skip
    Assignment.objects.create(
        valid_from=min(start, today) if start <= today else start,
        status=EmployeeStatus.PROBATION,
        change="start" if start > today else "hire",
        **common,
    )
    return employee
