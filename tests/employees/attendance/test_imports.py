"""Importing the attendance exports of DingTalk, WeCom and Feishu: the vendor from the
header, each punch stored once, and a report naming every refused row."""

import io
from datetime import date, time

import pytest
from openpyxl import Workbook

from employees.attendance.imports import attendance_import
from employees.models import Employee, Punch
from hrflow.core.errors import ApplicationError
from tests.employees.attendance.scene import at
from tests.employees.records.scene import employee_make

pytestmark = pytest.mark.django_db


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode("utf-8")


def dingtalk(person: Employee) -> bytes:
    n = person.number
    return csv_bytes(
        [
            ["姓名", "工号", "部门", "考勤日期", "考勤时间", "打卡时间", "打卡结果", "打卡设备"],
            ["李雷", n, "研发部", "2026-03-02", "09:00", "08:55", "正常", "考勤机A"],
            ["李雷", n, "研发部", "2026-03-02", "18:00", "18:05", "正常", "考勤机A"],
            ["李雷", n, "研发部", "2026-03-03", "09:00", "", "缺卡", ""],
            ["王五", "E999999", "研发部", "2026-03-02", "09:00", "08:58", "正常", "考勤机A"],
            ["李雷", n, "研发部", "2026-03-04", "09:00", "25:99", "正常", "考勤机A"],
            ["李雷", n, "研发部", "", "09:00", "08:50", "正常", "考勤机A"],
        ]
    )


def test_a_dingtalk_file_imported_twice_stores_its_punches_once() -> None:
    person = employee_make(since=date(2025, 1, 1))
    report = attendance_import(name="打卡记录.csv", data=dingtalk(person), actor=None)
    assert report.vendor == "dingtalk"
    assert (report.rows_read, report.stored, report.duplicates, report.skipped) == (6, 2, 0, 1)
    assert [number for number, _reason in report.refused] == [5, 6, 7]
    reasons = dict(report.refused)
    assert "Unknown employee number E999999" in reasons[5]
    assert reasons[6] == "Bad time 25:99."
    assert reasons[7] == "The column 考勤日期 is empty."
    assert set(Punch.objects.values_list("at", "device", "source")) == {
        (at(date(2026, 3, 2), 8, 55), "dingtalk:考勤机A", "import"),
        (at(date(2026, 3, 2), 18, 5), "dingtalk:考勤机A", "import"),
    }
    again = attendance_import(name="打卡记录.csv", data=dingtalk(person), actor=None)
    assert (again.stored, again.duplicates) == (0, 2)
    assert Punch.objects.count() == 2


def test_a_wecom_workbook_with_several_times_in_a_cell() -> None:
    person = employee_make(since=date(2025, 1, 1))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "账号", "部门", "日期", "打卡时间"])
    sheet.append(["李雷", person.number, "研发部", "2026/03/02 星期一", "08:57;18:02"])
    sheet.append(["李雷", person.number, "研发部", date(2026, 3, 3), time(8, 59)])
    data = io.BytesIO()
    book.save(data)
    report = attendance_import(name="wecom.xlsx", data=data.getvalue(), actor=None)
    assert (report.vendor, report.stored, report.refused) == ("wecom", 3, [])
    assert sorted(Punch.objects.values_list("at", flat=True)) == [
        at(date(2026, 3, 2), 8, 57),
        at(date(2026, 3, 2), 18, 2),
        at(date(2026, 3, 3), 8, 59),
    ]


def test_a_feishu_file_and_one_missing_a_column() -> None:
    person = employee_make(since=date(2025, 1, 1))
    feishu = csv_bytes(
        [
            ["姓名", "工号", "部门", "日期", "打卡时间", "打卡结果"],
            ["李雷", person.number, "研发部", "2026-03-02", "2026-03-02 08:59", "正常"],
        ]
    )
    report = attendance_import(name="feishu.csv", data=feishu, actor=None)
    assert (report.vendor, report.stored) == ("feishu", 1)
    without_time = csv_bytes([["姓名", "工号", "日期"], ["李雷", person.number, "2026-03-02"]])
    with pytest.raises(ApplicationError, match="missing the column 打卡时间"):
        attendance_import(name="feishu.csv", data=without_time, actor=None)
    with pytest.raises(ApplicationError, match="not an attendance export"):
        attendance_import(name="x.csv", data=csv_bytes([["a", "b"], ["1", "2"]]), actor=None)
