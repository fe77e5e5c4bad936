"""Employees for the contract and probation tests: a person, their job record, a manager."""

from datetime import date

from employees.models import Assignment, Employee, EmployeeStatus, EmploymentType
from employees.numbers import employee_number_next
from hrflow.accounts.models import User
from hrflow.org.models import Department
from tests.hrflow.factories import DepartmentFactory


def employee_make(
    *,
    hire_date: date,
    status: str = EmployeeStatus.PROBATION,
    manager: Employee | None = None,
    user: User | None = None,
    employment_type: str = EmploymentType.FULL_TIME,
    name: str = "",
    department: Department | None = None,
) -> Employee:
    """An employee with one job record from their first day (as the hire leaves it)."""
    employee = Employee.objects.create(
        number=employee_number_next(),
        full_name=name or f"员工{Employee.objects.count() + 1}",
        hire_date=hire_date,
        user=user,
    )
    Assignment.objects.create(
        employee=employee,
        valid_from=hire_date,
        department=department or DepartmentFactory(),
        manager=manager,
        job_title="工程师",
        employment_type=employment_type,
        status=status,
        change=Assignment.Change.HIRE,
    )
    return employee
