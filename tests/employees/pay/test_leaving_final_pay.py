"""The final pay service through the database: the issue's worked examples for severance
(LCL art. 47), its income tax (财税[2018]164号 art. 5(1)), unused annual leave at the
payable 200 %, the items booked, preparing again, and the refusals."""

from datetime import date
from decimal import Decimal

import pytest

from employees.leave.annual import annual_leave_grant
from employees.models import FinalPay, PayItem, PayrollRun
from employees.pay.final_settlement import final_pay_prepare
from employees.pay.payslip_compute import group_payslips
from employees.pay.runs import payroll_run_approve, payroll_run_compute
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.leave.scene import leave_type
from tests.employees.pay.leaving_scene import leaves, paid_employee, pay_group
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def payroll():
    return UserFactory(roles=[Role.PAYROLL])


def _items(employee) -> dict[str, tuple[Decimal, bool]]:
    return {
        item.kind: (item.amount, item.taxable)
        for item in PayItem.objects.filter(employee=employee).order_by("pk")
    }


def test_three_and_a_half_years_at_10000_is_40000(payroll):
    employee = leaves(paid_employee("10000", since=date(2021, 1, 1)), date(2024, 6, 30))

    final = final_pay_prepare(employee=employee, reason_code="redundancy", actor=payroll)

    assert (final.service_months, final.service_days_over) == (42, 0)
    assert final.years_counted == Decimal("4.0")
    assert final.wage_months == 0  # no approved payslip: the base salary
    assert final.average_wage == Decimal("10000.00")
    assert final.city_average == Decimal("14873")  # Beijing's 2022 figure, in force then
    assert not final.capped
    assert final.severance == Decimal("40000.00")
    assert final.severance_tax == 0  # far within 3 × 14,873 × 12
    assert final.month == date(2024, 6, 1)
    assert _items(employee) == {"severance": (Decimal("40000.00"), False)}
    text = " ".join(final.explanation)
    assert "A remainder of 6 months or more counts as a year: 4 years count." in text
    assert "the base salary 10000.00 a month is used" in text


def test_two_years_three_months_is_two_and_a_half_months(payroll):
    employee = leaves(paid_employee("10000", since=date(2022, 1, 1)), date(2024, 4, 18))

    final = final_pay_prepare(employee=employee, reason_code="dismissal_with_notice", actor=payroll)

    assert (final.service_months, final.service_days_over) == (27, 18)  # 1–18 April
    assert final.years_counted == Decimal("2.5")
    assert final.severance == Decimal("25000.00")


def test_a_wage_above_three_times_the_city_average_is_capped_at_it_and_12_years(payroll):
    # 15 years and 1 month in Beijing (2023 average 15,701 in force from July 2024).
    employee = leaves(paid_employee("60000", since=date(2010, 3, 1)), date(2025, 3, 31))

    final = final_pay_prepare(employee=employee, reason_code="redundancy", actor=payroll)

    assert final.capped
    assert final.wage_used == Decimal("47103.00")  # 3 × 15,701
    assert final.years_counted == Decimal("12.0")
    assert final.severance == Decimal("565236.00")  # 12 × 47,103
    # 3 × the average × 12 months × 12 years is exactly the exempt 3 × the annual average.
    assert final.severance_exempt == Decimal("565236.00")
    assert final.severance_tax == 0


def test_severance_above_the_exempt_amount_is_taxed_on_its_own(payroll):
    # 45,000 is below the cap (47,103): all 15.5 years count.
    employee = leaves(paid_employee("45000", since=date(2010, 3, 1)), date(2025, 3, 31))

    final = final_pay_prepare(employee=employee, reason_code="redundancy", actor=payroll)

    assert final.severance == Decimal("697500.00")  # 15.5 × 45,000
    exempt = Decimal("15701") * 12 * 3
    assert final.severance_exempt == exempt == Decimal("565236")
    # 132,264 alone on the annual table: 10 % − 2,520.
    excess = final.severance - exempt
    assert final.severance_tax == (excess * Decimal("0.10") - 2520) == Decimal("10706.40")
    assert _items(employee) == {
        "severance": (Decimal("697500.00"), False),
        "deduction": (Decimal("10706.40"), False),  # taken after tax
    }


def test_no_severance_on_resignation_but_unused_annual_leave_is_paid_at_200_percent(payroll):
    leave_type("annual")
    employee = paid_employee("21750", since=date(2020, 1, 1))
    annual_leave_grant(employee=employee, year=2025, actor=None)  # 5 days = 40 h
    employee = leaves(employee, date(2025, 6, 30))

    final = final_pay_prepare(employee=employee, reason_code="resignation", actor=payroll)

    assert not final.severance_due
    assert final.severance == 0
    # 5 × 181/365 = 2.48 → 2 days due and unused: 16 h.
    assert (final.leave_hours, final.leave_days) == (Decimal("16.00"), Decimal("2.00"))
    assert final.daily_wage == Decimal("1000.00")  # 21,750 ÷ 21.75
    assert final.leave_multiple == 2  # 300 % less the 100 % paid with the salary
    assert final.leave_pay == Decimal("4000.00")
    assert _items(employee) == {"leave_pay": (Decimal("4000.00"), True)}
    text = " ".join(final.explanation)
    assert "Severance is not due when the contract ends for this reason (resignation)." in text
    assert "16.00 hours ÷ 8 hours a day = 2.00 days" in text


