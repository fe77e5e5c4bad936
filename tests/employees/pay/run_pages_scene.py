"""A pay group with Beijing employees for the payroll pages, API and e-mail tests: each
role the issue names, an employee with an account (and a line manager), a colleague
with another account, and one with no account at all."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from employees.models import Assignment, Employee, PayGroup, PayrollRun, SalaryRecord
from employees.pay.payslip_compute import group_payslips
from employees.pay.runs import payroll_run_approve, payroll_run_compute
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import LocationFactory, UserFactory

SINCE = date(2025, 3, 1)
JANUARY, FEBRUARY, MARCH = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


@dataclass
class PayScene:
    group: PayGroup
    users: dict[str, User]  # by role name, as the role matrix reads them
    employee: Employee  # 40,000 a month, signed in as users["employee"]
    colleague: Employee  # 18,000 a month, their own account
    no_account: Employee  # 12,000 a month, no account: never e-mailed

    @property
    def hr(self) -> User:
        return self.users["payroll"]


def beijing_employee(
    group: PayGroup, base: str, *, user: User | None = None, manager: Employee | None = None
) -> Employee:
    employee = employee_make(since=SINCE, user=user, manager=manager)
    Assignment.objects.filter(employee=employee).update(
        location=LocationFactory(city="北京", region="beijing")
    )
    SalaryRecord.objects.create(
        employee=employee, valid_from=SINCE, pay_group=group, base_monthly=Decimal(base)
    )
    return employee


def pay_scene() -> PayScene:
    group = PayGroup.objects.create(
        name="Head office", work_injury_rate=Decimal("0.002"), housing_fund_rate=Decimal("0.12")
    )
    users = {
        "hr_admin": UserFactory(roles=[Role.HR_ADMIN]),
        "payroll": UserFactory(roles=[Role.PAYROLL], language="en"),
        "recruiter": UserFactory(roles=[Role.RECRUITER]),
        "hiring_manager": UserFactory(roles=[Role.HIRING_MANAGER]),
        "interviewer": UserFactory(roles=[Role.INTERVIEWER]),
        "manager": UserFactory(roles=[Role.EMPLOYEE]),
        "employee": UserFactory(roles=[Role.EMPLOYEE], language="en"),
        "colleague": UserFactory(roles=[Role.EMPLOYEE], language="zh-hans"),
    }
    boss = employee_make(name="王经理", since=SINCE, user=users["manager"])
    employee = beijing_employee(group, "40000", user=users["employee"], manager=boss)
    colleague = beijing_employee(group, "18000", user=users["colleague"])
    no_account = beijing_employee(group, "12000")
    return PayScene(group, users, employee, colleague, no_account)


def computed(scene: PayScene, month: date = JANUARY) -> PayrollRun:
    return payroll_run_compute(
        group=scene.group, month=month, actor=scene.hr, computer=group_payslips
    )


def locked(scene: PayScene, month: date = JANUARY) -> PayrollRun:
    return payroll_run_approve(run=computed(scene, month), actor=scene.hr)
