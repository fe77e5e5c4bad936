"""The final pay page and the leavers list: HR admins and payroll officers only, the
computation shown with its explanation, preparing from the page, hostile input refused
with nothing booked, the locked month, and the list in constant queries."""

from datetime import date

import pytest
from django.urls import reverse

from employees.models import Employee, FinalPay, PayItem
from employees.pay.payslip_compute import group_payslips
from employees.pay.runs import payroll_run_approve, payroll_run_compute
from hrflow.accounts.roles import Role
from tests.employees.hostile import LONG
from tests.employees.pay.leaving_scene import leaves, paid_employee, pay_group
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def payroll():
    return UserFactory(roles=[Role.PAYROLL])


@pytest.fixture
def leaver():
    return leaves(paid_employee("10000", since=date(2021, 1, 1)), date(2024, 6, 30))


def _url(employee) -> str:
    return reverse("employees:employee-final-pay", kwargs={"ref": employee.number})


def test_payroll_prepares_the_final_pay_and_reads_how_it_was_worked_out(client, payroll, leaver):
    client.force_login(payroll)
    leavers = client.get(reverse("employees:leavers"))
    assert leavers.status_code == 200
    assert _url(leaver) in leavers.content.decode()
    assert "Not prepared" in visible_text(leavers.content.decode())

    response = client.post(_url(leaver), {"reason_code": "redundancy"})

    assert response.status_code == 302
    assert response.url == _url(leaver)
    text = visible_text(client.get(_url(leaver)).content.decode())
    assert "Redundancy (art. 41)" in text
    assert "40000.00" in text
    assert "A remainder of 6 months or more counts as a year: 4 years count." in text
    assert "Prepare again" in text
    assert PayItem.objects.get(employee=leaver).kind == PayItem.Kind.SEVERANCE
    assert "Severance 40000.00" in visible_text(
        client.get(reverse("employees:leavers")).content.decode()
    )


@pytest.mark.parametrize(
    "reason", ["", "bogus", "Redundancy", "redundancy' OR '1'='1", LONG, "redundancy\u200b"]
)
def test_hostile_reasons_are_form_errors_and_nothing_is_booked(client, payroll, leaver, reason):
    client.force_login(payroll)
    response = client.post(_url(leaver), {"reason_code": reason})
    assert response.status_code == 400
    assert not PayItem.objects.exists()
    assert not FinalPay.objects.exists()


@pytest.mark.parametrize("ref", ["../", "E" + "9" * 40, "١٢", "0", "-1", "%00", "e000001'--"])
def test_a_ref_naming_no_leaver_is_404(client, payroll, ref):
    client.force_login(payroll)
    # A NUL is refused by the site's guard before any view (400).
    assert client.get(f"/employees/{ref}/final-pay/").status_code == (400 if ref == "%00" else 404)


def test_a_colleague_still_employed_has_no_final_pay_page(client, payroll):
    staying = paid_employee("10000", since=date(2021, 1, 1))
    client.force_login(payroll)
    assert client.get(_url(staying)).status_code == 404
    assert client.post(_url(staying), {"reason_code": "redundancy"}).status_code == 404


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        ([Role.HR_ADMIN], 200),
        ([Role.PAYROLL], 200),
        ([Role.PAYROLL, Role.EMPLOYEE], 200),
        ([Role.RECRUITER], 404),
        ([Role.HIRING_MANAGER], 404),
        ([Role.INTERVIEWER], 404),
        ([Role.EMPLOYEE], 404),
    ],
)
def test_final_pay_is_for_hr_admins_and_payroll_only(client, leaver, roles, status):
    client.force_login(UserFactory(roles=roles))
    assert client.get(_url(leaver)).status_code == status
    assert client.get(reverse("employees:leavers")).status_code == status
    posted = client.post(_url(leaver), {"reason_code": "redundancy"})
    assert posted.status_code == (302 if status == 200 else 404)
    assert PayItem.objects.exists() is (status == 200)


def test_the_leavers_manager_sees_no_final_pay(client):
    boss_user = UserFactory(roles=[Role.EMPLOYEE])
    boss = employee_make(user=boss_user, name="张伟")
    leaver = leaves(paid_employee("10000", since=date(2021, 1, 1), manager=boss), date(2024, 6, 30))
    client.force_login(boss_user)
    assert client.get(_url(leaver)).status_code == 404


def test_a_locked_exit_month_shows_no_button_and_refuses_a_post(client, payroll):
    leaver = leaves(paid_employee("10000", since=date(2025, 1, 1)), date(2026, 2, 10))
    client.force_login(payroll)
    assert client.post(_url(leaver), {"reason_code": "redundancy"}).status_code == 302
    run = payroll_run_compute(
        group=pay_group(), month=date(2026, 2, 1), actor=payroll, computer=group_payslips
    )
    payroll_run_approve(run=run, actor=payroll)
    items = list(PayItem.objects.values_list("pk", "amount"))

    page = client.get(_url(leaver)).content.decode()
    refused = client.post(_url(leaver), {"reason_code": "resignation"})

    assert 'data-testid="final-pay-locked"' in page
    assert 'data-testid="final-pay-form"' not in page
    assert refused.status_code == 400
    assert "approved and locked" in refused.content.decode()
    assert list(PayItem.objects.values_list("pk", "amount")) == items


def test_the_leavers_list_takes_constant_queries(client, payroll, django_assert_max_num_queries):
    hr = UserFactory(roles=[Role.HR_ADMIN])
    leaves(paid_employee("10000", since=date(2021, 1, 1), name="离职甲"), date(2024, 6, 30))
    url = reverse("employees:leavers")
    for viewer in (hr, payroll):
        client.force_login(viewer)
        client.get(url)
        with django_assert_max_num_queries(20) as few:
            client.get(url)
        for n in range(3):
            employee = paid_employee("10000", since=date(2021, 1, 1), name=f"离职{n}")
            leaves(employee, date(2024, 5, 20 + n))
        with django_assert_max_num_queries(len(few.captured_queries)):
            page = client.get(url).content.decode()
        leavers = Employee.objects.filter(left_on__isnull=False).count()
        assert page.count('data-testid="leaver-row"') == leavers
