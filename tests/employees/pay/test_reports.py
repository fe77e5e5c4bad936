"""The month's payroll reports on runs computed for real: Beijing wages of 40,000 and
20,000 and a Shanghai wage of 20,000, figures checked by hand against the cities'
published bases and rates and the cumulative withholding; the totals against the
payslips; the files in English and Chinese."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from employees.models import Employee, PayItem, PayrollRun, Payslip
from employees.pay.report_files import (
    accounting_summary_csv,
    accounting_summary_xlsx,
    employer_cost_csv,
    employer_cost_xlsx,
    insurance_summary_csv,
    insurance_summary_xlsx,
    tax_summary_csv,
    tax_summary_xlsx,
)
from employees.pay.reports import (
    accounting_summary,
    employer_cost,
    insurance_summary,
    report_payslips,
    tax_withholding_summary,
)
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from tests.employees.pay.payroll_scene import city_employee, pay_group, run_compute, run_lock
from tests.hrflow.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages and stored labels in English, whatever the site's default: the Chinese
    files are asked for by name."""
    with translation.override("en"):
        yield


JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
D = Decimal


@dataclass
class Scene:
    beijing: PayrollRun
    shanghai: PayrollRun
    a: Employee  # Beijing 40,000, R&D
    b: Employee  # Beijing 20,000, R&D
    c: Employee  # Beijing 20,000, sales
    s: Employee  # Shanghai 20,000, sales


@pytest.fixture
def hr():
    return UserFactory(roles=[Role.PAYROLL])


@pytest.fixture
def scene(hr) -> Scene:
    """January locked in both groups (Shanghai's housing fund is 5–7 %: its own group)."""
    rnd, sales = DepartmentFactory(name="研发部"), DepartmentFactory(name="销售部")
    beijing, shanghai = pay_group("Beijing"), pay_group("Shanghai", housing_fund_rate="0.07")
    a = city_employee(beijing, "40000", name="甲", department=rnd)
    b = city_employee(beijing, "20000", name="乙", department=rnd)
    c = city_employee(beijing, "20000", name="丙", department=sales)
    s = city_employee(shanghai, "20000", name="丁", region="shanghai", department=sales)
    return Scene(run_lock(beijing, JAN, hr), run_lock(shanghai, JAN, hr), a, b, c, s)


def _by_employee(rows, employee: Employee):
    return next(row for row in rows if row.employee_id == employee.pk)


def test_the_withholding_summary_carries_the_year_to_date_figures(scene, hr):
    PayItem.objects.create(
        employee=scene.b,
        month=FEB,
        kind=PayItem.Kind.ANNUAL_BONUS,
        bonus_tax=PayItem.BonusTax.SEPARATE,
        amount=D("36000"),
    )
    february = run_compute(scene.beijing.pay_group, FEB, hr)

    summary = tax_withholding_summary(report_payslips(run=february))

    a = _by_employee(summary.rows, scene.a)
    # By hand: Beijing's employee part on the 35,283 cap is 7,941.72 a month (pension
    # 2,822.64, medical 708.66, unemployment 176.42, housing fund 4,234), so after two
    # months 80,000 − 10,000 − 15,883.44 = 54,116.56 falls in the 10 % band:
    # 5,411.66 − 2,520 = 2,891.66, less January's 811.75.
    assert a.income == D("40000.00")
    assert a.ytd_income == D("80000.00")
    assert a.ytd_basic_deduction == D("10000")
    assert a.ytd_social_insurance == D("15883.44")
    assert a.ytd_deductions == D("25883.44")
    assert a.ytd_taxable == D("54116.56")
    assert (a.rate, a.quick_deduction) == (D("0.10"), D("2520"))
    assert a.ytd_tax == D("2891.66")
    assert a.earlier_withheld == D("811.75")
    assert a.tax == D("2079.91")
    b = _by_employee(summary.rows, scene.b)
    # 20,000 − 5,000 − 4,503 a month at 3 %; the bonus on its own: 36,000 ÷ 12 = 3,000,
    # the monthly table's 3 % band.
    assert b.income == D("20000.00")  # the separately taxed bonus is not in it
    assert b.ytd_taxable == D("20994.00")
    assert b.tax == D("314.91")
    assert (b.bonus, b.bonus_tax) == (D("36000.00"), D("1080.00"))
    payslips = list(Payslip.objects.filter(run=february))
    for payslip in payslips:
        row = _by_employee(summary.rows, payslip.employee)
        assert row.ytd_income == D(payslip.ytd["income"])
        assert row.tax + row.bonus_tax == payslip.income_tax
    assert [row.employee_name for row in summary.rows] == ["甲", "乙", "丙"]
    assert summary.total.tax == D("2079.91") + D("314.91") + D("314.91")
    assert summary.total.tax + summary.total.bonus_tax == sum(p.income_tax for p in payslips)
    assert summary.total.income == sum(p.taxable for p in payslips)


