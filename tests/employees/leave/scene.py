"""Leave test helpers: the shipped types (reinstalled after a transactional flush), an
employee who can sign in, and a balance granted through the ledger."""

from datetime import date
from decimal import Decimal

from django.apps import apps

from employees.leave.ledger import entry_add
from employees.leave.types_data import install_leave_types
from employees.models import Employee, LeaveEntry, LeaveType
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory


def leave_type(code: str) -> LeaveType:
    install_leave_types(apps)
    return LeaveType.objects.get(code=code)


def person(
    *, since: date = date(2024, 1, 1), manager: Employee | None = None, name: str = "李雷"
) -> tuple[Employee, User]:
    user = UserFactory(roles=[Role.EMPLOYEE], full_name=name)
    return employee_make(name=name, since=since, manager=manager, user=user), user


def grant(employee: Employee, code: str, hours: str, on: date = date(2026, 1, 1)) -> None:
    entry_add(
        employee=employee, leave_type=leave_type(code), kind=LeaveEntry.Kind.GRANT,
        hours=Decimal(hours), effective_on=on, reason="test grant", actor=None,
    )  # fmt: skip
