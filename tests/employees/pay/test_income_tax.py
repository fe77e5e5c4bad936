"""Individual income tax on wages by the cumulative method, checked against worked examples
computed by hand. The rule values come from the rows of employees/pay/legal_tax.RULES (one
test checks they are installed and read back the same from the database)."""

from contextlib import suppress
from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest

from employees.pay import legal_tax
from employees.pay.income_tax import (
    WageMonth,
    WageTax,
    bonus_separate_available,
    bonus_tax_separate,
    prior_year_low_income_applies,
    tax_bands,
    wage_tax_month,
)
from employees.selectors.rules import legal_value_reader
from hrflow.core.errors import ApplicationError

pytestmark = pytest.mark.usefixtures("english")

D = Decimal


def rule(code: str, on: date) -> Any:
    """The value of the shipped row of `code` in force on `on` (national rows only)."""
    rows = [row for row in legal_tax.RULES if row[0] == code and row[1] == "" and row[2] <= on]
    if not rows:
        raise LookupError(code)
    return max(rows, key=lambda row: row[2])[3]


def rules_on(on: date) -> dict[str, Any]:
    """The keyword arguments of wage_tax_month as a caller reads them on `on`."""
    values: dict[str, Any] = {
        "annual_table": rule(legal_tax.WAGE_ANNUAL_TABLE, on),
        "basic_deduction_monthly": rule(legal_tax.BASIC_DEDUCTION_MONTHLY, on),
        "first_job_from_january": rule(legal_tax.FIRST_JOB_FROM_JANUARY, on),
    }
    # Rules only some employees need: a caller reads them for those (none before 2021, 2022).
    with suppress(LookupError):
        values["low_income_prior_year_threshold"] = rule(
            legal_tax.LOW_INCOME_PRIOR_YEAR_THRESHOLD, on
        )
    with suppress(LookupError):
        values["personal_pension_annual_cap"] = rule(legal_tax.PERSONAL_PENSION_ANNUAL_CAP, on)
    return values


def tax_of(month: WageMonth) -> WageTax:
    return wage_tax_month(month, **rules_on(month.period))


FIGURES = (
    "income",
    "exempt_income",
    "social_insurance",
    "special_additional_deductions",
    "personal_pension",
    "other_deductions",
)


def run_year(monthly: list[WageMonth]) -> list[WageTax]:
    """The months in a row, each one's `earlier_*` summed from the months before as payroll
    does; the WageMonths given carry only their own month's figures."""
    totals = dict.fromkeys(FIGURES, D(0))
    withheld = D(0)
    results: list[WageTax] = []
    for given in monthly:
        earlier = {f"earlier_{name}": totals[name] for name in FIGURES}
        month = replace(given, earlier_tax_withheld=withheld, **earlier)
        result = tax_of(month)
        results.append(result)
        for name in FIGURES:
            totals[name] += getattr(month, name)
        withheld += result.tax
    return results


def months(year: int, first: int, last: int, **figures: Any) -> list[WageMonth]:
    """The same figures each month from `first` to `last`, employed here from `first`."""
    return [
        WageMonth(period=date(year, m, 28), months_employed=m - first + 1, **figures)
        for m in range(first, last + 1)
    ]


def test_the_issue_example_crosses_into_20_percent_in_april() -> None:
    # 50,000 − 5,000 − 3,000 − 2,000 = 40,000 taxable a month.
    # Jan 40,000 × 10 % − 2,520 = 1,480; Feb 80,000 × 10 % − 2,520 − 1,480 = 4,000;
    # Mar 120,000 × 10 % − 2,520 − 5,480 = 4,000; Apr 160,000 × 20 % − 16,920 − 9,480 = 5,600.
    year = run_year(
        months(
            2025,
            1,
            4,
            income=D(50000),
            social_insurance=D(3000),
            special_additional_deductions=D(2000),
        )
    )
    assert [m.ytd_taxable for m in year] == [D(40000), D(80000), D(120000), D(160000)]
    assert [m.tax for m in year] == [D("1480.00"), D("4000.00"), D("4000.00"), D("5600.00")]
    assert [m.rate for m in year] == [D("0.10"), D("0.10"), D("0.10"), D("0.20")]
    april = year[3]
    assert (april.quick_deduction, april.ytd_tax) == (D(16920), D("15080.00"))