def test_a_month_covers_every_locked_run_of_it_and_nothing_in_review(scene, hr):
    third = pay_group("Plant")
    city_employee(third, "9000", name="戊")
    run_compute(third, JAN, hr)  # in review: not in the month's reports

    rows = report_payslips(month=date(2026, 1, 15))

    assert sorted(row.employee_name for row in rows) == ["丁", "丙", "乙", "甲"]
    assert {row.run_id for row in rows} == {scene.beijing.pk, scene.shanghai.pk}
    assert len(report_payslips(run=scene.shanghai)) == 1
    with pytest.raises(ApplicationError):
        report_payslips()
    with pytest.raises(ApplicationError):
        report_payslips(run=scene.beijing, month=JAN)


def test_the_insurance_summary_per_city_and_insurance(scene):
    summary = insurance_summary(report_payslips(month=JAN))

    rows = {(row.region, row.insurance): row for row in summary.rows}
    assert [key for key in rows if key[0] == "beijing"] == [
        ("beijing", "pension"),
        ("beijing", "medical"),
        ("beijing", "unemployment"),
        ("beijing", "work_injury"),
        ("beijing", "housing_fund"),
    ]
    pension = rows[("beijing", "pension")]
    # 40,000 on the 35,283 cap, and two of 20,000: 8 % and 16 %.
    assert pension.employees == 3
    assert pension.base == D("75283")
    assert pension.employee == D("2822.64") + D("1600.00") * 2
    assert pension.employer == D("5645.28") + D("3200.00") * 2
    assert rows[("beijing", "medical")].employee == D("708.66") + D("403.00") * 2
    housing = rows[("shanghai", "housing_fund")]
    assert (housing.employees, housing.base, housing.employee, housing.employer) == (
        1,
        D("20000"),
        D("1400"),
        D("1400"),
    )
    injury = rows[("shanghai", "work_injury")]  # the employer's alone: 0.2 % of 20,000
    assert (injury.employees, injury.employee, injury.employer) == (1, D("0"), D("40.00"))
    payslips = list(Payslip.objects.filter(run__month=JAN))
    assert summary.employees == 4
    assert summary.employee == sum(p.insurance_employee + p.housing_fund_employee for p in payslips)
    assert summary.employer == sum(p.insurance_employer + p.housing_fund_employer for p in payslips)
    assert summary.employee == D("7941.72") + D("4503") * 2 + D("3500")


def test_the_accounting_summary_splits_by_department(scene):
    summary = accounting_summary(report_payslips(month=JAN))

    rnd, sales = summary.departments
    assert (rnd.department, sales.department) == ("研发部", "销售部")
    assert rnd.employees == 2
    assert rnd.earnings == D("60000.00")
    assert rnd.insurance_employee == -(D("7941.72") + D("4503.00"))
    assert rnd.tax == -(D("811.75") + D("314.91"))
    assert rnd.net == D("46428.62")
    # Employer: 9,350 + 4,234 for 40,000; 5,300 + 2,400 for 20,000.
    assert rnd.employer == D("21284.00")
    # Sales: Beijing 20,000 (4,503 and 314.91) and Shanghai 20,000 (3,500; 11,500 × 3 %).
    assert sales.insurance_employee == -(D("4503.00") + D("3500.00"))
    assert sales.tax == -(D("314.91") + D("345.00"))
    assert sales.employer == D("7700.00") + D("6540.00")
    for department in summary.departments:
        parts = department.earnings + department.deductions
        assert parts + department.insurance_employee + department.tax == department.net
    assert summary.total.net == rnd.net + sales.net
    assert summary.total.employer == rnd.employer + sales.employer
    lines = {(line.department, line.code): line for line in summary.lines}
    assert lines[("研发部", "base")].amount == D("60000.00")
    assert lines[("研发部", "base")].employees == 2
    assert lines[("销售部", "employer_pension")].amount == D("6400.00")
    assert sum(line.amount for line in summary.lines if line.department == "研发部") == (
        rnd.earnings + rnd.deductions + rnd.insurance_employee + rnd.tax + rnd.employer
    )


