"""The run review: differences against the group's previous locked run, per employee and
per payslip line, and each reason a payslip is flagged, on runs built by hand with
figures chosen for each case (and once on runs computed for real)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from employees.models import Employee, SalaryRecord
from employees.pay.review import Change, Flag, Thresholds, run_review
from hrflow.accounts.roles import Role
from tests.employees.pay.payroll_scene import (
    city_employee,
    pay_group,
    payslip_make,
    run_compute,
    run_lock,
    run_make,
)
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages and stored labels in English, whatever the site's default: the Chinese
    files are asked for by name."""
    with translation.override("en"):
        yield


JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
D = Decimal


@pytest.fixture
def group():
    return pay_group()


def _person(name: str = "李雷", since: date = date(2025, 3, 1)) -> Employee:
    return employee_make(name=name, since=since)


def _flags(review, employee: Employee) -> set[str]:
    row = next(row for row in review.employees if row.employee_id == employee.pk)
    return {reason.flag for reason in row.reasons}


def _row(review, employee: Employee):
    return next(row for row in review.employees if row.employee_id == employee.pk)


def test_differences_per_employee_and_per_line_against_the_locked_month(group):
    jan, feb = run_make(group, JAN, locked=True), run_make(group, FEB, locked=False)
    steady, raised = _person(name="甲"), _person(name="乙")
    payslip_make(jan, steady, base="10000", insurance="1900", tax="100", employer="2000")
    payslip_make(feb, steady, base="10000", insurance="1900", tax="100", employer="2000")
    payslip_make(jan, raised, base="12000", insurance="2200", tax="200", employer="2400")
    payslip_make(
        feb,
        raised,
        base="13000",
        insurance="2400",
        tax="250",
        employer="2600",
        extra=(("earning", "overtime", "1000"),),
    )

    review = run_review(feb)

    assert review.previous == jan
    row = _row(review, raised)
    assert row.gross == Change(D("14000"), D("12000"))
    assert row.net == Change(D("11350"), D("9600"))  # 14,000 − 2,400 − 250; 12,000 − 2,400
    assert row.net.delta == D("1750")
    assert row.tax.delta == D("50")
    assert row.insurance == Change(D("2400"), D("2200"))
    assert (row.joiner, row.leaver, row.new, row.missing) == (False, False, False, False)
    assert _row(review, steady).net.delta == 0
    lines = {line.code: line for line in review.lines}
    assert lines["base"].amount == Change(D("23000"), D("22000"))
    assert (lines["base"].employees, lines["base"].employees_before) == (2, 2)
    assert lines["overtime"].amount == Change(D("1000"), None)
    assert (lines["overtime"].employees, lines["overtime"].employees_before) == (1, 0)
    assert lines["income_tax"].amount.delta == D("-50")  # tax lines are negative
    assert [line.category for line in review.lines][:3] == [
        "earning",
        "earning",
        "insurance_employee",
    ]
    assert review.totals.gross == Change(D("24000"), D("22000"))
    assert review.totals.employer == Change(D("4600"), D("4400"))
    assert (review.totals.headcount, review.totals.headcount_before) == (2, 2)
    # 11,350 − 9,600 = +1,750: 18 % of last month, under the 20 % default.
    assert review.outliers == []
    assert _flags(run_review(feb, thresholds=Thresholds(net_change_share=D("0.15"))), raised) == {
        Flag.NET_CHANGED
    }


def test_net_pay_changed_beyond_the_share_and_the_floor(group):
    jan, feb = run_make(group, JAN, locked=True), run_make(group, FEB, locked=False)
    raised, intern = _person(name="乙"), _person(name="实习")
    payslip_make(jan, raised, base="10000", insurance="2000")  # net 8,000
    payslip_make(feb, raised, base="12000", insurance="2000")  # net 10,000: +25 %
    # In a region without a minimum wage rule: this test is about the thresholds.
    payslip_make(jan, intern, base="1500", region="hangzhou")
    payslip_make(feb, intern, base="1900", region="hangzhou")  # +27 %, only 400 yuan

    review = run_review(feb)

    assert _flags(review, raised) == {Flag.NET_CHANGED}
    assert "8000.00 → 10000.00 (+2000.00)" in _row(review, raised).reasons[0].message
    assert _flags(review, intern) == set()
    assert _flags(run_review(feb, thresholds=Thresholds(net_change_floor=D("300"))), intern) == {
        Flag.NET_CHANGED
    }


