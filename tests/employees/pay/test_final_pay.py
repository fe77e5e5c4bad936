"""Final pay on leaving: severance (LCL art. 47), unused annual leave (实施办法 arts. 10–12)
and the last month's salary, against hand-computed examples and the shipped rule rows."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from employees import legal_data
from employees.pay import legal_final_pay
from employees.pay.final_pay import (
    CALENDAR_DAYS,
    DAYS_ABSENT,
    DAYS_WORKED,
    annual_leave_due_on_leaving,
    payable_multiple,
    prorated_month_pay,
    service_length,
    severance_due,
    severance_pay,
    unused_leave_pay,
)
from employees.selectors.rules import legal_value
from hrflow.core.errors import ApplicationError

pytestmark = pytest.mark.usefixtures("english")


def shipped(code: str, region: str = "") -> Any:
    """The newest value of `code` among the rows hrflow installs (legal_data.RULES)."""
    rows = [row for row in legal_data.RULES if row[0] == code and row[1] == region]
    assert rows, code
    return max(rows, key=lambda row: row[2])[3]


RULES = shipped("severance.rules")
TEN_K = Decimal("10000")


def severance(start: date, last_day: date, wage: str = "10000", city: str = "11000"):
    return severance_pay(
        start=start,
        last_day=last_day,
        average_monthly_wage=Decimal(wage),
        city_average_monthly=Decimal(city),
        rules=RULES,
    )


# Severance: the worked examples.


def test_three_and_a_half_years_count_as_four() -> None:
    pay = severance(date(2020, 1, 1), date(2023, 6, 30))
    assert (pay.service.years, pay.service.months_over, pay.service.days_over) == (3, 6, 0)
    assert pay.years_counted == 4
    assert pay.months_of_pay == 4
    assert pay.wage_used == Decimal("10000.00")
    assert not pay.capped
    assert pay.amount == Decimal("40000.00")


def test_two_point_three_years_count_as_two_and_a_half() -> None:
    pay = severance(date(2021, 1, 1), date(2023, 4, 18))  # 2 years, 3 months, 18 days
    assert (pay.service.years, pay.service.months_over, pay.service.days_over) == (2, 3, 18)
    assert pay.months_of_pay == Decimal("2.5")
    assert pay.amount == Decimal("25000.00")


def test_a_wage_above_three_times_the_city_average_is_capped_in_wage_and_years() -> None:
    pay = severance(date(2010, 1, 1), date(2024, 12, 31), wage="60000", city="11000")
    assert pay.service.years == 15
    assert pay.capped
    assert pay.wage_used == Decimal("33000.00")
    assert pay.years_counted == 12
    assert pay.amount == Decimal("396000.00")


def test_a_wage_of_exactly_three_times_keeps_every_year() -> None:
    pay = severance(date(2010, 1, 1), date(2024, 12, 31), wage="33000", city="11000")
    assert not pay.capped
    assert pay.years_counted == 15
    assert pay.amount == Decimal("495000.00")


def test_an_uncapped_wage_counts_every_year() -> None:
    assert severance(date(2010, 1, 1), date(2024, 12, 31)).amount == Decimal("150000.00")


@pytest.mark.parametrize(
    ("start", "last_day", "years", "amount"),
    [
        (date(2020, 1, 1), date(2024, 12, 31), 5, "165000.00"),  # capped wage, few years
        (date(2013, 1, 1), date(2024, 7, 31), 12, "396000.00"),  # 11 y 7 m → 12
        (date(2013, 1, 1), date(2024, 3, 31), Decimal("11.5"), "379500.00"),  # 11 y 3 m
        (date(2012, 1, 1), date(2024, 3, 31), 12, "396000.00"),  # 12 y 3 m: 12.5 → 12
    ],
)
def test_the_capped_years(start: date, last_day: date, years: Decimal, amount: str) -> None:
    pay = severance(start, last_day, wage="60000", city="11000")
    assert (pay.years_counted, pay.amount) == (years, Decimal(amount))


# Severance: how months are counted at the edges.


@pytest.mark.parametrize(
    ("start", "last_day", "months_of_pay"),
    [
        (date(2024, 1, 1), date(2024, 6, 30), "1"),  # exactly 6 months
        (date(2024, 1, 1), date(2024, 6, 29), "0.5"),  # a day short of 6 months
        (date(2024, 1, 1), date(2024, 5, 31), "0.5"),  # 5 months
        (date(2024, 3, 15), date(2024, 3, 15), "0.5"),  # a single day
        (date(2023, 1, 1), date(2023, 12, 31), "1"),  # a year, no remainder
        (date(2023, 1, 1), date(2024, 1, 1), "1.5"),  # a year and a day
        (date(2024, 1, 15), date(2024, 7, 14), "1"),  # from the 15th to the 14th
        (date(2024, 1, 15), date(2024, 7, 13), "0.5"),
        (date(2023, 8, 31), date(2024, 2, 29), "1"),  # from the 31st: month end, leap
        (date(2023, 8, 31), date(2024, 2, 28), "0.5"),
        (date(2022, 8, 31), date(2023, 2, 28), "1"),  # from the 31st, no leap
        (date(2024, 1, 31), date(2024, 7, 30), "1"),  # a 31-day month ends on the 30th
        (date(2024, 1, 31), date(2024, 7, 29), "0.5"),
    ],
)
def test_the_remainder_at_six_months(start: date, last_day: date, months_of_pay: str) -> None:
    pay = severance(start, last_day)
    assert pay.months_of_pay == Decimal(months_of_pay)
    assert pay.amount == TEN_K * Decimal(months_of_pay)


def test_service_length_counts_calendar_months_and_days_over() -> None:
    length = service_length(date(2024, 1, 31), date(2024, 3, 5))
    # 31 Jan → 29 Feb is a month (a shorter month ends on its last day), then 5 days.
    assert (length.months, length.days_over) == (1, 5)


@pytest.mark.usefixtures("english")
def test_the_explanation_shows_the_cap_and_the_sum() -> None:
    pay = severance(date(2010, 1, 1), date(2024, 12, 31), wage="60000", city="11000")
    assert pay.explanation == (
        "Service from 2010-01-01 to 2024-12-31: 15 years, 0 months and 0 days.",
        "The average monthly wage 60000.00 is above 3 × the city's average 11000.00: the "
        "wage used is 33000.00, and at most 12 years count.",
        "12 months' wages × 33000.00 = 396000.00.",
    )
    half = severance(date(2021, 1, 1), date(2023, 4, 18))
    assert half.explanation[1] == (
        "A remainder under 6 months counts as half a year: 2.5 years count."
    )


@pytest.mark.parametrize(
    ("start", "last_day", "wage", "city"),
    [
        (date(2024, 5, 2), date(2024, 5, 1), "10000", "11000"),
        (date(2024, 1, 1), date(2024, 5, 1), "-1", "11000"),
        (date(2024, 1, 1), date(2024, 5, 1), "10000", "0"),
    ],
)
def test_impossible_inputs_are_refused(start: date, last_day: date, wage: str, city: str):
    with pytest.raises(ApplicationError):
        severance(start, last_day, wage=wage, city=city)


# Severance: whether it is due.


@pytest.mark.parametrize(
    ("reason", "due"),
    [
        ("resignation", False),
        ("mutual_agreement_employer_proposed", True),
        ("mutual_agreement_employee_proposed", False),
        ("dismissal_with_notice", True),  # art. 40
        ("redundancy", True),  # art. 41
        ("fixed_term_ended_not_renewed_by_employer", True),
        ("fixed_term_ended_employee_declined_same_or_better_terms", False),
        ("dismissal_for_misconduct", False),  # art. 39
        ("employee_terminates_for_employer_fault", True),  # art. 38
    ],
)
def test_severance_due_by_reason(reason: str, due: bool) -> None:
    assert severance_due(reason, due_by_reason=shipped("severance.due_by_reason")) is due


def test_an_unknown_reason_is_refused_not_guessed() -> None:
    with pytest.raises(ApplicationError):
        severance_due("fired", due_by_reason=shipped("severance.due_by_reason"))


# Unused statutory annual leave.


@pytest.mark.parametrize(
    ("full", "counted_from", "last_day", "taken", "due"),
    [
        (5, date(2025, 1, 1), date(2025, 6, 30), "0", 2),  # 181/365 × 5 = 2.48
        (5, date(2025, 1, 1), date(2025, 6, 30), "1", 1),
        (5, date(2025, 1, 1), date(2025, 6, 30), "0.5", 1),  # 1.98: the part dropped last
        (5, date(2025, 1, 1), date(2025, 6, 30), "3", 0),  # more taken: not taken back
        (5, date(2025, 1, 1), date(2025, 3, 14), "0", 1),  # 73/365 × 5 = exactly 1
        (5, date(2025, 1, 1), date(2025, 3, 13), "0", 0),  # 72/365 × 5 = 0.99
        (10, date(2025, 1, 1), date(2025, 9, 30), "0", 7),  # 273/365 × 10 = 7.48
        (5, date(2025, 3, 1), date(2025, 10, 31), "0", 3),  # hired 1 March: 245 days
        (5, date(2024, 1, 1), date(2024, 12, 31), "0", 5),  # a leap year's 366 days
        (5, date(2025, 7, 1), date(2025, 6, 30), "0", 0),  # left before it began
    ],
)
def test_annual_leave_due_on_leaving(
    full: int, counted_from: date, last_day: date, taken: str, due: int
) -> None:
    days = annual_leave_due_on_leaving(
        full_year_days=full,
        counted_from=counted_from,
        last_day=last_day,
        days_taken=Decimal(taken),
        days_in_year=int(shipped("leave.annual.bands")["days_in_year"]),
    )
    assert days == due


def test_the_shipped_multiple_owes_two_hundred_percent() -> None:
    assert payable_multiple(shipped("leave.unused_annual_pay_multiple")) == 2


@pytest.mark.usefixtures("english")
def test_unused_leave_pay() -> None:
    divisor = Decimal(str(shipped("pay.wage_divisors")["daily"]))
    multiple = payable_multiple(shipped("leave.unused_annual_pay_multiple"))
    pay = unused_leave_pay(days=Decimal(3), monthly_wage=TEN_K, divisor=divisor, multiple=multiple)
    # 10000 ÷ 21.75 = 459.770114…; × 3 days × 2 = 2758.6206…
    assert pay.daily_wage == Decimal("459.77")
    assert pay.amount == Decimal("2758.62")
    assert pay.explanation == (
        "Daily wage: 10000.00 ÷ 21.75 = 459.77.",
        "3 unused days × 459.77 × 2 = 2758.62.",
    )
    full = unused_leave_pay(days=Decimal(3), monthly_wage=TEN_K, divisor=divisor, multiple=3)
    assert full.amount == Decimal("4137.93")  # 459.770114… × 9


def test_unused_leave_pay_refuses_impossible_inputs() -> None:
    with pytest.raises(ApplicationError):
        unused_leave_pay(days=Decimal(-1), monthly_wage=TEN_K, divisor=Decimal("21.75"), multiple=2)
    with pytest.raises(ApplicationError):
        unused_leave_pay(days=Decimal(1), monthly_wage=TEN_K, divisor=Decimal(0), multiple=2)


# The last month's salary. July 2025: 31 days, 23 working days, no holiday.

JULY = date(2025, 7, 1)
DIVISOR = Decimal("21.75")


def july(method: str, first: date | None, last: date | None, worked: int | None = None) -> Decimal:
    return prorated_month_pay(
        TEN_K,
        month=JULY,
        first_day=first,
        last_day=last,
        method=method,
        working_days=23,
        worked_days=worked,
        divisor=DIVISOR,
    )


@pytest.mark.parametrize(
    ("method", "amount"),
    [
        (CALENDAR_DAYS, "5483.87"),  # 17 of 31 days
        (DAYS_WORKED, "5977.01"),  # 13 ÷ 21.75
        (DAYS_ABSENT, "5402.30"),  # 10000 − 10 ÷ 21.75 × 10000
    ],
)
def test_a_joiner_on_the_15th(method: str, amount: str) -> None:
    assert july(method, date(2025, 7, 15), None, worked=13) == Decimal(amount)


@pytest.mark.parametrize(
    ("method", "amount"),
    [
        (CALENDAR_DAYS, "3225.81"),  # 10 of 31 days
        (DAYS_WORKED, "3678.16"),  # 8 ÷ 21.75
        (DAYS_ABSENT, "3103.45"),  # 10000 − 15 ÷ 21.75 × 10000
    ],
)
def test_a_leaver_on_the_10th(method: str, amount: str) -> None:
    assert july(method, None, date(2025, 7, 10), worked=8) == Decimal(amount)


@pytest.mark.parametrize("method", [CALENDAR_DAYS, DAYS_WORKED, DAYS_ABSENT])
def test_a_whole_month_is_the_monthly(method: str) -> None:
    assert july(method, None, None) == Decimal("10000.00")
    assert july(method, date(2024, 3, 1), date(2025, 8, 15), worked=23) == Decimal("10000.00")


def test_joining_and_leaving_in_one_month_and_a_month_not_employed() -> None:
    assert july(CALENDAR_DAYS, date(2025, 7, 15), date(2025, 7, 20)) == Decimal("1935.48")
    assert july(CALENDAR_DAYS, date(2025, 8, 1), None) == Decimal("0.00")
    assert july(DAYS_WORKED, None, date(2025, 6, 30), worked=0) == Decimal("0.00")


def test_days_worked_never_pays_more_than_the_month_nor_absence_less_than_nothing() -> None:
    # Joined 2 July: 22 of 23 working days; 22 ÷ 21.75 would be 10114.94.
    assert july(DAYS_WORKED, date(2025, 7, 2), None, worked=22) == Decimal("10000.00")
    assert july(DAYS_ABSENT, date(2025, 7, 2), None, worked=22) == Decimal("9540.23")
    # Left on the 1st: 22 days absent are worth more than the month.
    assert july(DAYS_ABSENT, None, date(2025, 7, 1), worked=1) == Decimal("0.00")


@pytest.mark.parametrize(
    ("method", "first", "last", "worked", "working", "divisor"),
    [
        ("hours", date(2025, 7, 15), None, 13, 23, DIVISOR),  # no such method
        (CALENDAR_DAYS, date(2025, 7, 15), date(2025, 7, 14), None, 23, DIVISOR),
        (DAYS_WORKED, date(2025, 7, 15), None, None, 23, DIVISOR),  # days worked missing
        (DAYS_WORKED, date(2025, 7, 15), None, 13, 23, None),  # divisor missing
        (DAYS_ABSENT, date(2025, 7, 15), None, 13, None, DIVISOR),
        (DAYS_ABSENT, date(2025, 7, 15), None, 24, 23, DIVISOR),  # worked more than there are
    ],
)
def test_prorating_refuses_what_it_cannot_compute(
    method: str,
    first: date,
    last: date | None,
    worked: int | None,
    working: int | None,
    divisor: Decimal | None,
) -> None:
    with pytest.raises(ApplicationError):
        prorated_month_pay(
            TEN_K,
            month=JULY,
            first_day=first,
            last_day=last,
            method=method,
            working_days=working,
            worked_days=worked,
            divisor=divisor,
        )


# The rule rows.


def _floats(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [found for item in value.values() for found in _floats(item)]
    return []


def test_every_final_pay_row_is_installed_and_fits_its_columns() -> None:
    for row in legal_final_pay.RULES:
        code, _region, _day, value, description, source, url = row
        assert row in legal_data.RULES
        assert len(description) <= 255, code
        assert len(source) <= 255, code
        assert len(url) <= 500, code
        assert not _floats(value), code  # money and multiples are decimal strings
        if code == "wage.city_average_monthly":
            assert Decimal(value) > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("region", "on", "average"),
    [
        ("beijing", date(2024, 6, 30), "14873"),  # 2022's figure until 2023's came out
        ("beijing", date(2025, 12, 31), "15701"),  # 2023's: 2024's not published
        ("shanghai", date(2025, 6, 30), "12307"),
        ("shanghai", date(2025, 7, 1), "12434"),
        ("shenzhen", date(2025, 7, 1), "14553"),
        ("shenzhen", date(2025, 9, 24), "14755"),
    ],
)
def test_the_city_average_in_force_on_the_last_day(region: str, on: date, average: str) -> None:
    assert legal_value("wage.city_average_monthly", on=on, region=region) == average


@pytest.mark.django_db
def test_a_city_without_its_average_is_refused() -> None:
    with pytest.raises(ApplicationError):
        legal_value("wage.city_average_monthly", on=date(2025, 7, 1), region="chengdu")


@pytest.mark.django_db
def test_a_beijing_high_earner_from_the_installed_rules() -> None:
    last_day = date(2025, 3, 31)
    pay = severance_pay(
        start=date(2010, 3, 1),  # 15 years and 1 month: 15.5, capped at 12
        last_day=last_day,
        average_monthly_wage=Decimal("60000"),
        city_average_monthly=Decimal(
            legal_value("wage.city_average_monthly", on=last_day, region="beijing")
        ),
        rules=legal_value("severance.rules", on=last_day),
    )
    assert pay.wage_used == Decimal("47103.00")  # 3 × 15701
    assert pay.amount == Decimal("565236.00")  # 12 × 47103