def test_the_employer_cost_by_department(scene):
    report = employer_cost(report_payslips(month=JAN))

    rnd, sales = report.rows
    assert (rnd.department, rnd.employees, rnd.gross) == ("研发部", 2, D("60000.00"))
    assert rnd.insurance_employer == D("9350.00") + D("5300.00")
    assert rnd.housing_fund_employer == D("4234") + D("2400")
    assert rnd.total == D("81284.00")
    assert sales.total == D("40000") + D("5300") + D("2400") + D("5140") + D("1400")
    payslips = list(Payslip.objects.filter(run__month=JAN))
    assert report.total.total == sum(
        p.gross + p.insurance_employer + p.housing_fund_employer for p in payslips
    )


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel and WPS read the Chinese right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx_rows(data: bytes) -> tuple[str, list[tuple]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return sheet.title, list(sheet.iter_rows(values_only=True))


def test_the_files_open_with_their_headers_in_english_and_chinese(scene):
    """The reader's language: the headers, and the names the report gives (insurances,
    categories), built and written in the same request."""
    payslips = report_payslips(month=JAN)
    tax = tax_withholding_summary(payslips)
    cost = employer_cost(payslips)
    tax_csv = _csv_rows(tax_summary_csv(tax))
    title, tax_sheet = _xlsx_rows(tax_summary_xlsx(tax))
    insurance = insurance_summary(payslips)
    insurance_csv = _csv_rows(insurance_summary_csv(insurance))
    accounting = accounting_summary(payslips)
    accounting_csv = _csv_rows(accounting_summary_csv(accounting))
    cost_title, cost_sheet = _xlsx_rows(employer_cost_xlsx(cost))
    with translation.override("zh-hans"):
        tax_csv_zh = _csv_rows(tax_summary_csv(tax))
        _title, accounting_sheet_zh = _xlsx_rows(
            accounting_summary_xlsx(accounting_summary(payslips))
        )
        insurance_sheet_zh = _xlsx_rows(insurance_summary_xlsx(insurance_summary(payslips)))[1]
        cost_csv_zh = _csv_rows(employer_cost_csv(cost))

    assert tax_csv[0][:4] == [
        "Employee number",
        "Name",
        "Income this month",
        "Income, year to date",
    ]
    assert tax_csv[0][-1] == "Tax on the bonus"
    # The catalogue's words for the same headers.
    assert tax_csv_zh[0][:3] == ["工号", "姓名", "本月收入"]
    assert tax_csv_zh[0][-2:] == ["全年一次性奖金", "奖金应纳税额"]
    assert title == "Income tax withholding"
    assert tax_sheet[0] == tuple(tax_csv[0])
    a_row = next(row for row in tax_sheet if row[0] == scene.a.number)
    assert a_row[1:3] == ("甲", 40000)
    assert tax_sheet[-1][1] == "Total"
    assert tax_sheet[-1][15] == pytest.approx(811.75 + 314.91 * 2 + 345)
    assert len(tax_sheet) == 1 + 4 + 1
    assert insurance_csv[0] == [
        "Region",
        "Insurance",
        "Employees paid",
        "Contribution bases",
        "Employee part",
        "Employer part",
    ]
    assert insurance_csv[1][:4] == ["beijing", "Pension", "3", "75283.00"]
    assert insurance_csv[-1] == ["Total", "", "4", "", "20447.72", str(insurance.employer)]
    assert insurance_sheet_zh[0][0] == "地区"
    assert insurance_sheet_zh[1][:2] == ("beijing", "养老保险")
    assert accounting_csv[0] == [
        "Department",
        "Category",
        "Code",
        "Item",
        "Amount",
        "Employees paid",
    ]
    # (The item is the line's label as stored when the run was computed.)
    assert accounting_csv[1][:3] + accounting_csv[1][4:] == [
        "研发部",
        "Earnings",
        "base",
        "60000.00",
        "2",
    ]
    assert accounting_csv[-1] == ["Total", "Paid by the employer", "", "", "35524.00", "4"]
    assert accounting_sheet_zh[0][0] == "部门"
    assert accounting_sheet_zh[0][2] == "编码"
    assert accounting_sheet_zh[1][:3] == ("研发部", "收入", "base")
    assert cost_title == "Employer cost"
    assert cost_sheet[0][0] == "Department"
    assert cost_sheet[1] == ("研发部", 2, 60000, 14650, 6634, 81284)
    assert cost_sheet[-1] == ("Total", 4, 100000, 25090, 10434, 135524)
    assert cost_csv_zh[0][0] == "部门"


def test_money_cells_are_numbers_shown_to_the_fen(scene):
    data = employer_cost_xlsx(employer_cost(report_payslips(month=JAN)))

    sheet = load_workbook(io.BytesIO(data)).active
    gross = sheet.cell(row=2, column=3)
    assert gross.value == 60000
    assert gross.number_format == "0.00"


def test_the_reports_read_the_same_number_of_queries_for_any_number_of_employees(
    hr, django_assert_num_queries
):
    def reports(month: date) -> None:
        payslips = report_payslips(month=month)
        tax_withholding_summary(payslips)
        insurance_summary(payslips)
        accounting_summary(payslips)
        employer_cost(payslips)

    group = pay_group()
    city_employee(group, "20000", department=DepartmentFactory())
    run_lock(group, JAN, hr)
    with CaptureQueriesContext(connection) as queries:
        reports(JAN)
    for base in ("9000", "30000", "12000"):
        city_employee(group, base, department=DepartmentFactory())
    run_lock(group, FEB, hr)
    with django_assert_num_queries(len(queries)):
        reports(FEB)
    assert len(queries) == 4  # payslips, lines, department names twice
