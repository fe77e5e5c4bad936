"""HR's attendance import page: a vendor's export stored once with its report (rows read,
stored, already there, skipped, refused by row), and hostile files (wrong type, too
large, formulas) answered with a form error that stores nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from employees.models import Punch
from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from hrflow.core.tabular import MAX_TABLE_BYTES
from tests.employees.attendance.test_imports import csv_bytes, dingtalk
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "employees:attendance-import"


@pytest.fixture
def hr_client(client):  # type: ignore[no-untyped-def]
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], language="en"))
    return client


def _send(client, name: str, data: bytes, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(reverse(URL), {"file": SimpleUploadedFile(name, data), **fields})


def _file_errors(response) -> list[str]:  # type: ignore[no-untyped-def]
    return list(response.context["form"].errors.get("file", []))


def test_hr_imports_a_dingtalk_file_and_reads_its_report(hr_client) -> None:
    person = employee_make(since=date(2025, 1, 1))

    page = hr_client.get(reverse(URL))
    first = _send(hr_client, "打卡记录.csv", dingtalk(person))
    again = _send(hr_client, "打卡记录.csv", dingtalk(person))

    assert page.status_code == 200
    report = first.context["report"]
    assert (report.rows_read, report.stored, report.duplicates, report.skipped) == (6, 2, 0, 1)
    body = first.content.decode()
    assert 'data-testid="report-stored">2<' in body
    assert 'data-row="5"' in body
    assert "Unknown employee number E999999" in body
    assert 'data-row="6"' in body
    assert "Bad time 25:99." in body
    assert (again.context["report"].stored, again.context["report"].duplicates) == (0, 2)
    assert Punch.objects.count() == 2
    assert AuditEvent.objects.filter(action="attendance.imported").count() == 2


def test_the_page_is_for_hr_admins() -> None:
    employee = UserFactory(roles=[Role.EMPLOYEE])
    recruiter = UserFactory(roles=[Role.RECRUITER])
    for user in (employee, recruiter):
        client = Client()
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == 404


def _workbook_with_formula() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "账号", "部门", "日期", "打卡时间"])
    sheet.append(["李雷", "E1", "研发部", "2026-03-02", '=HYPERLINK("http://x","08:57")'])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("打卡记录.xls", b"\xd0\xcf\x11\xe0 an old workbook", "Upload a CSV or XLSX file"),
        ("打卡记录.xlsx", b"not a zip at all", "not an XLSX workbook"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "NUL character"),
        ("huge.csv", b"a" * (MAX_TABLE_BYTES + 1), "larger than 20 MB"),
        (
            "formula.csv",
            csv_bytes([["姓名", "工号", "考勤日期", "打卡时间"],
                       ["李雷", "E1", "2026-03-02", "=cmd|' /C calc'!A0"]]),
            "Row 2 holds a formula",
        ),
        ("formula.xlsx", _workbook_with_formula(), "The workbook holds formulas"),
        ("other.csv", csv_bytes([["a", "b"], ["1", "2"]]), "not an attendance export"),
    ],
)  # fmt: skip
def test_a_hostile_file_is_a_form_error_and_stores_nothing(
    hr_client, name: str, data: bytes, problem: str
) -> None:
    response = _send(hr_client, name, data)

    assert response.status_code == 200
    assert response.context["report"] is None
    assert any(problem in error for error in _file_errors(response)), _file_errors(response)
    assert Punch.objects.count() == 0
