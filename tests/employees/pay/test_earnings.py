"""A month's pay before insurance and tax, from hand-built inputs: pro-rating, components,
overtime, unpaid leave and one-off items, each against a figure worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from employees.models import PayComponent, PayGroup, PayItem
from employees.pay.earnings import ComponentSpec, month_earnings, span_shares
from employees.pay.formulas import formula_parse
from employees.pay.inputs import EmployeeMonth, OneOff, SalarySpan
from employees.pay.periods import months_employed_this_year, pay_period

DIVISORS = {"daily": 21.75, "hourly": 174}
WORKING = PayGroup.Proration.WORKING_DAYS


def _month(*spans: SalarySpan, workdays: int = 22, **extra: object) -> EmployeeMonth:
    month = EmployeeMonth(employee_id=1, hire_date=date(2020, 1, 1), left_on=None, **extra)  # type: ignore[arg-type]
    month.spans = list(spans)
    month.workdays_in_month = workdays
    month.workdays_employed = sum(span.workdays for span in spans)
    return month


def _span(start: date, end: date, base: str, workdays: int, **amounts: str) -> SalarySpan:
    return SalarySpan(
        start=start,
        end=end,
        base_monthly=Decimal(base),
        insurance_base=None,
        local_hukou=True,
        tax_resident=True,
        amounts={code: Decimal(value) for code, value in amounts.items()},
        workdays=workdays,
    )


def _earn(month: EmployeeMonth, components=(), proration=WORKING):  # type: ignore[no-untyped-def]
    return month_earnings(
        month, list(components), proration=proration, divisors=DIVISORS, standard_day_minutes=480
    )


def _line(result, code: str) -> Decimal:  # type: ignore[no-untyped-def]
    return next(line.amount for line in result.lines if line.code == code)


def test_a_whole_month_pays_the_monthly_salary_exactly() -> None:
    result = _earn(_month(_span(date(2026, 5, 1), date(2026, 5, 31), "10000", 22)))
    assert _line(result, "base") == Decimal("10000.00")
    assert result.gross == result.taxable == Decimal("10000.00")
    assert result.days_paid == 22


def test_a_raise_within_the_month_splits_it_by_working_days() -> None:
    # 10 working days at 10,000 and 12 at 12,100: 10000×10/22 + 12100×12/22 = 11,145.45
    month = _month(
        _span(date(2026, 5, 1), date(2026, 5, 14), "10000", 10),
        _span(date(2026, 5, 15), date(2026, 5, 31), "12100", 12),
    )
    assert _line(_earn(month), "base") == Decimal("11145.45")


def test_a_joiner_is_paid_monthly_over_21_75_per_working_day() -> None:
    # Starts on the 18th with 10 working days left: 8,700 ÷ 21.75 × 10 = 4,000.
    month = _month(_span(date(2026, 5, 18), date(2026, 5, 31), "8700", 10))
    assert _line(_earn(month), "base") == Decimal("4000.00")
    # By calendar days: 14 of 31 days.
    calendar = _earn(month, proration=PayGroup.Proration.CALENDAR_DAYS)
    assert _line(calendar, "base") == Decimal("3929.03")


def test_a_joiner_never_earns_more_than_the_month() -> None:
    # 22 working days out of 23 is more than 21.75: the shares are scaled to the month.
    month = _month(_span(date(2026, 7, 2), date(2026, 7, 31), "8700", 22), workdays=23)
    assert span_shares(month, WORKING, Decimal("21.75")) == [Decimal(1)]
    assert _line(_earn(month), "base") == Decimal("8700.00")


def test_components_fixed_per_day_and_formula_with_overtime_and_unpaid_leave() -> None:
    month = _month(
        _span(date(2026, 5, 1), date(2026, 5, 31), "17400", 22, meal="30", housing="1000"),
        unpaid_leave_minutes=960,  # two days
        overtime_minutes={Decimal("1.50"): 600, Decimal("2.00"): 240},
    )
    formula = formula_parse("min(base * 0.05, 500)", names={"base"})
    components = [
        ComponentSpec("housing", "Housing", True, PayComponent.Calculation.FIXED, True),
        ComponentSpec("meal", "Meals", True, PayComponent.Calculation.PER_DAY_WORKED, False),
        ComponentSpec("union", "Dues", False, PayComponent.Calculation.FORMULA, False, formula),
    ]
    result = _earn(month, components)
    # Hourly 17,400 ÷ 174 = 100: 10 h × 150 % + 4 h × 200 % = 2,300.
    assert _line(result, "overtime") == Decimal("2300.00")
    # Daily 17,400 ÷ 21.75 = 800: two days unpaid.
    assert _line(result, "unpaid_leave") == Decimal("-1600.00")
    assert _line(result, "housing") == Decimal("1000.00")
    assert _line(result, "meal") == Decimal("600.00")  # 30 × 20 days paid, not taxable
    assert _line(result, "union") == Decimal("-500.00")  # after tax
    assert result.gross == Decimal("17400") + 2300 - 1600 + 1000 + 600
    assert result.taxable == result.gross - 600
    assert result.after_tax == Decimal("-500.00")


def test_one_off_items_and_an_annual_bonus_taxed_on_its_own() -> None:
    month = _month(
        _span(date(2026, 5, 1), date(2026, 5, 31), "10000", 22),
        one_offs=[
            OneOff(1, PayItem.Kind.BONUS, Decimal("2000"), True, "", ""),
            OneOff(2, PayItem.Kind.ANNUAL_BONUS, Decimal("36000"), True, "separate", ""),
            OneOff(3, PayItem.Kind.DEDUCTION, Decimal("300"), False, "", "phone"),
            OneOff(4, PayItem.Kind.CORRECTION, Decimal("-150"), True, "", "April overtime"),
        ],
    )
    result = _earn(month)
    assert result.separate_bonus == Decimal("36000")
    assert result.taxable == Decimal("10000") + 2000 - 150
    assert result.gross == Decimal("10000") + 2000 + 36000 - 150
    assert result.after_tax == Decimal("-300")


@pytest.mark.parametrize(
    ("cut_off", "start", "end"),
    [(31, date(2026, 5, 1), date(2026, 5, 31)), (25, date(2026, 4, 26), date(2026, 5, 25))],
)
def test_the_attendance_period_ends_on_the_cut_off(cut_off: int, start: date, end: date) -> None:
    period = pay_period(date(2026, 5, 12), cut_off)
    assert (period.month, period.month_end) == (date(2026, 5, 1), date(2026, 5, 31))
    assert (period.attendance_start, period.attendance_end) == (start, end)


def test_months_employed_count_from_january_or_the_month_of_hire() -> None:
    assert months_employed_this_year(date(2019, 3, 4), date(2026, 4, 1)) == 4
    assert months_employed_this_year(date(2026, 3, 31), date(2026, 4, 1)) == 2
