"""Social insurance and housing fund (五险一金): the published worked examples for Beijing,
Shanghai and Shenzhen (July 2024 – June 2025), the chosen rates' ranges, rounding, the
totals, and the months a joiner and a leaver contribute for."""

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from employees.models import LegalRule
from employees.pay.legal_social_insurance import POLICY, RULES
from employees.pay.social_insurance import (
    Rounding,
    contributes_in_month,
    contribution_base,
    contributions_month,
    explanation,
    explanations,
)
from employees.selectors.rules import legal_value
from employees.services.rules import legal_rule_add
from hrflow.core.errors import ApplicationError

pytestmark = pytest.mark.usefixtures("english")

D = Decimal


def policy(city: str) -> dict[str, Any]:
    """The shipped row's value, copied so a test may change it."""
    values = [row[3] for row in RULES if row[0] == POLICY and row[1] == city]
    assert len(values) == 1
    return copy.deepcopy(values[0])


def month(city: str, wage: str, *, local_hukou: bool = True, **rates: Any):
    return contributions_month(
        policy(city),
        wage_base=D(wage),
        local_hukou=local_hukou,
        work_injury_rate=rates.get("work_injury_rate"),
        housing_fund_rate=rates.get("housing_fund_rate"),
        declared_base=rates.get("declared_base"),
    )


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- the base ---------------------------------------------------------------------


def test_the_base_is_the_wage_clamped_to_the_floor_and_cap() -> None:
    floor, cap = D("6821"), D("35283")
    assert contribution_base(D("5000"), floor, cap) == D("6821")
    assert contribution_base(D("12000.50"), floor, cap) == D("12000.50")
    assert contribution_base(D("40000"), floor, cap) == D("35283")
    assert contribution_base(D("6821"), floor, cap) == D("6821")
    assert contribution_base(D("35283"), floor, cap) == D("35283")


def test_a_negative_base_or_a_floor_above_the_cap_is_refused() -> None:
    with pytest.raises(ApplicationError, match="negative"):
        contribution_base(D("-1"), D("6821"), D("35283"))
    with pytest.raises(ApplicationError, match="above the base cap"):
        contribution_base(D("9000"), D("35283"), D("6821"))


def test_the_declared_base_replaces_the_months_wage() -> None:
    # Last year's average wage is declared for the year; this month's pay is higher.
    found = month("beijing", "40000", declared_base=D("20000"))
    assert found.of("pension").base == D("20000")
    assert found.of("pension").employee_amount == D("1600.00")


# --- Beijing: the worked example ------------------------------------------


def test_beijing_wage_40000_is_capped_at_35283() -> None:
    found = month("beijing", "40000")
    assert {line.base for line in found.lines if line.insurance != "housing_fund"} == {D("35283")}
    assert found.of("pension").employee_amount == D("2822.64")  # 35,283 × 8 %
    assert found.of("medical").employee_amount == D("708.66")  # 35,283 × 2 % + 3


def test_beijing_the_3_yuan_is_on_the_employees_medical_side_only() -> None:
    medical = month("beijing", "10000").of("medical")
    assert medical.employee_amount == D("203.00")  # 10,000 × 2 % + 3
    assert medical.employer_amount == D("980.00")  # 10,000 × 9.8 %, no add-on
    assert (medical.employee_fixed, medical.employer_fixed) == (D("3"), D("0"))


def test_beijing_every_figure_and_the_totals_at_the_cap() -> None:
    found = month("beijing", "40000")
    figures = {line.insurance: (line.employer_amount, line.employee_amount) for line in found.lines}
    assert figures == {
        "pension": (D("5645.28"), D("2822.64")),
        "medical": (D("3457.73"), D("708.66")),  # 3,457.734
        "unemployment": (D("176.42"), D("176.42")),  # 176.415, half up
        "work_injury": (D("70.57"), D("0.00")),  # 70.566 at the default 0.2 %
        "housing_fund": (D("4234"), D("4234")),  # 4,233.96 at 12 %, to the yuan
    }
    # The employee's part is what income tax deducts; the employer's is its cost.
    assert found.employee_total == D("7941.72")
    assert found.employer_total == D("13584.00")


def test_the_housing_fund_has_its_own_floor() -> None:
    # Beijing: social insurance from 6,821, the housing fund from 2,420.
    found = month("beijing", "3000")
    assert found.of("pension").base == D("6821")
    assert found.of("housing_fund").base == D("3000")
    assert found.of("housing_fund").employee_amount == D("360")


# --- Shanghai ---------------------------------------------------------------------