def test_the_explanation_shows_every_figure_and_the_rules_read() -> None:
    january = tax_of(
        WageMonth(
            period=date(2025, 1, 31),
            months_employed=1,
            income=D(50000),
            social_insurance=D(3000),
            special_additional_deductions=D(2000),
        )
    )
    explained = january.explanation
    assert [(line.key, line.amount) for line in explained.lines] == [
        ("income", D(50000)),
        ("ytd_income", D(50000)),
        ("ytd_exempt_income", D(0)),
        ("ytd_basic_deduction", D(5000)),
        ("ytd_social_insurance", D(3000)),
        ("ytd_special_additional_deductions", D(2000)),
        ("ytd_other_deductions", D(0)),
        ("ytd_taxable", D(40000)),
        ("rate", D("0.10")),
        ("quick_deduction", D(2520)),
        ("ytd_tax", D("1480.00")),
        ("earlier_tax_withheld", D(0)),
        ("tax", D("1480.00")),
    ]
    assert explained.lines[3].label == "Basic deduction: 5000 × months employed here (1)"
    assert {(r.code, r.in_force_on) for r in explained.rules} == {
        (legal_tax.WAGE_ANNUAL_TABLE, date(2025, 1, 31)),
        (legal_tax.BASIC_DEDUCTION_MONTHLY, date(2025, 1, 31)),
        (legal_tax.FIRST_JOB_FROM_JANUARY, date(2025, 1, 31)),
    }


def test_prior_year_low_income_withholds_nothing_until_ytd_income_passes_60000() -> None:
    # 8,000 a month, no other deduction; the YTD basic deduction is 60,000 all year.
    # Jan–Jul: YTD income 8,000 … 56,000 ≤ 60,000 → taxable 0 → nothing.
    # Aug: 64,000 − 60,000 = 4,000 × 3 % = 120.
    # Sep: 12,000 × 3 % = 360 − 120 = 240; Oct 20,000 → 600 − 360 = 240;
    # Nov 28,000 → 840 − 600 = 240; Dec 36,000 → 1,080 − 840 = 240.
    # The year's 1,080 is the annual tax (96,000 − 60,000) × 3 %, as without the rule
    # (90 a month) — only withheld later.
    year = run_year(months(2025, 1, 12, income=D(8000), prior_year_low_income=True))
    assert [m.tax for m in year] == [D(0)] * 7 + [D("120.00")] + [D("240.00")] * 4
    assert all(m.ytd_basic_deduction == D(60000) for m in year)
    assert sum(m.tax for m in year) == D("1080.00")
    assert year[7].explanation.lines[3].label == (
        "Basic deduction: the whole year's 60000 (prior-year low income)"
    )
    assert legal_tax.LOW_INCOME_PRIOR_YEAR_THRESHOLD in {r.code for r in year[7].explanation.rules}


def test_prior_year_low_income_with_social_insurance_starts_later_still() -> None:
    # 8,000 a month less 1,000 social insurance: Aug 64,000 − 60,000 − 8,000 < 0 → 0;
    # Sep 72,000 − 60,000 − 9,000 = 3,000 → 90; Oct 10,000 → 300 − 90 = 210;
    # Nov 17,000 → 510 − 300 = 210; Dec 24,000 → 720 − 510 = 210.
    year = run_year(
        months(2025, 1, 12, income=D(8000), social_insurance=D(1000), prior_year_low_income=True)
    )
    assert [m.tax for m in year] == [D(0)] * 8 + [D("90.00")] + [D("210.00")] * 3


def test_prior_year_low_income_at_exactly_60000_still_withholds_nothing() -> None:
    # 10,000 a month: June's YTD income is 60,000, not above; July's 70,000 → 10,000 × 3 %.
    year = run_year(months(2025, 1, 7, income=D(10000), prior_year_low_income=True))
    assert [m.tax for m in year] == [D(0)] * 6 + [D("300.00")]


