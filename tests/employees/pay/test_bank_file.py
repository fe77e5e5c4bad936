"""The bank payment file of a locked run: its columns and their order, the net pay to
the fen, every account revealed logged for whoever downloads, and the refusals (a run
in review, an employee without an account, an unknown column, a user not in payroll)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from employees.models import Employee, PayItem, PayrollRun, Payslip, SensitiveAccess
from employees.pay.bank_file import (
    NO_BANK_ACCOUNT,
    NOTHING_TO_PAY,
    bank_file_build,
    bank_file_columns_clean,
)
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.pay.payroll_scene import city_employee, pay_group, run_compute, run_lock
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages and stored labels in English, whatever the site's default: the Chinese
    files are asked for by name."""
    with translation.override("en"):
        yield


JAN = date(2026, 1, 1)
ICBC = {"bank": "中国工商银行", "branch": "北京海淀支行", "number": "6222020200112233445"}
CCB_NUMBER = "6217000010001234567"


@pytest.fixture
def payroll():
    return UserFactory(roles=[Role.PAYROLL])


def _account(employee: Employee, value: object) -> None:
    """Stored as the services store it: the employee's own entry is a dict, HR's the
    number alone; the last four in clear."""
    number = value["number"] if isinstance(value, dict) else value
    employee.bank_account = value
    employee.bank_account_tail = str(number)[-4:]
    employee.save(update_fields=["bank_account", "bank_account_tail"])


@pytest.fixture
def group():
    return pay_group("北京总部")


@pytest.fixture
def people(group):
    a = city_employee(group, "40000", name="甲")
    b = city_employee(group, "20000", name="乙")
    c = city_employee(group, "20000", name="丙")
    _account(a, ICBC)
    _account(b, CCB_NUMBER)
    return a, b, c


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _reveals() -> list[SensitiveAccess]:
    return list(SensitiveAccess.objects.filter(field="bank_account", action="show"))


def test_the_default_layout_pays_each_net_to_the_fen_and_logs_each_reveal(group, people, payroll):
    a, b, c = people
    _account(c, "6228480010000000001")
    run = run_lock(group, JAN, payroll)

    with translation.override("en"):
        result = bank_file_build(run=run, actor=payroll)

    rows = _rows(result.content)
    assert rows[0] == [
        "Employee number",
        "Name",
        "Bank account",
        "Bank",
        "Amount",
        "Currency",
        "Purpose",
    ]
    # 40,000 − 7,941.72 insurance − 811.75 tax; 20,000 − 4,503 − 314.91.
    assert rows[1] == [
        a.number,
        "甲",
        "6222020200112233445",
        "中国工商银行",
        "31246.53",
        "CNY",
        "Salary 2026-01",
    ]
    assert rows[2] == [b.number, "乙", CCB_NUMBER, "", "15182.09", "CNY", "Salary 2026-01"]
    assert rows[3][:3] == [c.number, "丙", "6228480010000000001"]
    assert len(rows) == 4
    assert b"\r\n" in result.content
    assert (result.count, result.total) == (3, Decimal("31246.53") + Decimal("15182.09") * 2)
    assert result.total == sum(p.net for p in Payslip.objects.filter(run=run))
    assert result.left_out == []
    reveals = _reveals()
    assert sorted(log.employee_id for log in reveals) == sorted([a.pk, b.pk, c.pk])
    assert {(log.actor_id, log.reason) for log in reveals} == {
        (payroll.pk, "Bank payment file 北京总部 2026-01")
    }
    assert AuditEvent.objects.filter(action="employees.bank_file", target_id=str(run.pk)).exists()

    bank_file_build(run=run, actor=payroll)  # each file logs its own reveals
    assert len(_reveals()) == 6


@pytest.mark.usefixtures("people")
def test_the_pay_group_chooses_the_columns_and_their_order(group, payroll):
    group.bank_file_columns = ["bank_account", "name", "bank_branch", "amount", "month"]
    group.save()
    run = run_lock(group, JAN, payroll)

    with translation.override("zh-hans"):
        result = bank_file_build(run=run, actor=payroll, allow_missing=True)

    rows = _rows(result.content)
    assert rows[0][:3] == ["银行账户", "姓名", "开户支行"]  # headers in the reader's language
    assert len(rows[0]) == 5
    assert rows[1] == ["6222020200112233445", "甲", "北京海淀支行", "31246.53", "2026-01"]
    assert rows[2] == [CCB_NUMBER, "乙", "", "15182.09", "2026-01"]


