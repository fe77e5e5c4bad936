"""People who leave, for the final pay, checklist and certificate tests: an employee in a
city (its rules region) with a salary in a pay group, and their leaving recorded."""

from datetime import date
from decimal import Decimal

from employees.models import Assignment, Contract, Employee, PayGroup, SalaryRecord
from employees.services.leaving import employee_leave
from hrflow.accounts.models import User
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import LocationFactory


def pay_group() -> PayGroup:
    group, _created = PayGroup.objects.get_or_create(
        name="Leavers' office",
        defaults={"work_injury_rate": Decimal("0.002"), "housing_fund_rate": Decimal("0.12")},
    )
    return group


def paid_employee(
    base: str,
    *,
    since: date,
    region: str = "beijing",
    city: str = "北京",
    manager: Employee | None = None,
    user: User | None = None,
    name: str = "李雷",
) -> Employee:
    employee = employee_make(since=since, manager=manager, user=user, name=name)
    Assignment.objects.filter(employee=employee).update(
        location=LocationFactory(city=city, region=region)
    )
    SalaryRecord.objects.create(
        employee=employee, valid_from=since, pay_group=pay_group(), base_monthly=Decimal(base)
    )
    return employee


def fixed_term_contract(employee: Employee, ends_on: date) -> Contract:
    return Contract.objects.create(
        employee=employee, kind=Contract.Kind.FIXED_TERM, starts_on=employee.hire_date,
        ends_on=ends_on, status=Contract.Status.ACTIVE, signed_on=employee.hire_date,
    )  # fmt: skip


def leaves(employee: Employee, last_day: date, *, actor: User | None = None) -> Employee:
    employee_leave(
        employee=employee, last_day=last_day, voluntary=False, reason="岗位撤销", actor=actor
    )
    employee.refresh_from_db()
    return employee