def test_the_prior_year_conditions() -> None:
    threshold = rule(legal_tax.LOW_INCOME_PRIOR_YEAR_THRESHOLD, date(2025, 1, 1))
    assert prior_year_low_income_applies(D(60000), 12, threshold=threshold)
    assert not prior_year_low_income_applies(D("60000.01"), 12, threshold=threshold)
    assert not prior_year_low_income_applies(D(30000), 11, threshold=threshold)


def test_the_low_income_rule_is_refused_before_2021() -> None:
    month = WageMonth(
        period=date(2020, 12, 31), months_employed=12, income=D(8000), prior_year_low_income=True
    )
    with pytest.raises(ApplicationError, match="not in force on 2020-12-31"):
        tax_of(month)


def test_first_job_of_the_year_in_july_deducts_from_january() -> None:
    # Joined in July, no wage earlier this year: 5,000 × 7 = 35,000 basic deduction,
    # so 20,000 is all deducted; a joiner with an earlier job deducts only 5,000:
    # (20,000 − 5,000) × 3 % = 450.
    first_job = WageMonth(
        period=date(2025, 7, 31), months_employed=1, income=D(20000), first_job_this_year=True
    )
    result = tax_of(first_job)
    assert result.ytd_basic_deduction == D(35000)
    assert result.tax == D(0)
    assert result.explanation.lines[3].label == (
        "Basic deduction: 5000 × months from January (7), first wage income this year"
    )
    earlier_job = tax_of(replace(first_job, first_job_this_year=False))
    assert (earlier_job.ytd_basic_deduction, earlier_job.tax) == (D(5000), D("450.00"))


def test_the_first_job_rule_switches_on_by_date() -> None:
    # Before 2020-07-01 the rule row says false: a first job counts its months only.
    june_2020 = WageMonth(
        period=date(2020, 6, 30), months_employed=1, income=D(20000), first_job_this_year=True
    )
    assert tax_of(june_2020).ytd_basic_deduction == D(5000)
    july_2020 = replace(june_2020, period=date(2020, 7, 31))
    assert tax_of(july_2020).ytd_basic_deduction == D(35000)


def test_a_mid_year_joiner_deducts_the_months_employed_here() -> None:
    # Joined in May, third month in July: 15,000; YTD taxable 3 × 20,000 − 15,000 = 45,000
    # → 45,000 × 10 % − 2,520 = 1,980 YTD.
    year = run_year(months(2025, 5, 7, income=D(20000)))
    assert [m.ytd_basic_deduction for m in year] == [D(5000), D(10000), D(15000)]
    # May 15,000 → 450; Jun 30,000 → 900 − 450 = 450; Jul 45,000 → 1,980 − 900 = 1,080.
    assert [m.tax for m in year] == [D("450.00"), D("450.00"), D("1080.00")]


def test_a_leaver_in_may_pays_exactly_what_the_cumulative_method_says() -> None:
    # 30,000 less 2,000 social insurance: 23,000 taxable a month, nothing projected.
    # Jan 23,000 → 690; Feb 46,000 → 2,080 − 690 = 1,390; Mar 69,000 → 4,380 − 2,080 =
    # 2,300; Apr 92,000 → 6,680 − 4,380 = 2,300; May 115,000 → 8,980 − 6,680 = 2,300.
    year = run_year(months(2025, 1, 5, income=D(30000), social_insurance=D(2000)))
    assert [m.tax for m in year] == [
        D("690.00"),
        D("1390.00"),
        D("2300.00"),
        D("2300.00"),
        D("2300.00"),
    ]
    may = year[-1]
    assert may.ytd_tax == D("8980.00") == sum(m.tax for m in year)
    assert may.excess_withheld == D(0)


