"""The employee's tax declarations: amounts from the rule, the exclusions the law sets,
a change from a month ending the previous declaration, and self-service only."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from employees.models import TaxDeduction, TaxYear
from employees.pay.declarations import tax_deduction_declare, tax_deduction_end
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Item = TaxDeduction.Item


@pytest.fixture
def person(client):
    user = UserFactory(roles=[Role.EMPLOYEE], language="en")
    employee = employee_make(user=user, since=date(2024, 5, 1))
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return employee


def _declare(employee, item, month=date(2026, 1, 1), **details):  # type: ignore[no-untyped-def]
    return tax_deduction_declare(
        employee=employee, item=item, details=details, valid_from=month, actor=None
    )


@pytest.mark.parametrize(
    ("item", "details", "monthly"),
    [
        (Item.CHILDREN_EDUCATION, {"children": 2, "share": "1"}, "4000"),
        (Item.CHILDREN_EDUCATION, {"children": 1, "share": "0.5"}, "1000"),
        (Item.INFANT_CARE, {"children": 1, "share": "1"}, "2000"),
        (Item.ELDERLY_SUPPORT, {"only_child": True}, "3000"),
        (Item.ELDERLY_SUPPORT, {"elderly_share": "1500"}, "1500"),
        (Item.CONTINUING_EDUCATION, {}, "400"),
        (Item.HOUSING_LOAN_INTEREST, {}, "1000"),
        (Item.RENT, {"city_tier": "capital_or_designated"}, "1500"),
        (Item.RENT, {"city_tier": "up_to_1m"}, "800"),
    ],
)
def test_the_amount_comes_from_the_rule(person, item, details, monthly):
    assert _declare(person, item, **details).monthly_amount == Decimal(monthly)


@pytest.mark.parametrize(
    ("item", "details", "words"),
    [
        (Item.CHILDREN_EDUCATION, {"children": 0, "share": "1"}, "whole number"),
        (Item.CHILDREN_EDUCATION, {"children": 1, "share": "0.7"}, "share"),
        (Item.ELDERLY_SUPPORT, {"elderly_share": "1600"}, "at most 1500"),
        (Item.ELDERLY_SUPPORT, {"elderly_share": "NaN"}, "at most 1500"),
        (Item.RENT, {"city_tier": "moon"}, "city's size"),
        ("lottery", {}, "Choose a deduction"),
    ],
)
def test_what_the_law_does_not_allow_is_refused_and_nothing_kept(person, item, details, words):
    with pytest.raises(ApplicationError, match=words):
        _declare(person, item, **details)
    assert not TaxDeduction.objects.exists()


def test_rent_and_housing_loan_interest_exclude_each_other(person):
    _declare(person, Item.HOUSING_LOAN_INTEREST)
    with pytest.raises(ApplicationError, match="same months"):
        _declare(person, Item.RENT, date(2026, 3, 1), city_tier="over_1m")
    loan = TaxDeduction.objects.get()
    loan = tax_deduction_end(declaration=loan, last_month=date(2026, 2, 1), actor=None)
    rent = _declare(person, Item.RENT, date(2026, 3, 1), city_tier="over_1m")
    assert (loan.valid_to, rent.valid_from) == (date(2026, 3, 1), date(2026, 3, 1))


def test_a_change_from_a_month_ends_the_declaration_before(person):
    first = _declare(person, Item.CHILDREN_EDUCATION, children=1, share="1")
    second = _declare(person, Item.CHILDREN_EDUCATION, date(2026, 6, 1), children=2, share="1")
    first.refresh_from_db()
    assert first.valid_to == date(2026, 6, 1)
    assert (second.monthly_amount, second.valid_to) == (Decimal("4000"), None)


def test_the_page_declares_ends_and_shows_only_ones_own(client, person):
    url = reverse("employees:me-tax-deductions")
    response = client.post(url, {"item": "rent", "valid_from": "2026-02", "city_tier": "over_1m"})
    assert response.status_code == 302
    declared = TaxDeduction.objects.get(employee=person)
    assert declared.monthly_amount == Decimal("1100")
    page = client.get(url).content.decode()
    assert "Housing rent" in page
    assert "1100" in page
    bad = client.post(url, {"item": "rent", "valid_from": "2026-13", "city_tier": "over_1m"})
    assert bad.status_code == 400
    refused = client.post(url, {"item": "rent", "valid_from": "2026-04", "city_tier": "x"})
    assert refused.status_code == 400
    assert TaxDeduction.objects.count() == 1
    other = employee_make(name="别人")
    theirs = _declare(other, Item.HOUSING_LOAN_INTEREST)
    end = reverse("employees:me-tax-deduction-end", args=[theirs.pk])
    assert client.post(end, {"last_month": "2026-05"}).status_code == 404
    mine = reverse("employees:me-tax-deduction-end", args=[declared.pk])
    assert client.post(mine, {"last_month": "2026-05"}).status_code == 302
    declared.refresh_from_db()
    assert declared.valid_to == date(2026, 6, 1)
    assert client.post(reverse("employees:me-first-job"), {"first_job": "on"}).status_code == 302
    assert TaxYear.objects.get(employee=person).first_job_this_year


def test_someone_without_an_employee_record_gets_404(client):
    client.force_login(UserFactory(roles=[Role.RECRUITER]))
    assert client.get(reverse("employees:me-tax-deductions")).status_code == 404
