"""The CSV, XLSX and PDF files of a report: Chinese reads back, a masked cell shows only
its text, nothing a spreadsheet opens runs as a formula, and the PDF carries its font."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from analytics.exports.pdf import report_pdf
from analytics.exports.tabular import report_csv, report_xlsx, sheet_names
from analytics.reports.shapes import Cell, Column, Report, ReportTable

TITLE = "公平性审计 Fairness audit"
FORMULA = "=cmd|' /C calc'!A0"
MASKED_TEXT = "masked: fewer than 5"
COLUMNS = (
    Column("group", "组别 Group"),
    Column("hired", "录用人数 Hired", "int"),
    Column("rate", "录用率 Hire rate", "percent"),
    Column("comment", "说明 Comment"),
)


def _rows(count: int) -> list[list[Cell]]:
    rows = [
        [Cell("女性 Women"), Cell(41), Cell(0.425, "42.5 %"), Cell(FORMULA)],
        [Cell("男性 Men"), Cell(3, MASKED_TEXT, masked=True), Cell(0.5, "50.0 %"), Cell("")],
    ]
    for number in range(len(rows), count):
        comment = "候选人大多来自上海的职业技术学校，面试通过率高于其他各组 " * (number % 3)
        rows.append(
            [Cell(f"第{number}组"), Cell(number), Cell(0.3, "30.0 %"), Cell(comment.strip())]
        )
    return rows


def _report(rows: int = 2) -> Report:
    return Report(
        key="fairness_audit",
        title=TITLE,
        as_of=datetime(2025, 4, 1, 0, 30, tzinfo=UTC),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        filters=(("岗位", "焊工 Welder"),),
        headline=("女性的录用率是男性的 85 %。", "No group fell below four fifths."),
        tables=(
            ReportTable(
                key="impact",
                title="各组录用率 Hire rates by group",
                columns=COLUMNS,
                rows=_rows(rows),
                notes=("人数少于 5 的格子不显示。",),
            ),
            ReportTable(
                key="empty", title="空表", columns=COLUMNS[:2], rows=(), empty_text="本期没有数据。"
            ),
        ),
        method=("录用率 = 录用人数 / 申请人数。", "Fisher's exact test, p < 0.05."),
    )


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _csv_lines(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_is_utf8_with_a_byte_order_mark_and_the_header_block_on_top():
    data = report_csv(_report())

    assert data.startswith(b"\xef\xbb\xbf")
    lines = _csv_lines(data)
    assert lines[:4] == [
        [TITLE],
        ["期间", "2025-01-01 – 2025-03-31"],
        ["数据截至", "2025-04-01 08:30"],  # in the site's time zone, Asia/Shanghai
        ["岗位", "焊工 Welder"],
    ]
    assert ["方法说明"] in lines
    assert lines[-1] == ["Fisher's exact test, p < 0.05."]


def test_csv_tables_carry_title_header_rows_and_notes():
    lines = _csv_lines(report_csv(_report()))

    start = lines.index(["各组录用率 Hire rates by group"])
    assert lines[start + 1] == [column.label for column in COLUMNS]
    assert lines[start + 2][:3] == ["女性 Women", "41", "0.425"]
    assert ["人数少于 5 的格子不显示。"] in lines
    assert ["本期没有数据。"] in lines


def test_csv_neutralises_a_formula_and_writes_a_masked_cell_as_its_text():
    lines = _csv_lines(report_csv(_report()))

    women = next(line for line in lines if line[:1] == ["女性 Women"])
    men = next(line for line in lines if line[:1] == ["男性 Men"])
    assert women[3] == "'" + FORMULA
    assert men[1] == MASKED_TEXT  # never the 3 behind it


def test_xlsx_has_a_summary_sheet_and_a_sheet_per_table():
    workbook = load_workbook(io.BytesIO(report_xlsx(_report())))

    assert workbook.sheetnames == ["摘要", "各组录用率 Hire rates by group", "空表"]
    summary = [[cell for cell in row if cell is not None] for row in workbook["摘要"].values]
    assert summary[0] == [TITLE]
    assert ["数据截至", "2025-04-01 08:30"] in summary
    assert ["女性的录用率是男性的 85 %。"] in summary
    assert ["方法说明"] in summary
    assert ["录用率 = 录用人数 / 申请人数。"] in summary


def test_xlsx_figures_are_numbers_and_text_is_never_a_formula():
    sheet = load_workbook(io.BytesIO(report_xlsx(_report())))["各组录用率 Hire rates by group"]

    assert [cell.value for cell in sheet[2]] == [column.label for column in COLUMNS]
    group, hired, rate, comment = sheet[3]
    assert (hired.value, hired.data_type) == (41, "n")
    assert (rate.value, rate.data_type) == (0.425, "n")
    assert "%" in rate.number_format
    assert (comment.value, comment.data_type) == (FORMULA, "s")
    assert group.data_type == "s"
    masked = sheet[4][1]
    assert (masked.value, masked.data_type) == (MASKED_TEXT, "s")


def test_sheet_names_are_valid_and_unique():
    names = sheet_names(
        [
            "Hire rates: men/women [2025] *?\\",
            "A very long table title that runs past thirty-one characters",
            "a very long table title that runs past thirty-one characters, again",
            "History",
            "'quoted'",
            "",
        ],
        taken=["Summary"],
    )

    assert len({name.casefold() for name in [*names, "summary"]}) == len(names) + 1
    for name in names:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'")
        assert not name.endswith("'")
        assert name.casefold() != "history"


def _pdf(rows: int = 2) -> PdfReader:
    return PdfReader(io.BytesIO(report_pdf(_report(rows))))


def test_pdf_text_reads_back_in_chinese():
    reader = _pdf()

    assert len(reader.pages) > 0
    text = reader.pages[0].extract_text()
    assert TITLE in text
    assert "女性 Women" in text
    assert "42.5 %" in text
    assert MASKED_TEXT in text
    assert "第 1 页，共 1 页" in text


def test_pdf_embeds_its_font():
    reader = _pdf()

    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        assert font["/Subtype"] == "/Type0"
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        assert stream is not None
        assert len(stream.get_object().get_data()) > 1000


def test_a_long_table_runs_over_pages_with_its_header_row_on_each():
    reader = _pdf(rows=200)

    assert len(reader.pages) > 2
    texts = [page.extract_text() for page in reader.pages]
    pages_with_rows = [text for text in texts if re.search(r"第\d+组", text)]
    assert len(pages_with_rows) > 2
    for text in pages_with_rows:
        assert "组别 Group" in text
        assert "说明 Comment" in text
    assert "第199组" in pages_with_rows[-1]
    assert f"共 {len(reader.pages)} 页" in texts[-1]


def test_a_table_wider_than_the_page_is_squeezed_to_fit_not_refused():
    # Twelve columns whose headers and figures together ask for far more than an A4
    # width (as the fairness audit's group intersections do): fpdf2 refused such a
    # table ("not enough horizontal space") until every column kept room for a character.
    columns = (
        Column("g", "组"),
        *(
            Column(f"c{n}", f"性别 × 民族交叉组 {n} Intersection of questions", "percent")
            for n in range(12)
        ),
    )
    figure = Cell(0.123456, "12.345678 % (Fisher p = 0.0001234)")
    rows = [[Cell("女", "女"), *[figure] * 12]]
    table = ReportTable(key="wide", title="宽表 A wide table", columns=columns, rows=rows)
    report = _report()
    wide = Report(**{**report.__dict__, "tables": (table,)})

    reader = PdfReader(io.BytesIO(report_pdf(wide)))

    text = "".join(page.extract_text() for page in reader.pages)
    assert "宽表" in text
    assert "12.345678" in text.replace("\n", "")
