"""The payroll reports over the REST API: the figures of the pages, for payroll only."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from employees.models import Payslip
from hrflow.accounts.roles import Role
from tests.employees.pay.payroll_scene import city_employee, pay_group, run_compute
from tests.hrflow.factories import UserFactory
from tests.recruiting.api.conftest import token_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def run():
    group = pay_group()
    city_employee(group, "20000", name="王强")
    city_employee(group, "9000", name="刘芳")
    return run_compute(group, date(2026, 3, 1), UserFactory(roles=[Role.PAYROLL]))


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        ([Role.PAYROLL], True),
        ([Role.HR_ADMIN], True),
        ([Role.RECRUITER], False),
        ([Role.HIRING_MANAGER], False),
        ([Role.EMPLOYEE], False),
    ],
)
def test_only_payroll_reads_the_reports(run, roles, allowed):
    client = token_client(UserFactory(roles=roles))
    for report in ("tax", "insurance", "accounting", "employer-cost"):
        url = reverse("api:payroll-run-report", args=[run.pk, report])
        assert client.get(url).status_code == (200 if allowed else 404), (report, roles)


def test_the_tax_report_totals_the_payslips_and_unknown_reports_are_404(run):
    client = token_client(UserFactory(roles=[Role.PAYROLL]))
    body = client.get(reverse("api:payroll-run-report", args=[run.pk, "tax"])).json()
    assert body["month"] == "2026-03"
    assert len(body["rows"]) == 2
    withheld = sum(p.income_tax for p in Payslip.objects.filter(run=run))
    assert Decimal(body["total"]["tax"]) == withheld
    cost = client.get(reverse("api:payroll-run-report", args=[run.pk, "employer-cost"])).json()
    assert Decimal(cost["total"]["gross"]) == Decimal("29000.00")
    for bad in (
        reverse("api:payroll-run-report", args=[run.pk, "salaries"]),
        reverse("api:payroll-run-report", args=[run.pk + 999, "tax"]),
    ):
        assert client.get(bad).status_code == 404
