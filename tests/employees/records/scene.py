"""Small employee files for the records and self-service tests: people, a team, a history."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from employees.models import Assignment, Contract, Employee, EmploymentType
from employees.numbers import employee_number_next
from employees.seeding.contracts import add_years
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.org.models import Department
from tests.hrflow.factories import DepartmentFactory, UserFactory


def employee_make(
    *,
    name: str = "李雷",
    department: Department | None = None,
    manager: Employee | None = None,
    since: date | None = None,
    user: User | None = None,
    status: str = "regular",
    employment_type: str = EmploymentType.FULL_TIME,
    title: str = "工程师",
) -> Employee:
    since = since or timezone.localdate() - timedelta(days=400)
    employee = Employee.objects.create(
        number=employee_number_next(), full_name=name, hire_date=since, user=user,
        phone="13800000000", address="上海市徐汇区", sex=Employee.Sex.MALE,
    )  # fmt: skip
    Assignment.objects.create(
        employee=employee, valid_from=since, department=department or DepartmentFactory(),
        manager=manager, job_title=title, employment_type=employment_type, status=status,
        change=Assignment.Change.HIRE,
    )  # fmt: skip
    return employee


@dataclass
class Team:
    hr: User
    boss_user: User
    boss: Employee
    report_user: User
    report: Employee
    other: Employee  # not in the boss's team
    recruiter: User
    department: Department


def team() -> Team:
    department = DepartmentFactory(name="研发部")
    hr = UserFactory(roles=[Role.HR_ADMIN], full_name="HR 王芳", language="en")
    boss_user = UserFactory(roles=[Role.EMPLOYEE], full_name="张伟")
    boss = employee_make(name="张伟", department=department, user=boss_user, title="经理")
    report_user = UserFactory(roles=[Role.EMPLOYEE], full_name="陈静")
    report = employee_make(name="陈静", department=department, manager=boss, user=report_user)
    other = employee_make(name="赵六", department=DepartmentFactory(name="销售部"))
    recruiter = UserFactory(roles=[Role.RECRUITER])
    return Team(hr, boss_user, boss, report_user, report, other, recruiter, department)


def contract_make(employee: Employee, *, years: int = 3) -> Contract:
    return Contract.objects.create(
        employee=employee, kind=Contract.Kind.FIXED_TERM, starts_on=employee.hire_date,
        # Calendar-safe: a hire on 29 February (today - 400 days may be one) ends on 28th.
        ends_on=add_years(employee.hire_date, years) - timedelta(days=1),
        status=Contract.Status.ACTIVE, signed_on=employee.hire_date,
    )  # fmt: skip
