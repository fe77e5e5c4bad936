"""Payroll scenes for the review, report and bank-file tests: employees paid in a city,
runs computed and locked for real, and runs built by hand with chosen figures."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from employees.models import (
    Assignment,
    Employee,
    PayGroup,
    PayrollRun,
    Payslip,
    PayslipLine,
    SalaryRecord,
)
from employees.pay.payslip_compute import group_payslips
from employees.pay.runs import payroll_run_approve, payroll_run_compute
from hrflow.accounts.models import User
from hrflow.org.models import Department
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import LocationFactory

Category = PayslipLine.Category
CITIES = {"beijing": "北京", "shanghai": "上海"}


def pay_group(name: str = "Head office", *, housing_fund_rate: str = "0.12") -> PayGroup:
    return PayGroup.objects.create(
        name=name,
        work_injury_rate=Decimal("0.002"),
        housing_fund_rate=Decimal(housing_fund_rate),
    )


def city_employee(
    group: PayGroup,
    base: str,
    *,
    region: str = "beijing",
    name: str = "李雷",
    department: Department | None = None,
    since: date = date(2025, 3, 1),
) -> Employee:
    employee = employee_make(name=name, department=department, since=since)
    Assignment.objects.filter(employee=employee).update(
        location=LocationFactory(city=CITIES[region], region=region)
    )
    SalaryRecord.objects.create(
        employee=employee, valid_from=since, pay_group=group, base_monthly=Decimal(base)
    )
    return employee


def run_compute(group: PayGroup, month: date, actor: User) -> PayrollRun:
    return payroll_run_compute(group=group, month=month, actor=actor, computer=group_payslips)


def run_lock(group: PayGroup, month: date, actor: User) -> PayrollRun:
    return payroll_run_approve(run=run_compute(group, month, actor), actor=actor)


# Runs built by hand: only what the review reads, with figures chosen for the test.


def run_make(group: PayGroup, month: date, *, locked: bool) -> PayrollRun:
    status = PayrollRun.Status.LOCKED if locked else PayrollRun.Status.COMPUTED
    return PayrollRun.objects.create(
        pay_group=group,
        month=month,
        status=status,
        computed_at=timezone.now(),
        inputs_digest="hand-built",
        figures_digest="hand-built",
    )


def payslip_make(
    run: PayrollRun,
    employee: Employee,
    *,
    base: str,
    insurance: str = "0",
    tax: str = "0",
    employer: str = "0",
    extra: tuple[tuple[str, str, str], ...] = (),
    days_paid: str = "20",
    workdays: int = 20,
    region: str = "beijing",
) -> Payslip:
    """A payslip whose lines add up: base pay and `extra` (category, code, amount) lines
    make gross, the pension line `insurance`, the income-tax line `tax`; net follows."""
    earned = [(Category.EARNING, "base", base), *extra]
    gross = sum((Decimal(amount) for _category, _code, amount in earned), Decimal(0))
    net = gross - Decimal(insurance) - Decimal(tax)
    payslip = Payslip.objects.create(
        run=run,
        employee=employee,
        department_id=employee.assignments.get().department_id,
        region=region,
        days_paid=Decimal(days_paid),
        gross=gross,
        taxable=gross,
        insurance_employee=Decimal(insurance),
        housing_fund_employee=Decimal(0),
        income_tax=Decimal(tax),
        net=net,
        insurance_employer=Decimal(employer),
        housing_fund_employer=Decimal(0),
        ytd={},
    )
    lines = [
        *((category, code, Decimal(amount)) for category, code, amount in earned),
        (Category.INSURANCE_EMPLOYEE, "pension", -Decimal(insurance)),
        (Category.TAX, "income_tax", -Decimal(tax)),
        (Category.EMPLOYER, "employer_pension", Decimal(employer)),
    ]
    PayslipLine.objects.bulk_create(
        PayslipLine(
            payslip=payslip,
            position=position,
            category=category,
            code=code,
            label=code,
            amount=amount,
            explanation={"inputs": {"workdays": workdays}} if code == "base" else {},
        )
        for position, (category, code, amount) in enumerate(lines)
    )
    return payslip