def test_shanghai_wage_5000_is_raised_to_7384() -> None:
    found = month("shanghai", "5000")
    assert found.of("pension").base == D("7384")
    assert found.of("pension").employee_amount == D("590.72")
    assert found.of("medical").employee_amount == D("147.68")
    assert found.of("unemployment").employee_amount == D("36.92")
    # The housing fund's floor is 2,690, so the wage itself is its base: 7 % each side.
    assert found.of("housing_fund").base == D("5000")
    assert found.of("housing_fund").employee_amount == D("350")
    assert found.employee_total == D("590.72") + D("147.68") + D("36.92") + D("350")


def test_shanghai_housing_fund_rounds_to_the_yuan_as_published() -> None:
    # Published for July 2025 at 7 %: the floor gives 188 a side (2,690 × 7 % = 188.30).
    assert month("shanghai", "2690").of("housing_fund").employee_amount == D("188")
    # And the cap: 36,921 × 7 % = 2,584.47.
    assert month("shanghai", "50000").of("housing_fund").employer_amount == D("2584")


# --- Shenzhen ---------------------------------------------------------------------


def test_shenzhen_pension_employer_rate_by_hukou() -> None:
    local = month("shenzhen", "20000", local_hukou=True).of("pension")
    other = month("shenzhen", "20000", local_hukou=False).of("pension")
    assert (local.employer_rate, local.employer_amount) == (D("0.16"), D("3200.00"))
    assert (other.employer_rate, other.employer_amount) == (D("0.15"), D("3000.00"))
    assert local.employee_amount == other.employee_amount == D("1600.00")


def test_shenzhen_non_local_changes_only_the_pension_employer_side() -> None:
    local = month("shenzhen", "20000", local_hukou=True)
    other = month("shenzhen", "20000", local_hukou=False)
    assert local.employer_total - other.employer_total == D("200.00")  # 1 % of 20,000
    assert local.employee_total == other.employee_total


def test_shenzhen_caps_differ_per_insurance() -> None:
    found = month("shenzhen", "30000")
    assert found.of("pension").base == D("26421")
    assert found.of("medical").base == D("30000")
    assert found.of("unemployment").base == D("30000")
    assert found.of("pension").employee_amount == D("2113.68")  # 26,421 × 8 %
    assert found.of("medical").employee_amount == D("600.00")
    assert found.of("unemployment").employee_amount == D("60.00")  # 30,000 × 0.2 %


def test_shenzhen_floors_differ_per_insurance() -> None:
    found = month("shenzhen", "3000")
    assert found.of("pension").base == D("3523")
    assert found.of("medical").base == D("6475")
    assert found.of("unemployment").base == D("3000")


# --- the company's chosen rates ----------------------------------------------------


def test_a_work_injury_rate_inside_the_range_is_used() -> None:
    injury = month("beijing", "40000", work_injury_rate=D("0.019")).of("work_injury")
    assert injury.employer_rate == D("0.019")
    assert injury.employer_amount == D("670.38")  # 35,283 × 1.9 % = 670.377


@pytest.mark.parametrize("rate", ["0.001", "0.0199", "0.02"])
def test_a_work_injury_rate_outside_the_range_is_refused(rate: str) -> None:
    with pytest.raises(
        ApplicationError, match=r"^Work injury: the rate [\d.]+% is outside the range"
    ):
        month("beijing", "40000", work_injury_rate=D(rate))


def test_a_housing_fund_rate_inside_the_range_is_both_sides_rate() -> None:
    fund = month("beijing", "40000", housing_fund_rate=D("0.05")).of("housing_fund")
    assert (fund.employer_rate, fund.employee_rate) == (D("0.05"), D("0.05"))
    assert fund.employer_amount == fund.employee_amount == D("1764")  # 1,764.15


@pytest.mark.parametrize(("city", "rate"), [("shanghai", "0.08"), ("beijing", "0.04")])
def test_a_housing_fund_rate_outside_the_range_is_refused(city: str, rate: str) -> None:
    with pytest.raises(ApplicationError, match=r"^Housing fund: the rate \d% is outside the range"):
        month(city, "10000", housing_fund_rate=D(rate))


def test_the_refusal_names_the_range() -> None:
    with pytest.raises(ApplicationError) as refused:
        month("shanghai", "10000", housing_fund_rate=D("0.08"))
    assert refused.value.message == (
        "Housing fund: the rate 8% is outside the range the policy allows (5% to 7%)."
    )