def test_zero_or_negative_net_pay(group):
    feb = run_make(group, FEB, locked=False)
    owes, nothing = _person(name="欠"), _person(name="零")
    payslip_make(feb, owes, base="3000", extra=(("deduction", "deduction", "-3500"),))
    payslip_make(feb, nothing, base="0")

    review = run_review(feb)

    assert _row(review, owes).net.current == D("-500")
    assert Flag.NET_NOT_POSITIVE in _flags(review, owes)
    assert Flag.NET_NOT_POSITIVE in _flags(review, nothing)


def test_income_tax_jumped_beyond_the_share_and_the_floor(group):
    jan, feb = run_make(group, JAN, locked=True), run_make(group, FEB, locked=False)
    jumped, banded = _person(name="税甲"), _person(name="税乙")
    payslip_make(jan, jumped, base="20000", tax="300")
    payslip_make(feb, jumped, base="20000", tax="900")  # +600: over 500 and over 50 %
    payslip_make(jan, banded, base="40000", tax="2000")
    payslip_make(feb, banded, base="40000", tax="2600")  # +600, but 30 %

    review = run_review(feb)

    # Net fell by 600 of 19,700 (3 %): only the tax is flagged.
    assert _flags(review, jumped) == {Flag.TAX_JUMPED}
    assert _flags(review, banded) == set()


def test_joiners_new_leavers_and_the_missing(group):
    jan, feb = run_make(group, JAN, locked=True), run_make(group, FEB, locked=False)
    joiner = _person(name="新人", since=date(2026, 2, 10))
    moved_in = _person(name="调入")
    leaver = _person(name="离职")
    Employee.objects.filter(pk=leaver.pk).update(left_on=date(2026, 2, 15))
    missing = _person(name="漏发")
    gone = _person(name="已走")
    Employee.objects.filter(pk=gone.pk).update(left_on=date(2026, 1, 31))
    moved_out = _person(name="调出")
    other_group = run_make(pay_group("Plant"), FEB, locked=False)
    for employee in (leaver, missing, gone, moved_out):
        payslip_make(jan, employee, base="8000")
    for employee in (joiner, moved_in, leaver):
        payslip_make(feb, employee, base="8000")
    payslip_make(other_group, moved_out, base="8000")

    review = run_review(feb)

    listed = {row.employee_id for row in review.employees}
    assert listed == {joiner.pk, moved_in.pk, leaver.pk, missing.pk}  # not the gone or moved
    assert (_row(review, joiner).joiner, _row(review, joiner).new) == (True, True)
    assert _flags(review, joiner) == {Flag.NEW}
    assert "2026-02-10" in _row(review, joiner).reasons[0].message
    assert (_row(review, moved_in).joiner, _row(review, moved_in).new) == (False, True)
    assert _flags(review, moved_in) == {Flag.NEW}
    assert _row(review, leaver).leaver
    assert _flags(review, leaver) == {Flag.LEAVER}
    assert _row(review, missing).missing
    assert _row(review, missing).net == Change(None, D("8000"))
    assert _flags(review, missing) == {Flag.MISSING}
    assert {row.employee_id for row in review.outliers} == listed


def test_without_an_earlier_locked_run_nothing_is_compared(group):
    run_make(group, JAN, locked=False)  # in review: not a month to compare with
    feb = run_make(group, FEB, locked=False)
    employee = _person()
    payslip_make(feb, employee, base="8000")

    review = run_review(feb)

    assert review.previous is None
    assert _row(review, employee).net == Change(D("8000"), None)
    assert _flags(review, employee) == set()
    assert any("No earlier locked run" in note for note in review.notes)


