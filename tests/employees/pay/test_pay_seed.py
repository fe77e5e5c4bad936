"""The pay seed (`manage.py seed --employees E`): every full-time employee paid in a pay
group of their city, the components, declared deductions by the rule, and a company
whose monthly runs compute for everyone, the same for the same seed."""

import itertools
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from employees.models import (
    Assignment,
    Employee,
    EmploymentType,
    PayComponent,
    PayGroup,
    PayItem,
    PayrollRun,
    Payslip,
    PayslipLine,
    SalaryItem,
    SalaryRecord,
    TaxDeduction,
)
from employees.pay.components import components_for_run
from employees.pay.payslip_compute import group_payslips
from employees.pay.periods import month_last
from employees.pay.runs import payroll_run_approve, payroll_run_compute
from employees.seeding.builder import seed_employees
from employees.seeding.pay_catalogue import COMPONENTS, PAY_GROUPS

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 16)
COUNT = 200
# The demo's language names the groups (HRFLOW_DEMO_LANGUAGE).
REGION_BY_GROUP = {
    name: plan.region for plan in PAY_GROUPS for name in (plan.name_zh, plan.name_en)
}


def _group_of(region: str) -> PayGroup:
    names = [name for name, named in REGION_BY_GROUP.items() if named == region]
    return PayGroup.objects.get(name__in=names)


@pytest.fixture
def seeded() -> dict[str, int]:
    return seed_employees(count=COUNT, today=TODAY, seed=4, outcomes=False).rows


def _jobs_on(day: date) -> dict[int, Assignment]:
    return {a.employee_id: a for a in Assignment.objects.as_of(day).select_related("location")}


def _employed_in(month: date) -> set[int]:
    """Full-time employees working some day of the month, by their last job in it."""
    found = set()
    for employee in Employee.objects.all():
        if employee.hire_date > month_last(month):
            continue
        if employee.left_on is not None and employee.left_on < month:
            continue
        last_day = min(month_last(month), employee.left_on or month_last(month))
        job = Assignment.objects.as_of(last_day).get(employee=employee)
        if job.employment_type == EmploymentType.FULL_TIME:
            found.add(employee.pk)
    return found


def test_every_full_time_employee_is_paid_in_the_group_of_their_city(seeded):
    jobs = _jobs_on(TODAY)
    in_force = {
        r.employee_id: r for r in SalaryRecord.objects.as_of(TODAY).select_related("pay_group")
    }
    full_time = {pk for pk, job in jobs.items() if job.employment_type == EmploymentType.FULL_TIME}

    assert full_time
    assert set(in_force) == full_time
    for pk, record in in_force.items():
        assert REGION_BY_GROUP[record.pay_group.name] == jobs[pk].location.region
        assert record.base_monthly >= Decimal(2520)  # above Shenzhen's minimum wage
    assert {job.location.region for job in jobs.values()} == {"beijing", "shanghai", "shenzhen"}
    # Raises and transfers make a history for some; records never overlap.
    by_employee = defaultdict(list)
    for record in SalaryRecord.objects.order_by("valid_from"):
        by_employee[record.employee_id].append(record)
    assert any(len(rows) > 1 for rows in by_employee.values())
    for rows in by_employee.values():
        assert rows[0].valid_from == Employee.objects.get(pk=rows[0].employee_id).hire_date
        assert all(a.valid_to == b.valid_from for a, b in itertools.pairwise(rows))
        assert rows[-1].valid_to is None
    assert SalaryRecord.objects.filter(local_hukou=False).exists()
    assert SalaryRecord.objects.exclude(insurance_base=None).exists()
    assert seeded["salary records"] == SalaryRecord.objects.count()


def test_the_components_and_the_groups_are_made_and_a_run_can_read_them(seeded):
    assert {c.code for c in PayComponent.objects.all()} == {plan.code for plan in COMPONENTS}
    order = [spec.code for spec in components_for_run()]
    assert order.index("full_attendance") > order.index("shift")  # the formula names it
    dues = PayComponent.objects.get(code="union_dues")
    assert dues.kind == "deduction"
    assert not dues.taxable
    shanghai = _group_of("shanghai")
    assert shanghai.housing_fund_rate == Decimal("0.07")  # the policy's default rate
    assert _group_of("shenzhen").cut_off_day == 25
    # Union dues are 0.5 % of the record's base.
    for item in SalaryItem.objects.filter(component=dues).select_related("record")[:50]:
        assert item.amount == (item.record.base_monthly * Decimal("0.005")).quantize(
            Decimal("0.01")
        )