# --- rounding ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places", "mode", "expected"),
    [
        (2, "half_up", "176.42"),
        (2, "half_even", "176.42"),
        (2, "down", "176.41"),
        (1, "half_up", "176.4"),
        (1, "up", "176.5"),
        (0, "half_up", "176"),
        (0, "up", "177"),
    ],
)
def test_rounding_is_data(places: int, mode: str, expected: str) -> None:
    rule = policy("beijing")
    rule["rounding"]["social_insurance"] = {"places": places, "mode": mode}
    found = contributions_month(
        rule,
        wage_base=D("40000"),
        local_hukou=True,
        work_injury_rate=None,
        housing_fund_rate=None,
    )
    assert found.of("unemployment").employee_amount == D(expected)  # 176.415


def test_half_up_and_half_even_differ_on_an_even_digit() -> None:
    assert Rounding(places=2, mode="half_up").apply(D("2.125")) == D("2.13")
    assert Rounding(places=2, mode="half_even").apply(D("2.125")) == D("2.12")


def test_the_housing_fund_keeps_its_own_rounding() -> None:
    # Beijing's 2021 cap of 28,221 at 12 % was published as 3,387 a side (3,386.52).
    found = month("beijing", "28221")
    assert found.of("housing_fund").employee_amount == D("3387")
    assert found.of("pension").employee_amount == D("2257.68")  # still to the fen


def test_an_unknown_rounding_mode_is_refused() -> None:
    rule = policy("beijing")
    rule["rounding"]["social_insurance"] = {"places": 2, "mode": "banker"}
    with pytest.raises(ApplicationError, match="unknown rounding mode banker"):
        contributions_month(
            rule, wage_base=D("1"), local_hukou=True, work_injury_rate=None,
            housing_fund_rate=None,
        )  # fmt: skip


# --- a broken policy ---------------------------------------------------------------


@pytest.mark.parametrize(
    "insurance", ["pension", "medical", "unemployment", "work_injury", "housing_fund"]
)
def test_a_policy_missing_an_insurance_is_refused(insurance: str) -> None:
    rule = policy("shanghai")
    del rule["insurances"][insurance]
    with pytest.raises(ApplicationError, match="lacks the insurance"):
        contributions_month(
            rule, wage_base=D("10000"), local_hukou=True, work_injury_rate=None,
            housing_fund_rate=None,
        )  # fmt: skip


def test_a_policy_missing_a_figure_is_refused() -> None:
    rule = policy("shanghai")
    del rule["insurances"]["medical"]["employee_rate"]
    with pytest.raises(
        ApplicationError, match=r"^Medical: the social insurance policy lacks employee_rate"
    ):
        contributions_month(
            rule, wage_base=D("10000"), local_hukou=True, work_injury_rate=None,
            housing_fund_rate=None,
        )  # fmt: skip


def test_a_housing_fund_without_its_range_is_refused() -> None:
    rule = policy("beijing")
    del rule["insurances"]["housing_fund"]["rate_range"]
    with pytest.raises(ApplicationError, match="invalid rate_range: None"):
        contributions_month(
            rule, wage_base=D("10000"), local_hukou=True, work_injury_rate=None,
            housing_fund_rate=D("0.12"),
        )  # fmt: skip


def test_a_further_insurance_of_a_city_is_counted() -> None:
    rule = policy("shenzhen")
    rule["insurances"]["maternity"] = {
        "base_floor": "6475", "base_cap": "32376", "employer_rate": "0.005",
        "employee_rate": "0",
    }  # fmt: skip
    found = contributions_month(
        rule, wage_base=D("10000"), local_hukou=True, work_injury_rate=None,
        housing_fund_rate=None,
    )  # fmt: skip
    assert found.lines[-1].insurance == "maternity"
    assert found.of("maternity").employer_amount == D("50.00")
    without = month("shenzhen", "10000")
    assert found.employer_total - without.employer_total == D("50.00")


# --- explanations -----------------------------------------------------------------


def test_the_explanation_says_how_each_figure_came_about() -> None:
    found = month("beijing", "40000")
    assert explanation(found.of("medical")) == (
        "Medical: base 40,000.00, capped at 35,283.00; employer 9.8% = 3,457.73; "
        "employee 2% + 3.00 = 708.66"
    )
    assert explanation(found.of("work_injury")) == (
        "Work injury: base 40,000.00, capped at 35,283.00; employer 0.2% = 70.57"
    )
    assert explanation(found.of("housing_fund")) == (
        "Housing fund: base 40,000.00, capped at 35,283.00; employer 12% = 4,234.00; "
        "employee 12% = 4,234.00; rounded to the yuan"
    )
    assert len(explanations(found)) == 5


def test_the_explanation_names_the_floor_or_no_clamp() -> None:
    found = month("shanghai", "5000")
    assert explanation(found.of("pension")) == (
        "Pension: base 5,000.00, raised to the floor 7,384.00; employer 16% = 1,181.44; "
        "employee 8% = 590.72"
    )
    assert explanation(found.of("housing_fund")).startswith("Housing fund: base 5,000.00;")


