"""The payroll settings pages: pay components and pay groups, for payroll officers and
HR admins only; a formula's refusal shown under the formula field; queries that do not
grow with the number of rows."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from employees.models import PayComponent, PayGroup
from hrflow.core.models import AuditEvent
from tests.employees.pay.salary_scene import (
    PAY_ROLES,
    REFUSED_ROLES,
    PayScene,
    component_make,
    group_make,
    pay_scene,
)

pytestmark = pytest.mark.django_db
COMPONENTS = reverse("employees:pay-components")
GROUPS = reverse("employees:pay-groups")


@pytest.fixture
def scene() -> PayScene:
    return pay_scene()


def _client(client: Client, scene: PayScene, role: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    user = scene.users[role]
    assert user is not None
    client.force_login(user)
    return client


def _pages(scene: PayScene) -> list[str]:
    return [
        COMPONENTS,
        reverse("employees:pay-component-create"),
        reverse("employees:pay-component-edit", kwargs={"pk": scene.housing.pk}),
        GROUPS,
        reverse("employees:pay-group-create"),
        reverse("employees:pay-group-edit", kwargs={"pk": scene.group.pk}),
    ]


def _component_form(**changes: str) -> dict[str, str]:
    return {
        "code": "transport",
        "name": "交通补贴",
        "kind": "earning",
        "calculation": "formula",
        "formula": "round(15 * days_paid, 2)",
        "taxable": "on",
        "position": "50",
        "active": "on",
        **changes,
    }


def _group_form(**changes: str) -> dict[str, str]:
    return {
        "name": "广州月薪",
        "cut_off_day": "25",
        "pay_day": "10",
        "proration": "calendar_days",
        "work_injury_rate": "0.0050",
        "housing_fund_rate": "0.12",
        "active": "on",
        "column_1": "employee_number",
        "column_2": "bank_account",
        "column_3": "amount",
        "column_4": "currency",
        **changes,
    }


@pytest.mark.parametrize("role", PAY_ROLES)
def test_payroll_and_hr_open_every_settings_page(
    client: Client, scene: PayScene, role: str
) -> None:
    client = _client(client, scene, role)
    for url in _pages(scene):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_everyone_else_finds_no_settings_page_and_saves_nothing(
    client: Client, scene: PayScene, role: str
) -> None:
    client = _client(client, scene, role)
    for url in _pages(scene):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("employees:pay-component-create"), _component_form()).status_code == 404
    )
    assert client.post(reverse("employees:pay-group-create"), _group_form()).status_code == 404
    edit_component = reverse("employees:pay-component-edit", kwargs={"pk": scene.meal.pk})
    edit_group = reverse("employees:pay-group-edit", kwargs={"pk": scene.group.pk})
    assert client.post(edit_component, _component_form(code="meal")).status_code == 404
    assert client.post(edit_group, _group_form()).status_code == 404
    assert not PayComponent.objects.filter(code="transport").exists()
    assert not PayGroup.objects.filter(name="广州月薪").exists()
    scene.meal.refresh_from_db()
    assert (scene.meal.name, scene.meal.calculation) == ("餐补", "fixed")


def test_the_settings_are_in_the_menu_of_payroll_only(client: Client, scene: PayScene) -> None:
    payroll = _client(client, scene, "payroll").get(COMPONENTS).content.decode()
    assert reverse("employees:pay-salaries") in payroll
    client.logout()
    recruiter = _client(client, scene, "recruiter").get(reverse("web:dashboard")).content.decode()
    assert COMPONENTS not in recruiter
    assert reverse("employees:pay-salaries") not in recruiter


def test_a_component_is_created_from_the_form(client: Client, scene: PayScene) -> None:
    response = _client(client, scene, "payroll").post(
        reverse("employees:pay-component-create"), _component_form()
    )

    assert response.status_code == 302
    saved = PayComponent.objects.get(code="transport")
    assert (saved.formula, saved.position, saved.taxable) == ("round(15 * days_paid, 2)", 50, True)


def test_a_hostile_formula_is_refused_with_its_reason_under_the_field(
    client: Client, scene: PayScene
) -> None:
    response = _client(client, scene, "payroll").post(
        reverse("employees:pay-component-create"), _component_form(formula="__import__('os')")
    )

    assert response.status_code == 400
    [error] = response.context["form"].errors["formula"]
    assert "Names starting with an underscore, like “__import__” (column 1)" in error
    assert "Names starting with an underscore" in response.content.decode()
    assert not PayComponent.objects.filter(code="transport").exists()


def test_deactivating_a_component_a_formula_reads_is_refused_on_the_form(
    client: Client, scene: PayScene
) -> None:
    component_make("lunch", PayComponent.Calculation.FORMULA, formula="meal / 2")
    url = reverse("employees:pay-component-edit", kwargs={"pk": scene.meal.pk})
    form = _component_form(code="meal", name="餐补", calculation="fixed", formula="", active="")

    response = _client(client, scene, "hr_admin").post(url, form)

    assert response.status_code == 400
    assert (
        "The formulas of lunch read this component" in response.context["form"].errors["active"][0]
    )
    scene.meal.refresh_from_db()
    assert scene.meal.active is True


def test_a_group_is_saved_from_the_form_with_its_bank_file_in_order(
    client: Client, scene: PayScene
) -> None:
    response = _client(client, scene, "payroll").post(
        reverse("employees:pay-group-create"), _group_form()
    )

    assert response.status_code == 302
    group = PayGroup.objects.get(name="广州月薪")
    assert group.bank_file_columns == ["employee_number", "bank_account", "amount", "currency"]
    assert (group.work_injury_rate, group.housing_fund_rate) == (
        Decimal("0.0050"),
        Decimal("0.1200"),
    )


@pytest.mark.parametrize(
    ("changes", "where", "message"),
    [
        ({"cut_off_day": "32"}, "cut_off_day", "less than or equal to 31"),
        ({"housing_fund_rate": "1.5"}, "housing_fund_rate", "between 0 and 1"),
        ({"work_injury_rate": "NaN"}, "work_injury_rate", "Enter a number"),
        ({"column_5": "bank_account"}, "__all__", "comes once"),
        ({"column_3": "purpose"}, "__all__", "bank account and the amount"),
        ({"column_3": "salary"}, "column_3", "Select a valid choice"),
    ],
)
def test_bad_group_settings_are_form_errors_and_save_nothing(
    client: Client, scene: PayScene, changes: dict[str, str], where: str, message: str
) -> None:
    before = AuditEvent.objects.filter(action="employees.pay_group_save").count()

    response = _client(client, scene, "payroll").post(
        reverse("employees:pay-group-create"), _group_form(**changes)
    )

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[where])
    assert not PayGroup.objects.filter(name="广州月薪").exists()
    assert AuditEvent.objects.filter(action="employees.pay_group_save").count() == before


@pytest.mark.parametrize("count", [2, 20])
def test_the_settings_lists_read_the_same_queries_at_any_size(
    client: Client, scene: PayScene, count: int, django_assert_num_queries
) -> None:
    for n in range(count):
        component_make(f"extra_{n}", PayComponent.Calculation.FIXED, position=100 + n)
        group_make(f"组{n}")
    client = _client(client, scene, "payroll")
    client.get(COMPONENTS)
    client.get(GROUPS)

    with django_assert_num_queries(6):
        components = client.get(COMPONENTS)
    with django_assert_num_queries(6):
        groups = client.get(GROUPS)

    assert components.content.decode().count('data-testid="pay-component-row"') == count + 4
    assert groups.content.decode().count('data-testid="pay-group-row"') == count + 2


def test_components_are_listed_in_payslip_order(client: Client, scene: PayScene) -> None:
    component_make("first", PayComponent.Calculation.FIXED, position=1)

    page = _client(client, scene, "payroll").get(COMPONENTS).content.decode()

    codes = [
        code for code in ("first", "meal", "shift_allowance", "on_call", "housing") if code in page
    ]
    assert sorted(codes, key=page.index) == [
        "first",
        "meal",
        "shift_allowance",
        "on_call",
        "housing",
    ]