def test_a_lower_month_withholds_nothing_and_the_excess_waits_for_the_reconciliation() -> None:
    # Jan 50,000: 45,000 × 10 % − 2,520 = 1,980. Feb 2,000: YTD 52,000 − 10,000 = 42,000
    # → 1,680, below the 1,980 withheld: nothing withheld, 300 excess, no refund.
    # Mar 50,000: 102,000 − 15,000 = 87,000 → 6,180 − 1,980 = 4,200.
    year = run_year(
        [
            WageMonth(period=date(2025, 1, 31), months_employed=1, income=D(50000)),
            WageMonth(period=date(2025, 2, 28), months_employed=2, income=D(2000)),
            WageMonth(period=date(2025, 3, 31), months_employed=3, income=D(50000)),
        ]
    )
    assert [m.tax for m in year] == [D("1980.00"), D(0), D("4200.00")]
    february = year[1]
    assert (february.ytd_tax, february.excess_withheld) == (D("1680.00"), D("300.00"))
    assert february.explanation.amount("excess_withheld") == D("300.00")
    assert year[2].excess_withheld == D(0)


@pytest.mark.parametrize(
    ("ytd_taxable", "rate", "ytd_tax"),
    [
        ("36000", "0.03", "1080.00"),
        ("36000.01", "0.10", "1080.00"),  # 3,600.001 − 2,520
        ("36000.05", "0.10", "1080.01"),  # 1,080.005 rounds half up
        ("144000", "0.10", "11880.00"),
        ("144000.01", "0.20", "11880.00"),
        ("300000", "0.20", "43080.00"),
        ("300000.01", "0.25", "43080.00"),
        ("420000", "0.25", "73080.00"),
        ("420000.01", "0.30", "73080.00"),
        ("660000", "0.30", "145080.00"),
        ("660000.01", "0.35", "145080.00"),
        ("960000", "0.35", "250080.00"),
        ("960000.01", "0.45", "250080.00"),  # 432,000.0045 − 181,920
        ("1000000", "0.45", "268080.00"),
    ],
)
def test_band_edges_of_the_annual_table(ytd_taxable: str, rate: str, ytd_tax: str) -> None:
    result = tax_of(
        WageMonth(period=date(2025, 1, 31), months_employed=1, income=D(ytd_taxable) + 5000)
    )
    assert (result.ytd_taxable, result.rate, result.ytd_tax) == (
        D(ytd_taxable),
        D(rate),
        D(ytd_tax),
    )


def test_quick_deductions_make_the_tables_continuous_and_the_bonus_table_is_a_twelfth() -> None:
    # At every band's upper edge both neighbouring bands give the same tax: a typo in a
    # rate or quick deduction of the rows breaks this.
    annual = tax_bands(rule(legal_tax.WAGE_ANNUAL_TABLE, date(2025, 1, 1)))
    bonus = tax_bands(rule(legal_tax.BONUS_MONTHLY_TABLE, date(2025, 1, 1)))
    for bands in (annual, bonus):
        for lower, upper in pairwise(bands):
            assert lower.up_to is not None
            edge = lower.up_to
            assert edge * lower.rate - lower.quick_deduction == edge * upper.rate - (
                upper.quick_deduction
            )
    assert [(b.up_to, b.rate, b.quick_deduction) for b in bonus] == [
        (None if b.up_to is None else b.up_to / 12, b.rate, b.quick_deduction / 12) for b in annual
    ]


def test_personal_pension_is_capped_at_the_year_total() -> None:
    # 11,000 contributed earlier and 2,000 now: 12,000 of the 13,000 is deductible. June,
    # YTD income 180,000 − basic 30,000 − pension 12,000 = 138,000 → 13,800 − 2,520 = 11,280.
    june = WageMonth(
        period=date(2025, 6, 30),
        months_employed=6,
        income=D(30000),
        personal_pension=D(2000),
        earlier_income=D(150000),
        earlier_personal_pension=D(11000),
    )
    result = tax_of(june)
    assert result.explanation.amount("ytd_personal_pension") == D(12000)
    assert (result.ytd_taxable, result.ytd_tax) == (D(138000), D("11280.00"))
    assert legal_tax.PERSONAL_PENSION_ANNUAL_CAP in {r.code for r in result.explanation.rules}


def test_personal_pension_before_the_2022_scheme_is_refused() -> None:
    month = WageMonth(
        period=date(2021, 6, 30), months_employed=1, income=D(30000), personal_pension=D(1000)
    )
    with pytest.raises(ApplicationError, match="not deductible"):
        tax_of(month)