# --- the months contributed --------------------------------------------------------

EVERY_MONTH = policy("beijing")


def test_a_joiner_contributes_from_the_month_they_join() -> None:
    start = date(2024, 7, 29)
    assert not contributes_in_month(start, None, date(2024, 6, 1), rule=EVERY_MONTH)
    assert contributes_in_month(start, None, date(2024, 7, 1), rule=EVERY_MONTH)
    assert contributes_in_month(start, None, date(2024, 8, 31), rule=EVERY_MONTH)


def test_a_leaver_contributes_for_the_month_of_leaving_not_the_next() -> None:
    start, end = date(2023, 3, 1), date(2024, 9, 2)
    assert contributes_in_month(start, end, date(2024, 9, 1), rule=EVERY_MONTH)
    assert not contributes_in_month(start, end, date(2024, 10, 1), rule=EVERY_MONTH)
    # Leaving on a month's last day: that month is the last.
    assert contributes_in_month(start, date(2024, 9, 30), date(2024, 9, 15), rule=EVERY_MONTH)
    assert not contributes_in_month(start, date(2024, 9, 30), date(2024, 10, 1), rule=EVERY_MONTH)


def test_joining_and_leaving_in_one_month_counts_that_month() -> None:
    assert contributes_in_month(
        date(2024, 11, 4), date(2024, 11, 20), date(2024, 11, 1), rule=EVERY_MONTH
    )


def test_a_cut_off_day_is_data() -> None:
    rule = policy("beijing")
    rule["contribution_months"] = {"joiner_start_day_at_most": 15, "leaver_end_day_at_least": 15}
    # Joining on the 15th counts that month; on the 16th, from the next one.
    assert contributes_in_month(date(2024, 7, 15), None, date(2024, 7, 1), rule=rule)
    assert not contributes_in_month(date(2024, 7, 16), None, date(2024, 7, 1), rule=rule)
    assert contributes_in_month(date(2024, 7, 16), None, date(2024, 8, 1), rule=rule)
    # Leaving on the 14th: the month before is the last; on the 15th, that month is.
    start = date(2020, 1, 1)
    assert not contributes_in_month(start, date(2024, 9, 14), date(2024, 9, 1), rule=rule)
    assert contributes_in_month(start, date(2024, 9, 14), date(2024, 8, 1), rule=rule)
    assert contributes_in_month(start, date(2024, 9, 15), date(2024, 9, 1), rule=rule)


def test_an_invalid_cut_off_day_is_refused() -> None:
    rule = policy("beijing")
    rule["contribution_months"] = {"joiner_start_day_at_most": 32}
    with pytest.raises(ApplicationError, match="invalid joiner_start_day_at_most"):
        contributes_in_month(date(2024, 7, 1), None, date(2024, 7, 1), rule=rule)


# --- the rows ---------------------------------------------------------------------


def test_the_rows_fit_the_rule_columns() -> None:
    description = LegalRule._meta.get_field("description").max_length
    source = LegalRule._meta.get_field("source_title").max_length
    for _code, region, _day, _value, text, title, url in RULES:
        assert region in {"beijing", "shanghai", "shenzhen"}
        assert len(text) <= description, region
        assert len(title) <= source, region
        assert url.startswith("https://")


@pytest.mark.django_db
def test_the_installed_policy_is_the_citys_own_from_july_2024() -> None:
    on = date(2024, 7, 1)
    assert legal_value(POLICY, on=on, region="shenzhen") == policy("shenzhen")
    assert legal_value(POLICY, on=date(2025, 6, 30), region="beijing") == policy("beijing")
    with pytest.raises(ApplicationError, match="No legal rule"):
        legal_value(POLICY, on=date(2024, 6, 30), region="beijing")
    with pytest.raises(ApplicationError, match="No legal rule"):
        legal_value(POLICY, on=on, region="chengdu")  # no city row, and no national one


@pytest.mark.django_db
@pytest.mark.parametrize("city", ["beijing", "shanghai", "shenzhen"])
def test_hr_can_add_next_years_row_of_every_city(city: str) -> None:
    # HR's new row must have the form of the rule's latest row, whichever city that is:
    # the cities' rows share one form.
    following = policy(city)
    following["insurances"]["pension"]["base_cap"] = "37000"
    following["contribution_months"]["leaver_end_day_at_least"] = 15
    legal_rule_add(
        code=POLICY, region=city, effective_from=date(2025, 7, 1), value=following,
        source_title="The city's notice for 2025", actor=None,
    )  # fmt: skip
    assert legal_value(POLICY, on=date(2025, 7, 1), region=city) == following
