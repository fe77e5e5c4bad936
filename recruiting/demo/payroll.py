"""The demo's payroll: every month of the year so far of every pay group computed and
approved (locked; last month's payslips e-mailed), and the current month computed and waiting for
review, so the payroll officer has a run to look at and every employee with an account
a payslip to open and acknowledge. Made once: a later start finds the runs and adds
nothing."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from employees.leave.region import region_of
from employees.models import Assignment, Employee, PayGroup, PayrollRun, SalaryRecord
from employees.pay.payslip_compute import group_payslips
from employees.pay.payslips import payroll_run_approve_and_send
from employees.pay.periods import month_first, previous_month
from employees.pay.runs import payroll_run_approve, payroll_run_compute
from employees.pay.salaries import salary_change
from employees.services.assignments import assignment_change
from hrflow.accounts.demo import DEMO_ACCOUNTS
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from recruiting.demo.people import demo_user

DEMO_ACCOUNT_SALARY = Decimal("16000")


@dataclass(frozen=True)
class DemoPayroll:
    locked: int
    in_review: int
    refused: list[str]


def demo_payroll_ensure(*, today: date) -> DemoPayroll:
    if PayrollRun.objects.exists():
        return DemoPayroll(0, 0, [])
    officer = demo_user(Role.PAYROLL) or demo_user(Role.HR_ADMIN)
    _account_salaries_ensure(officer)
    this_month = month_first(today)
    # Every month of the year so far: cumulative withholding needs the year to date, and a
    # payroll that started in autumn would withhold almost no tax.
    earlier = _months_since_january(this_month)
    locked = in_review = 0
    refused: list[str] = []
    for group in PayGroup.objects.filter(active=True).order_by("pk"):
        try:
            for month in earlier:
                run = payroll_run_compute(
                    group=group, month=month, actor=officer, computer=group_payslips
                )
                # Only last month's payslips are e-mailed: a year of them would bury the
                # demo's mail log.
                if month == earlier[-1]:
                    payroll_run_approve_and_send(run=run, actor=officer)
                else:
                    payroll_run_approve(run=run, actor=officer)
                locked += 1
            payroll_run_compute(
                group=group, month=this_month, actor=officer, computer=group_payslips
            )
            in_review += 1
        except ApplicationError as error:
            # A group the demo cannot pay (a rule missing for its city) is told, not hidden.
            refused.append(f"{group.name}: {error.message}")
    return DemoPayroll(locked, in_review, refused)


def _months_since_january(this_month: date) -> list[date]:
    months: list[date] = []
    month = previous_month(this_month)
    while month.year == this_month.year:
        months.insert(0, month)
        month = previous_month(month)
    return months


def _account_salaries_ensure(officer: User | None) -> None:
    """The demo accounts' people joined through the hiring stories, after the seed gave
    everyone else a salary: record theirs through the service, in the pay group of
    colleagues at their work location, so they have payslips to open."""
    current = SalaryRecord.objects.filter(valid_to__isnull=True).order_by("pay_group_id")
    group_by_region = dict(
        current.values_list("employee__assignments__location__region", "pay_group_id")
    )
    fallback = PayGroup.objects.filter(active=True).order_by("pk").first()
    for account in DEMO_ACCOUNTS:
        employee = (
            Employee.objects.filter(user__email=account.email, left_on__isnull=True)
            .exclude(salary_records__isnull=False)
            .first()
        )
        if employee is None or fallback is None:
            continue
        region = region_of(employee, employee.hire_date)
        if region not in group_by_region:
            # Hired to a location without a rules region: the demo places them at the
            # first group's office, as HR would correct the record.
            region = _place_with_group(employee, fallback, officer)
        group = PayGroup.objects.filter(pk=group_by_region.get(region, fallback.pk)).first()
        salary_change(
            employee=employee,
            valid_from=employee.hire_date,
            pay_group=group or fallback,
            base_monthly=DEMO_ACCOUNT_SALARY,
            items={},
            reason="入职定薪 Starting salary",
            actor=officer,
        )


def _place_with_group(employee: Employee, group: PayGroup, officer: User | None) -> str:
    colleague = (
        Assignment.objects.filter(employee__salary_records__pay_group=group, location__isnull=False)
        .exclude(location__region="")
        .select_related("location")
        .first()
    )
    first = Assignment.objects.filter(employee=employee).order_by("valid_from").first()
    if colleague is None or colleague.location is None or first is None:
        return ""
    if first.location_id != colleague.location_id:
        assignment_change(
            employee=employee,
            valid_from=first.valid_from,
            change=Assignment.Change.CORRECTION,
            actor=officer,
            reason="办公地点更正 Work location corrected",
            location_id=colleague.location_id,
        )
    return colleague.location.region