@pytest.mark.parametrize(
    ("months_employed", "period"), [(0, date(2025, 3, 1)), (4, date(2025, 3, 1))]
)
def test_months_employed_outside_the_year_so_far_is_refused(
    months_employed: int, period: date
) -> None:
    with pytest.raises(ApplicationError, match="Months employed"):
        tax_of(WageMonth(period=period, months_employed=months_employed, income=D(1)))


def test_the_two_special_deduction_flags_exclude_each_other() -> None:
    month = WageMonth(
        period=date(2025, 3, 31),
        months_employed=3,
        income=D(1),
        first_job_this_year=True,
        prior_year_low_income=True,
    )
    with pytest.raises(ApplicationError, match="no first job"):
        tax_of(month)


def bonus(amount: str, paid_on: date = date(2025, 1, 20)) -> Any:
    return bonus_tax_separate(
        D(amount),
        paid_on=paid_on,
        bonus_monthly_table=rule(legal_tax.BONUS_MONTHLY_TABLE, paid_on),
        separate_until=rule(legal_tax.BONUS_SEPARATE_UNTIL, paid_on),
    )


@pytest.mark.parametrize(
    ("amount", "rate", "tax"),
    [
        ("36000", "0.03", "1080.00"),  # 3,000 a month: still 3 %
        ("36001", "0.10", "3390.10"),  # 36,001 × 10 % − 210: the cliff
        ("36000.01", "0.10", "3390.00"),  # the quotient 3,000.0008 is above 3,000 too
        ("144000", "0.10", "14190.00"),  # 12,000 a month
        ("144012", "0.20", "27392.40"),  # 12,001 a month: × 20 % − 1,410
        ("960000", "0.35", "328840.00"),  # 80,000 a month: × 35 % − 7,160
        ("960012", "0.45", "416845.40"),  # × 45 % − 15,160
        ("0", "0.03", "0.00"),
    ],
)
def test_bonus_taxed_separately(amount: str, rate: str, tax: str) -> None:
    result = bonus(amount)
    assert (result.rate, result.tax) == (D(rate), D(tax))


def test_the_bonus_explanation() -> None:
    result = bonus("36001")
    assert [(line.key, line.amount) for line in result.explanation.lines] == [
        ("bonus", D(36001)),
        ("monthly_average", D("3000.08")),
        ("rate", D("0.10")),
        ("quick_deduction", D(210)),
        ("tax", D("3390.10")),
    ]
    assert {r.code for r in result.explanation.rules} == {
        legal_tax.BONUS_MONTHLY_TABLE,
        legal_tax.BONUS_SEPARATE_UNTIL,
    }


def test_separate_bonus_taxation_runs_until_2027_and_is_refused_after() -> None:
    for day in (date(2019, 2, 1), date(2022, 1, 20), date(2024, 1, 20), date(2027, 12, 31)):
        assert bonus_separate_available(
            day, separate_until=rule(legal_tax.BONUS_SEPARATE_UNTIL, day)
        )
    after = date(2028, 1, 1)
    assert not bonus_separate_available(
        after, separate_until=rule(legal_tax.BONUS_SEPARATE_UNTIL, after)
    )
    with pytest.raises(ApplicationError, match="cannot be taxed separately"):
        bonus("36000", paid_on=after)


def test_a_negative_bonus_is_refused() -> None:
    with pytest.raises(ApplicationError, match="negative"):
        bonus("-1")


@pytest.mark.django_db
def test_the_rows_are_installed_and_read_back_by_the_callers_reader() -> None:
    for on in (date(2020, 6, 30), date(2025, 6, 30)):
        for code in {row[0] for row in legal_tax.RULES}:
            try:
                expected = rule(code, on)
            except LookupError:
                continue
            assert legal_value_reader(code)(on) == expected, code
    # Rows that start later than the first day asked are read from their own day on.
    assert legal_value_reader(legal_tax.LOW_INCOME_PRIOR_YEAR_THRESHOLD)(date(2025, 1, 1)) == (
        "60000"
    )
    assert legal_value_reader(legal_tax.FIRST_JOB_FROM_JANUARY)(date(2020, 6, 30)) is False
