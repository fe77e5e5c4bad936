"""A small payroll world for the salary, component and pay-page tests.

Pay group "上海月薪" pays employee E (started 2026-01-01), whose line manager is M (a
user with the employee role). The components cover every calculation: a fixed meal
allowance, a shift allowance per day worked, an on-call rate per overtime hour and a
housing allowance by formula. Every role has a user; the payroll officer and the HR
admin are the ones who may see pay.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from employees.models import (
    Assignment,
    Employee,
    PayComponent,
    PayGroup,
    PayrollRun,
    Payslip,
    SalaryRecord,
)
from employees.pay.salaries import salary_change
from employees.pay.setup import pay_component_save, pay_group_save
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from tests.hrflow.factories import DepartmentFactory, UserFactory

HIRED = date(2026, 1, 1)
ROLES = (
    "hr_admin",
    "payroll",
    "recruiter",
    "hiring_manager",
    "interviewer",
    "employee",
    "manager",
    "anonymous",
)
PAY_ROLES = ("hr_admin", "payroll")
REFUSED_ROLES = tuple(role for role in ROLES if role not in PAY_ROLES and role != "anonymous")


@dataclass
class PayScene:
    users: dict[str, User | None]
    group: PayGroup
    other_group: PayGroup
    meal: PayComponent
    shift: PayComponent
    on_call: PayComponent
    housing: PayComponent
    employee: Employee
    manager: Employee

    @property
    def hr(self) -> User:
        user = self.users["hr_admin"]
        assert user is not None
        return user

    @property
    def payroll(self) -> User:
        user = self.users["payroll"]
        assert user is not None
        return user


def group_make(name: str = "上海月薪", actor: User | None = None, **changes: Any) -> PayGroup:
    values: dict[str, Any] = {
        "name": name,
        "cut_off_day": 25,
        "pay_day": 10,
        "proration": PayGroup.Proration.WORKING_DAYS,
        "work_injury_rate": Decimal("0.0040"),
        "housing_fund_rate": Decimal("0.0700"),
        "bank_file_columns": ["employee_number", "name", "bank_account", "amount"],
        **changes,
    }
    return pay_group_save(group=None, actor=actor, **values)


def component_make(code: str, calculation: str, **changes: Any) -> PayComponent:
    values: dict[str, Any] = {
        "name": code.replace("_", " ").title(),
        "kind": PayComponent.Kind.EARNING,
        "calculation": calculation,
        "actor": None,
        **changes,
    }
    return pay_component_save(component=None, code=code, **values)


def _person(number: str, name: str, user: User | None, manager: Employee | None) -> Employee:
    employee = Employee.objects.create(number=number, full_name=name, hire_date=HIRED, user=user)
    Assignment.objects.create(
        employee=employee, valid_from=HIRED, department=DepartmentFactory(), manager=manager,
        job_title="工程师", employment_type="full_time", status="regular", change="hire",
    )  # fmt: skip
    return employee


def pay_scene() -> PayScene:
    users: dict[str, User | None] = {
        "hr_admin": UserFactory(roles=[Role.HR_ADMIN], language="en"),
        "payroll": UserFactory(roles=[Role.PAYROLL], language="en"),
        "recruiter": UserFactory(roles=[Role.RECRUITER]),
        "hiring_manager": UserFactory(roles=[Role.HIRING_MANAGER]),
        "interviewer": UserFactory(roles=[Role.INTERVIEWER]),
        "employee": UserFactory(roles=[Role.EMPLOYEE]),
        "manager": UserFactory(roles=[Role.EMPLOYEE]),
        "anonymous": None,
    }
    manager = _person("E800001", "王经理", users["manager"], None)
    employee = _person("E800002", "李员工", users["employee"], manager)
    return PayScene(
        users=users,
        group=group_make(),
        other_group=group_make("北京月薪"),
        meal=component_make("meal", PayComponent.Calculation.FIXED, name="餐补", position=10),
        shift=component_make(
            "shift_allowance", PayComponent.Calculation.PER_DAY_WORKED, name="Shift", position=20
        ),
        on_call=component_make(
            "on_call", PayComponent.Calculation.PER_OVERTIME_HOUR, name="On call", position=30
        ),
        housing=component_make(
            "housing",
            PayComponent.Calculation.FORMULA,
            name="Housing",
            formula="round(base_monthly * 0.1, 2)",
            position=40,
        ),
        employee=employee,
        manager=manager,
    )


def salary_set(
    scene: PayScene,
    day: date,
    base: str,
    *,
    group: PayGroup | None = None,
    actor: User | None = None,
    reason: str = "Offer",
    **items: str,
) -> SalaryRecord:
    return salary_change(
        employee=scene.employee,
        valid_from=day,
        pay_group=group or scene.group,
        base_monthly=Decimal(base),
        items={code: Decimal(amount) for code, amount in items.items()},
        reason=reason,
        actor=actor,
    )


def locked_payslip(
    employee: Employee, group: PayGroup, month: date, *, locked: bool = True
) -> Payslip:
    """A run of `month` that paid `employee` (approved and locked unless `locked` is False)."""
    status = PayrollRun.Status.LOCKED if locked else PayrollRun.Status.COMPUTED
    run, _created = PayrollRun.objects.get_or_create(
        pay_group=group,
        month=month,
        defaults={
            "status": status,
            "computed_at": timezone.now(),
            "inputs_digest": "0" * 64,
            "figures_digest": "0" * 64,
        },
    )
    zero = Decimal("0.00")
    return Payslip.objects.create(
        run=run, employee=employee, days_paid=Decimal("21.75"), gross=Decimal("10000.00"),
        taxable=Decimal("10000.00"), insurance_employee=zero, housing_fund_employee=zero,
        income_tax=zero, net=Decimal("10000.00"), insurance_employer=zero,
        housing_fund_employer=zero,
    )  # fmt: skip


def history(employee: Employee) -> list[tuple[date, date | None, Decimal, dict[str, Decimal]]]:
    """The employee's salary records as (from, until, base, items), oldest first."""
    rows = SalaryRecord.objects.filter(employee=employee).order_by("valid_from")
    return [
        (
            row.valid_from,
            row.valid_to,
            row.base_monthly,
            {item.component.code: item.amount for item in row.items.select_related("component")},
        )
        for row in rows
    ]