def test_declared_deductions_follow_the_rule(seeded):
    allowed = {
        "children_education": {Decimal(1000), Decimal(2000), Decimal(4000)},
        "infant_care": {Decimal(1000), Decimal(2000)},
        "elderly_support": {Decimal(1000), Decimal(1500), Decimal(3000)},
        "housing_loan_interest": {Decimal(1000)},
        "rent": {Decimal(1500)},
        "continuing_education": {Decimal(400)},
    }
    rows = list(TaxDeduction.objects.all())
    assert {row.item for row in rows} >= {"children_education", "elderly_support", "rent"}
    for row in rows:
        assert row.monthly_amount in allowed[row.item], row.item
        assert row.valid_from.day == 1
    declaring = {row.employee_id for row in rows}
    paid = set(SalaryRecord.objects.values_list("employee_id", flat=True))
    assert declaring <= paid
    assert 0.2 < len(declaring) / len(paid) < 0.8
    loans = {row.employee_id for row in rows if row.item == "housing_loan_interest"}
    assert not loans & {row.employee_id for row in rows if row.item == "rent"}


def _approved(month: date) -> list[PayrollRun]:
    runs = [
        payroll_run_compute(group=group, month=month, actor=None, computer=group_payslips)
        for group in PayGroup.objects.all()
    ]
    for run in runs:
        payroll_run_approve(run=run, actor=None)
    return runs


def test_the_runs_of_the_latest_months_pay_everyone_and_add_up(seeded):
    january, february, march = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
    _approved(january)
    _approved(february)
    runs = [
        payroll_run_compute(group=group, month=march, actor=None, computer=group_payslips)
        for group in PayGroup.objects.all()
    ]

    for month in (january, february, march):
        paid = set(Payslip.objects.filter(run__month=month).values_list("employee_id", flat=True))
        assert paid == _employed_in(month), month
    slips = Payslip.objects.filter(run__in=runs).prefetch_related("lines")
    for slip in slips:
        lines = [
            line for line in slip.lines.all() if line.category != PayslipLine.Category.EMPLOYER
        ]
        assert sum(line.amount for line in lines) == slip.net
        assert slip.gross > 0
        assert slip.net > 0
    # January's annual bonuses taxed on their own carry their own tax line.
    separate = PayItem.objects.filter(month=january, bonus_tax="separate").values_list(
        "employee_id", flat=True
    )
    assert separate
    taxed = PayslipLine.objects.filter(payslip__run__month=january, code="bonus_tax")
    assert set(taxed.values_list("payslip__employee_id", flat=True)) == set(separate)
    # February's year to date builds on January's locked payslip.
    jan = {p.employee_id: p for p in Payslip.objects.filter(run__month=january)}
    for slip in Payslip.objects.filter(run__month=february):
        if slip.employee_id in jan:
            assert Decimal(slip.ytd["income"]) == slip.taxable + jan[slip.employee_id].taxable


def _fingerprint() -> list[tuple[object, ...]]:
    records = [
        (r.employee.full_name, r.valid_from, r.base_monthly, r.pay_group.name, r.local_hukou,
         r.insurance_base, tuple(sorted((i.component.code, i.amount) for i in r.items.all())))
        for r in SalaryRecord.objects.select_related("employee", "pay_group")
        .prefetch_related("items__component")
        .order_by("employee_id", "valid_from")
    ]  # fmt: skip
    deductions = list(
        TaxDeduction.objects.order_by("employee_id", "item").values_list(
            "employee__full_name", "item", "monthly_amount"
        )
    )
    items = list(
        PayItem.objects.order_by("employee_id", "month", "kind", "amount").values_list(
            "employee__full_name", "month", "kind", "amount", "bonus_tax"
        )
    )
    return [*records, *deductions, *items]


class _Undo(Exception):
    pass


def _seeded_fingerprint(seed: int) -> list[tuple[object, ...]]:
    try:
        with transaction.atomic():
            seed_employees(count=120, today=TODAY, seed=seed, outcomes=False)
            found = _fingerprint()
            raise _Undo
    except _Undo:
        return found


def test_the_same_seed_gives_the_same_pay_and_another_seed_another():
    first, again, other = _seeded_fingerprint(7), _seeded_fingerprint(7), _seeded_fingerprint(8)

    assert len(first) > 100
    assert first == again
    assert first != other
