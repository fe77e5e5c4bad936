"""A city's rules fall back to its province's, then to the country's: a Shenzhen office
reads Shenzhen's social insurance and minimum wage, Guangdong's childcare leave, and the
national marriage leave."""

from datetime import date

import pytest

from employees.models import LegalRule
from employees.regions import regions_from_narrowest
from employees.selectors.rules import legal_rule, legal_value, legal_value_reader
from hrflow.core.errors import ApplicationError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DAY = date(2026, 3, 2)


def test_the_chain_runs_from_the_city_to_its_province_to_the_country():
    assert regions_from_narrowest("shenzhen") == ["shenzhen", "guangdong", ""]
    assert regions_from_narrowest("beijing") == ["beijing", ""]
    assert regions_from_narrowest("") == [""]


def test_a_shenzhen_office_reads_the_city_then_the_province_then_the_country():
    insurance = legal_rule("social_insurance.policy", on=DAY, region="shenzhen")
    assert insurance.region == "shenzhen"
    assert legal_rule("pay.minimum_wage", on=DAY, region="shenzhen").region == "shenzhen"
    childcare = legal_rule("leave.childcare.days", on=DAY, region="shenzhen")
    assert (childcare.region, childcare.value) == ("guangdong", 10)
    assert legal_rule("leave.marriage.days", on=DAY, region="shenzhen").region == ""
    reader = legal_value_reader("leave.childcare.days", region="shenzhen")
    assert reader(DAY) == 10


def test_the_narrowest_region_with_a_row_in_force_wins_even_if_a_wider_one_is_newer():
    LegalRule.objects.create(
        code="test.rule", region="", effective_from=date(2026, 1, 1), value=3, source_title="t"
    )
    LegalRule.objects.create(
        code="test.rule", region="guangdong", effective_from=date(2020, 1, 1), value=2,
        source_title="t",
    )  # fmt: skip
    assert legal_value("test.rule", on=DAY, region="shenzhen") == 2
    assert legal_value_reader("test.rule", region="shenzhen")(DAY) == 2
    # Before the province's row, the country's (not yet in force either) is missing.
    with pytest.raises(ApplicationError, match=r"No legal rule test\.rule"):
        legal_value("test.rule", on=date(2019, 1, 1), region="shenzhen")