def test_minimum_wage_when_the_region_has_a_rule_and_a_note_where_none(group):
    # The shipped rows: Beijing 2,540 from September 2025 (after the employee's
    # contributions); no row for Hangzhou.
    feb = run_make(group, FEB, locked=False)
    low, fine, overtime, joiner, hangzhou = (_person(name=n) for n in "低好加新杭")
    payslip_make(feb, low, base="2800", insurance="300")  # 2,500 after contributions
    payslip_make(feb, fine, base="3500", insurance="500")  # 3,000
    # Overtime does not count: 2,000 for normal hours.
    payslip_make(feb, overtime, base="2000", extra=(("earning", "overtime", "1000"),))
    # 10 of 20 working days: the minimum is 1,270.
    payslip_make(feb, joiner, base="1300", days_paid="10", workdays=20)
    payslip_make(feb, hangzhou, base="1000", region="hangzhou")

    review = run_review(feb)

    assert _flags(review, low) == {Flag.BELOW_MINIMUM_WAGE}
    assert "2500.00 is below the minimum wage 2540.00" in _row(review, low).reasons[0].message
    assert _flags(review, fine) == set()
    assert _flags(review, overtime) == {Flag.BELOW_MINIMUM_WAGE}
    assert _flags(review, joiner) == set()
    assert _flags(review, hangzhou) == set()  # no rule for Hangzhou: not checked, and said
    assert [note for note in review.notes if "minimum wage" in note] == [
        "No minimum wage rule (pay.minimum_wage) for the region “hangzhou”: its payslips "
        "were not checked against the minimum wage."
    ]


def test_the_rule_in_force_in_the_runs_month_is_used(group):
    """Shanghai's 2,690 until June 2025 and 2,740 from July (the shipped rows)."""
    june, july = run_make(group, date(2025, 6, 1), locked=False), None
    person = _person(name="沪")
    payslip_make(june, person, base="2720", region="shanghai")
    assert _flags(run_review(june), person) == set()
    july = run_make(group, date(2025, 7, 1), locked=False)
    payslip_make(july, person, base="2720", region="shanghai")
    assert _flags(run_review(july), person) == {Flag.BELOW_MINIMUM_WAGE}


def test_on_runs_computed_for_real_a_raise_is_flagged():
    hr = UserFactory(roles=[Role.PAYROLL])
    group = pay_group()
    raised = city_employee(group, "20000", name="加薪")
    city_employee(group, "20000", name="不变")
    run_lock(group, JAN, hr)
    record = SalaryRecord.objects.get(employee=raised)
    record.valid_to = FEB
    record.save()
    SalaryRecord.objects.create(
        employee=raised, valid_from=FEB, pay_group=group, base_monthly=D("30000")
    )

    review = run_review(run_compute(group, FEB, hr))

    assert [row.employee_name for row in review.outliers] == ["加薪"]
    assert _row(review, raised).gross == Change(D("30000.00"), D("20000.00"))
    lines = {line.code: line for line in review.lines}
    assert lines["base"].amount == Change(D("50000.00"), D("40000.00"))
    assert lines["employer_pension"].amount == Change(D("8000.00"), D("6400.00"))  # 16 %


def _scene(group, people: int) -> object:
    jan, feb = run_make(group, JAN, locked=True), run_make(group, FEB, locked=False)
    for number in range(people):
        employee = _person(name=f"员工{number}")
        payslip_make(jan, employee, base="8000")
        payslip_make(feb, employee, base="9000" if number % 2 else "8000")
    missing = _person(name="漏发")
    payslip_make(jan, missing, base="8000")
    return feb


def test_the_review_reads_the_same_number_of_queries_for_any_number_of_employees(
    django_assert_num_queries,
):
    small = _scene(pay_group("Small"), 1)
    with CaptureQueriesContext(connection) as queries:
        run_review(small)
    large = _scene(pay_group("Large"), 6)
    with django_assert_num_queries(len(queries)):
        review = run_review(large)
    assert len(review.employees) == 7
    assert len(queries) == 5  # previous run, payslips, lines, paid elsewhere, minimum wage
