"""A small organisation seen by every role through the API.

Manager M (a user with the employee role) has one direct report, E (also a
user), whose job record changed on 2024-06-01 (a transfer from A to B). O is
someone else's report. The recruiter has no employee record; the HR admin
sees all.
"""

from dataclasses import dataclass
from datetime import date

from employees.models import Assignment, Contract, Employee, Position
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.org.models import Department
from hrflow.org.services import department_create
from tests.hrflow.factories import UserFactory

ROLES = ("hr_admin", "manager", "employee", "recruiter", "anonymous")
TRANSFER_DAY = date(2024, 6, 1)


@dataclass
class Org:
    users: dict[str, User | None]
    dept_a: Department
    dept_b: Department
    position: Position
    manager: Employee
    employee: Employee
    other: Employee
    contract: Contract
    other_contract: Contract


def _person(number: str, name: str, user: User | None, **tails: str) -> Employee:
    return Employee.objects.create(
        number=number,
        full_name=name,
        user=user,
        hire_date=date(2023, 1, 1),
        address="上海市浦东新区某路 1 号",
        personal_email=f"{number.lower()}@example.com",
        id_number="110101199001011234",
        id_number_tail="1234",
        bank_account="6222020200112233445",
        bank_account_tail="3445",
        **tails,
    )


def _job(employee: Employee, department: Department, manager: Employee | None, **kw) -> Assignment:  # type: ignore[no-untyped-def]
    fields = {
        "valid_from": date(2023, 1, 1),
        "job_title": "工程师",
        "employment_type": "full_time",
        "status": "regular",
        "change": "hire",
    }
    fields.update(kw)
    return Assignment.objects.create(
        employee=employee, department=department, manager=manager, **fields
    )


def org_build() -> Org:
    users: dict[str, User | None] = {
        "hr_admin": UserFactory(roles=[Role.HR_ADMIN]),
        "manager": UserFactory(roles=[Role.EMPLOYEE]),
        "employee": UserFactory(roles=[Role.EMPLOYEE]),
        "recruiter": UserFactory(roles=[Role.RECRUITER]),
        "anonymous": None,
    }
    dept_a = department_create(name="研发部", code="api-rd")
    dept_b = department_create(name="测试部", code="api-qa")
    position = Position.objects.create(code="api-eng", title="工程师", department=dept_a)
    manager = _person("E900001", "王经理", users["manager"])
    employee = _person("E900002", "李员工", users["employee"])
    other = _person("E900003", "张其他", None)
    _job(manager, dept_a, None, job_title="经理")
    _job(employee, dept_a, manager, valid_to=TRANSFER_DAY, position=position)
    _job(employee, dept_b, manager, valid_from=TRANSFER_DAY, change="transfer")
    _job(other, dept_b, None)
    contract = Contract.objects.create(
        employee=employee, kind="fixed_term", starts_on=date(2023, 1, 1), ends_on=date(2026, 1, 1)
    )
    other_contract = Contract.objects.create(
        employee=other, kind="open_ended", starts_on=date(2023, 1, 1)
    )
    return Org(users, dept_a, dept_b, position, manager, employee, other, contract, other_contract)