def test_the_average_wage_is_of_the_approved_payslips_before_the_month(payroll):
    employee = paid_employee("20000", since=date(2025, 10, 1))
    group = pay_group()
    for month in (date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)):
        PayItem.objects.create(
            employee=employee, month=month, kind=PayItem.Kind.BONUS, amount=Decimal("3000")
        )
        run = payroll_run_compute(group=group, month=month, actor=payroll, computer=group_payslips)
        payroll_run_approve(run=run, actor=payroll)
    employee = leaves(employee, date(2026, 1, 20))

    final = final_pay_prepare(employee=employee, reason_code="redundancy", actor=payroll)

    assert final.wage_months == 3  # fewer than 12: the months employed
    assert final.average_wage == Decimal("23000.00")  # every wage counted, bonuses too
    # 3 months and 20 days: half a year × 23,000.
    assert final.severance == Decimal("11500.00")


def test_preparing_again_replaces_its_own_items_only(payroll):
    employee = leaves(paid_employee("10000", since=date(2021, 1, 1)), date(2024, 6, 30))
    other = PayItem.objects.create(
        employee=employee, month=date(2024, 6, 1), kind=PayItem.Kind.BONUS, amount=Decimal("500")
    )
    first = final_pay_prepare(employee=employee, reason_code="redundancy", actor=payroll)

    again = final_pay_prepare(employee=employee, reason_code="redundancy", actor=payroll)
    assert again.pk == first.pk
    assert _items(employee) == {
        "bonus": (Decimal("500.00"), True),
        "severance": (Decimal("40000.00"), False),
    }
    resigned = final_pay_prepare(employee=employee, reason_code="resignation", actor=payroll)
    assert resigned.severance == 0
    assert resigned.severance_item is None
    assert list(PayItem.objects.filter(employee=employee)) == [other]
    assert FinalPay.objects.filter(employee=employee).count() == 1
    events = AuditEvent.objects.filter(action="employees.final_pay_prepare")
    assert events.count() == 3
    assert events.order_by("pk").last().changes["final_pay"][1]["severance"] == "0"


def test_refused_once_the_exit_month_is_locked(payroll):
    employee = paid_employee("10000", since=date(2025, 1, 1))
    employee = leaves(employee, date(2026, 2, 10))
    final_pay_prepare(employee=employee, reason_code="redundancy", actor=payroll)
    run = payroll_run_compute(
        group=pay_group(), month=date(2026, 2, 1), actor=payroll, computer=group_payslips
    )
    assert payroll_run_approve(run=run, actor=payroll).status == PayrollRun.Status.LOCKED
    items = _items(employee)

    with pytest.raises(ApplicationError, match="2026-02 is approved and locked"):
        final_pay_prepare(employee=employee, reason_code="resignation", actor=payroll)
    assert _items(employee) == items


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "No severance rule names the reason"),
        ("fired'; DROP TABLE employees_payitem;--", "No severance rule names the reason"),
        ("RESIGNATION", "No severance rule names the reason"),
    ],
)
def test_an_unknown_reason_is_refused_and_nothing_is_booked(payroll, reason, message):
    employee = leaves(paid_employee("10000", since=date(2021, 1, 1)), date(2024, 6, 30))
    with pytest.raises(ApplicationError, match=message):
        final_pay_prepare(employee=employee, reason_code=reason, actor=payroll)
    assert not PayItem.objects.filter(employee=employee).exists()
    assert not FinalPay.objects.filter(employee=employee).exists()


def test_refused_before_the_leaving_and_without_a_salary(payroll):
    staying = paid_employee("10000", since=date(2021, 1, 1))
    with pytest.raises(ApplicationError, match="Record the employee's leaving"):
        final_pay_prepare(employee=staying, reason_code="redundancy", actor=payroll)
    unpaid = leaves(paid_employee("10000", since=date(2021, 1, 1)), date(2024, 6, 30))
    unpaid.salary_records.all().delete()
    with pytest.raises(ApplicationError, match="No salary record is in force"):
        final_pay_prepare(employee=unpaid, reason_code="redundancy", actor=payroll)


def test_a_city_without_a_published_average_is_refused_plainly(payroll):
    employee = paid_employee("10000", since=date(2021, 1, 1), region="chengdu", city="成都")
    employee = leaves(employee, date(2024, 6, 30))
    with pytest.raises(ApplicationError, match=r"No legal rule wage\.city_average_monthly"):
        final_pay_prepare(employee=employee, reason_code="redundancy", actor=payroll)
