"""The review and reports pages of a run: who may open them, what they show, the files,
the bank payment file (logged reveals), and constant queries whatever the headcount."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import Employee, Payslip, SensitiveAccess
from hrflow.accounts.roles import Role
from tests.employees.pay.payroll_scene import city_employee, pay_group, run_compute, run_lock
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

JANUARY, FEBRUARY = date(2026, 1, 1), date(2026, 2, 1)


@pytest.fixture
def payroll(client):
    client.cookies["django_language"] = "en"
    return UserFactory(roles=[Role.PAYROLL], language="en")


@pytest.fixture
def scene(payroll):
    group = pay_group()
    steady = city_employee(group, "20000", name="王强")
    raised = city_employee(group, "15000", name="刘芳")
    run_lock(group, JANUARY, payroll)
    raised.salary_records.update(base_monthly=Decimal("30000"))
    return group, run_compute(group, FEBRUARY, payroll), steady, raised


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        ([Role.PAYROLL], True),
        ([Role.HR_ADMIN], True),
        ([Role.RECRUITER], False),
        ([Role.HIRING_MANAGER], False),
        ([Role.INTERVIEWER], False),
        ([Role.EMPLOYEE], False),
    ],
)
def test_only_payroll_and_hr_admins_open_the_review_and_reports(client, scene, roles, allowed):
    _group, run, _steady, _raised = scene
    client.force_login(UserFactory(roles=roles))
    for name in ("employees:payroll-run-review", "employees:payroll-run-reports"):
        response = client.get(reverse(name, args=[run.pk]))
        assert (response.status_code == 200) is allowed, (name, roles)
        assert response.status_code in (200, 403, 404)
    file_url = reverse("employees:payroll-run-report-file", args=[run.pk, "tax", "csv"])
    assert (client.get(file_url).status_code == 200) is allowed


def test_the_review_puts_the_raise_on_top_and_shows_every_payslip_on_request(
    client, scene, payroll
):
    _group, run, _steady, _raised = scene
    client.force_login(payroll)
    page = client.get(reverse("employees:payroll-run-review", args=[run.pk])).content.decode()
    assert "刘芳" in page  # net pay up by far more than 20 % and 500 yuan
    assert "Net pay " in page
    assert "→" in page
    assert "王强" not in page  # unchanged: not flagged
    everyone = client.get(
        reverse("employees:payroll-run-review", args=[run.pk]), {"show": "all"}
    ).content.decode()
    assert "王强" in everyone
    assert "刘芳" in everyone


def test_the_reports_total_the_payslips_and_their_files_download(client, scene, payroll):
    _group, run, _steady, _raised = scene
    client.force_login(payroll)
    page = client.get(reverse("employees:payroll-run-reports", args=[run.pk])).content.decode()
    payslips = Payslip.objects.filter(run=run)
    assert f'data-testid="tax-total">{sum(p.income_tax for p in payslips)}<' in page
    assert f'data-testid="net-total">{sum(p.net for p in payslips)}<' in page
    for report in ("tax", "insurance", "accounting", "employer-cost"):
        for kind in ("csv", "xlsx"):
            url = reverse("employees:payroll-run-report-file", args=[run.pk, report, kind])
            response = client.get(url)
            assert response.status_code == 200, (report, kind)
            assert len(response.content) > 100
    unknown = reverse("employees:payroll-run-report-file", args=[run.pk, "salaries", "csv"])
    assert client.get(unknown).status_code == 404
    assert client.get(reverse("employees:payroll-run-reports", args=[999999])).status_code == 404


def test_the_bank_file_waits_for_the_lock_and_logs_every_account_it_reveals(client, scene, payroll):
    _group, run, steady, _raised = scene
    client.force_login(payroll)
    url = reverse("employees:payroll-run-bank-file", args=[run.pk])
    refused = client.get(url)
    assert refused.status_code == 409
    assert "Approve and lock the run first" in refused.content.decode()
    assert not SensitiveAccess.objects.exists()

    january = run.pay_group.runs.get(month=JANUARY)
    january_url = reverse("employees:payroll-run-bank-file", args=[january.pk])
    missing = client.get(january_url)
    assert missing.status_code == 409
    assert "no bank account" in missing.content.decode()

    Employee.objects.filter(pk=steady.pk).update(
        bank_account="6222020200001234567", bank_account_tail="4567"
    )
    left_out = client.get(january_url, {"missing": "leave-out"})
    assert left_out.status_code == 200
    assert left_out["X-Payments"] == "1"
    assert left_out["X-Left-Out"] == "1"
    assert "6222020200001234567" in left_out.content.decode("utf-8-sig")
    assert list(SensitiveAccess.objects.values_list("employee_id", "actor_id")) == [
        (steady.pk, payroll.pk)
    ]


def test_the_pages_read_the_same_number_of_queries_for_two_or_six_employees(client, scene, payroll):
    group, run, _steady, _raised = scene
    client.force_login(payroll)

    def counts() -> tuple[int, int]:
        found = []
        for name in ("employees:payroll-run-review", "employees:payroll-run-reports"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name, args=[run.pk])).status_code == 200
            found.append(len(queries))
        return found[0], found[1]

    few = counts()
    for number in range(4):
        city_employee(group, str(10000 + number * 1000), name=f"员工{number}")
    run_compute(group, FEBRUARY, payroll)
    assert counts() == few
