"""The salaries list and an employee's pay page: who may open them, the dated history,
the change form (a raise, a correction, refusals shown on the form), and queries that
do not grow with the number of people or records."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from employees.models import Employee, SalaryRecord
from hrflow.core.models import AuditEvent
from tests.employees.pay.salary_scene import (
    HIRED,
    PAY_ROLES,
    REFUSED_ROLES,
    PayScene,
    history,
    locked_payslip,
    pay_scene,
    salary_set,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> PayScene:
    return pay_scene()


def _client(client: Client, scene: PayScene, role: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    user = scene.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _salary_audits() -> int:
    return AuditEvent.objects.filter(action__startswith="employees.salary").count()


def _pay_url(scene: PayScene) -> str:
    return reverse("employees:employee-pay", kwargs={"ref": scene.employee.number})


def _change_url(scene: PayScene) -> str:
    return reverse("employees:employee-pay-change", kwargs={"ref": scene.employee.number})


def _form(scene: PayScene, **changes: str) -> dict[str, str]:
    return {
        "valid_from": "2026-04-01",
        "pay_group": str(scene.group.pk),
        "base_monthly": "13000",
        "items.meal": "600",
        "items.shift_allowance": "",
        "items.on_call": "",
        "insurance_base": "",
        "local_hukou": "on",
        "tax_resident": "on",
        "reason": "Annual review",
        **changes,
    }


@pytest.mark.parametrize("role", PAY_ROLES)
def test_payroll_and_hr_read_the_dated_history_with_its_figures(
    client: Client, scene: PayScene, role: str
) -> None:
    salary_set(scene, HIRED, "12000", meal="600", shift_allowance="30")
    salary_set(scene, date(2026, 3, 16), "13200", meal="600", reason="Annual review")

    page = _client(client, scene, role).get(_pay_url(scene)).content.decode()

    assert page.count('data-testid="salary-record"') == 2
    assert "13200.00" in page
    assert "12000.00" in page
    assert "2026-03-16" in page
    assert "Annual review" in page
    assert "餐补: 600.00" in page
    assert "Shift: 30.00 per day worked" in page
    assert 'data-testid="salary-change-form"' in page


@pytest.mark.parametrize("role", REFUSED_ROLES)
@pytest.mark.parametrize("name", ["employees:employee-pay", "employees:pay-salaries"])
def test_everyone_else_finds_no_pay_page(
    client: Client, scene: PayScene, role: str, name: str
) -> None:
    """The employee themselves and their line manager included: a 404, like no page."""
    salary_set(scene, HIRED, "12000")
    url = _pay_url(scene) if name == "employees:employee-pay" else reverse(name)

    response = _client(client, scene, role).get(url)

    assert response.status_code == 404
    assert "12000" not in response.content.decode()


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_everyone_else_changes_no_salary(client: Client, scene: PayScene, role: str) -> None:
    salary_set(scene, HIRED, "12000")

    response = _client(client, scene, role).post(_change_url(scene), _form(scene))

    assert response.status_code == 404
    assert len(history(scene.employee)) == 1


def test_the_anonymous_visitor_is_sent_to_sign_in(client: Client, scene: PayScene) -> None:
    response = client.post(_change_url(scene), _form(scene))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not SalaryRecord.objects.exists()


def test_the_form_starts_from_the_salary_in_force_today(client: Client, scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000", meal="600")

    response = _client(client, scene, "payroll").get(_pay_url(scene))

    form = response.context["form"]
    assert form.initial["base_monthly"] == Decimal("12000.00")
    assert form.initial["items.meal"] == Decimal("600.00")
    assert form.initial["pay_group"] == scene.group.pk
    assert form.initial["valid_from"] == timezone.localdate()


def test_a_raise_from_a_date_is_recorded_from_the_form(client: Client, scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000", meal="600")

    response = _client(client, scene, "payroll").post(_change_url(scene), _form(scene))

    assert response.status_code == 302
    assert response.url == _pay_url(scene)
    assert history(scene.employee) == [
        (HIRED, date(2026, 4, 1), Decimal("12000.00"), {"meal": Decimal("600.00")}),
        (date(2026, 4, 1), None, Decimal("13000.00"), {"meal": Decimal("600.00")}),
    ]
    assert SalaryRecord.objects.get(valid_from=date(2026, 4, 1)).recorded_by == scene.payroll


def test_a_change_on_a_records_first_day_corrects_it(client: Client, scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000", meal="600")

    _client(client, scene, "hr_admin").post(
        _change_url(scene),
        _form(scene, valid_from="2026-01-01", base_monthly="12500", reason="Typo"),
    )

    assert history(scene.employee) == [
        (HIRED, None, Decimal("12500.00"), {"meal": Decimal("600.00")})
    ]
    assert AuditEvent.objects.filter(action="employees.salary_correct").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"base_monthly": "-1"}, "base_monthly", "greater than or equal to 0"),
        ({"items.meal": "-5"}, "items.meal", "greater than or equal to 0"),
        ({"base_monthly": "NaN"}, "base_monthly", "Enter a number"),
        ({"base_monthly": "12000.555"}, "base_monthly", "2 decimal places"),
        ({"valid_from": "2025-12-01"}, "valid_from", "before the employee"),
        ({"reason": ""}, "reason", "This field is required"),
        ({"pay_group": "99999999"}, "pay_group", "Select a valid choice"),
        ({"pay_group": "١٢"}, "pay_group", "Select a valid choice"),
    ],
)
def test_bad_input_is_a_form_error_and_changes_nothing(
    client: Client, scene: PayScene, changes: dict[str, str], field: str, message: str
) -> None:
    salary_set(scene, HIRED, "12000", meal="600")
    before = (history(scene.employee), _salary_audits())

    response = _client(client, scene, "payroll").post(_change_url(scene), _form(scene, **changes))

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert (history(scene.employee), _salary_audits()) == before


def test_a_refusal_of_the_service_shows_above_the_form(client: Client, scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000", meal="600")
    locked_payslip(scene.employee, scene.group, date(2026, 4, 1))

    response = _client(client, scene, "payroll").post(_change_url(scene), _form(scene))
    page = response.content.decode()

    assert response.status_code == 400
    assert (
        "2026-04 is paid and its run is locked" in response.context["form"].errors["valid_from"][0]
    )
    assert "as a pay item" in page
    assert len(history(scene.employee)) == 1


def test_nothing_changing_is_said_on_the_form(client: Client, scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000", meal="600")

    response = _client(client, scene, "payroll").post(
        _change_url(scene), _form(scene, base_monthly="12000.00")
    )

    assert response.status_code == 400
    assert "Nothing would change from that day." in response.context["form"].non_field_errors()


def test_the_employee_record_links_hr_to_the_pay_page(client: Client, scene: PayScene) -> None:
    url = reverse("employees:employee-detail", kwargs={"ref": scene.employee.number})
    page = _client(client, scene, "hr_admin").get(url).content.decode()
    assert _pay_url(scene) in page


def test_the_salaries_list_shows_the_salary_in_force_today(client: Client, scene: PayScene) -> None:
    salary_set(scene, HIRED, "12000")
    Employee.objects.filter(pk=scene.manager.pk).update(left_on=date(2026, 2, 28))

    page = _client(client, scene, "payroll").get(reverse("employees:pay-salaries")).content.decode()
    with_left = _client(client, scene, "payroll").get(
        reverse("employees:pay-salaries"), {"left": "on"}
    )

    assert page.count('data-testid="salary-row"') == 1
    assert "12000.00" in page
    assert scene.employee.number in page
    assert with_left.content.decode().count('data-testid="no-salary"') == 1


def _people(scene: PayScene, count: int) -> None:
    for n in range(count):
        person = Employee.objects.create(
            number=f"E81{n:04d}", full_name=f"员工{n}", hire_date=HIRED
        )
        SalaryRecord.objects.create(
            employee=person, valid_from=HIRED, pay_group=scene.group, base_monthly=Decimal(9000)
        )


@pytest.mark.parametrize("count", [2, 20])
def test_the_salaries_list_reads_the_same_queries_at_any_size(
    client: Client, scene: PayScene, count: int, django_assert_num_queries
) -> None:
    _people(scene, count)
    client = _client(client, scene, "payroll")
    client.get(reverse("employees:pay-salaries"))  # the session and menu caches warm

    with django_assert_num_queries(8):
        response = client.get(reverse("employees:pay-salaries"))

    assert response.content.decode().count('data-testid="salary-row"') == count + 2


@pytest.mark.parametrize("changes", [2, 12])
def test_the_pay_page_reads_the_same_queries_at_any_history(
    client: Client, scene: PayScene, changes: int, django_assert_num_queries
) -> None:
    for month in range(1, changes + 1):
        salary_set(scene, date(2026, month, 1), str(10000 + month), meal=str(100 + month))
    client = _client(client, scene, "payroll")
    client.get(_pay_url(scene))

    with django_assert_num_queries(10):
        response = client.get(_pay_url(scene))

    assert response.content.decode().count('data-testid="salary-record"') == changes