def test_an_employee_without_an_account_refuses_the_file_before_anything_is_revealed(
    group, people, payroll
):
    _a, _b, c = people
    run = run_lock(group, JAN, payroll)

    with pytest.raises(
        ApplicationError, match=f"1 employee to be paid has no bank account: {c.number} 丙"
    ) as refused:
        bank_file_build(run=run, actor=payroll)

    assert refused.value.extra["missing"] == [c.pk]
    assert _reveals() == []
    assert not AuditEvent.objects.filter(action="employees.bank_file").exists()


def test_leaving_them_out_is_said_and_they_are_listed_to_be_paid_another_way(
    group, people, payroll
):
    a, b, c = people
    run = run_lock(group, JAN, payroll)

    result = bank_file_build(run=run, actor=payroll, allow_missing=True)

    assert [row[0] for row in _rows(result.content)[1:]] == [a.number, b.number]
    assert result.count == 2
    assert [(row.employee_id, row.reason) for row in result.left_out] == [(c.pk, NO_BANK_ACCOUNT)]
    assert result.left_out[0].net == Payslip.objects.get(run=run, employee=c).net
    assert sorted(log.employee_id for log in _reveals()) == sorted([a.pk, b.pk])


def test_nothing_is_paid_to_a_net_of_zero_or_less(group, people, payroll):
    a, b, c = people
    _account(c, "6228480010000000001")
    PayItem.objects.create(
        employee=c, month=JAN, kind=PayItem.Kind.DEDUCTION, amount=Decimal("30000")
    )
    run = run_lock(group, JAN, payroll)

    result = bank_file_build(run=run, actor=payroll)

    assert [row[0] for row in _rows(result.content)[1:]] == [a.number, b.number]
    assert [(row.employee_id, row.reason) for row in result.left_out] == [(c.pk, NOTHING_TO_PAY)]
    assert result.left_out[0].net < 0
    assert c.pk not in {log.employee_id for log in _reveals()}


def test_a_run_in_review_is_refused(group, people, payroll):
    run = run_compute(group, JAN, payroll)
    assert run.status == PayrollRun.Status.COMPUTED

    with pytest.raises(ApplicationError, match="Approve and lock the run first"):
        bank_file_build(run=run, actor=payroll, allow_missing=True)
    assert _reveals() == []


def test_only_payroll_officers_and_hr_admins_get_the_accounts(group, people, payroll):
    run = run_lock(group, JAN, payroll)

    for role in (Role.EMPLOYEE, Role.RECRUITER, Role.HIRING_MANAGER):
        with pytest.raises(ApplicationError, match="Only payroll officers and HR admins"):
            bank_file_build(run=run, actor=UserFactory(roles=[role]), allow_missing=True)
    assert _reveals() == []
    admin = UserFactory(roles=[Role.HR_ADMIN])
    assert bank_file_build(run=run, actor=admin, allow_missing=True).count == 2


def test_the_columns_are_checked():
    assert bank_file_columns_clean([]) == [
        "employee_number",
        "name",
        "bank_account",
        "bank_name",
        "amount",
        "currency",
        "purpose",
    ]
    assert bank_file_columns_clean(["amount", "name"]) == ["amount", "name"]
    with pytest.raises(ApplicationError, match="Unknown bank file column: iban"):
        bank_file_columns_clean(["name", "iban"])
    with pytest.raises(ApplicationError, match="listed twice"):
        bank_file_columns_clean(["name", "name"])


def test_the_file_reads_the_same_number_of_queries_for_any_number_of_employees(
    payroll, django_assert_num_queries
):
    small, large = pay_group("Small"), pay_group("Large")
    for group, count in ((small, 1), (large, 5)):
        for number in range(count):
            _account(city_employee(group, "20000", name=f"员工{number}"), CCB_NUMBER)
    small_run, large_run = run_lock(small, JAN, payroll), run_lock(large, JAN, payroll)
    # A fresh instance each time: a user's roles are cached on it after the first read.
    with CaptureQueriesContext(connection) as queries:
        bank_file_build(run=small_run, actor=User.objects.get(pk=payroll.pk))

    with django_assert_num_queries(len(queries)):
        result = bank_file_build(run=large_run, actor=User.objects.get(pk=payroll.pk))
    assert result.count == 5
    assert len(_reveals()) == 6
