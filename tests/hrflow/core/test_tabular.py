"""The table reader takes what HR's spreadsheets write (CSV in UTF-8, with a BOM or in
GB18030; XLSX with dates and numbers) and refuses every malformed or oversized file
with a TableError naming why, never another exception."""

import io
import zipfile
from datetime import date, datetime

import pytest
from django.utils import translation

from hrflow.core.tabular import MAX_COLUMNS, TableError, table_read
from tests.employees.metrics.files import csv_bytes, xlsx_bytes


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


ROWS = [("工号", "指标代码", "日期", "数值"), ("E000001", "safety_incidents", "2026-11-02", "2")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding_chinese_excel_writes_reads_the_same(encoding):
    table = table_read(name="kpi.csv", data=csv_bytes(ROWS, encoding=encoding))
    assert table.header == ("工号", "指标代码", "日期", "数值")
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, ("E000001", "safety_incidents", "2026-11-02", "2"))
    ]


def test_blank_rows_are_skipped_but_numbered_as_the_spreadsheet_shows():
    data = csv_bytes([ROWS[0], (",,,",), ROWS[1]]).replace(b'",,,"', b",,,")
    table = table_read(name="KPI.CSV", data=data)
    assert [row.number for row in table.rows] == [3]


def test_a_tab_separated_file_is_read_by_its_tabs():
    data = "工号\t指标代码\t日期\t数值\nE1\tm\t2026-11-02\t1,5\n".encode()
    assert table_read(name="kpi.csv", data=data).rows[0].cells == ("E1", "m", "2026-11-02", "1,5")


def test_xlsx_cells_read_as_people_see_them():
    rows = [
        ROWS[0],
        ("E1", "m", date(2026, 11, 2), 2),
        ("E2", "m", datetime(2026, 11, 3, tzinfo=None), 0.1 + 0.2),  # noqa: DTZ001 - Excel has no zones
    ]
    table = table_read(name="kpi.xlsx", data=xlsx_bytes(rows))
    assert [row.cells for row in table.rows] == [
        ("E1", "m", "2026-11-02", "2"),
        ("E2", "m", "2026-11-03", "0.3"),
    ]


def _zip_with(name: str, size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, b"\0" * size)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("kpi.csv", b"", "empty"),
        ("kpi.xls", b"\xd0\xcf\x11\xe0", ".xlsx"),
        ("kpi", b"a,b\n", "CSV or XLSX"),
        ("kpi.xlsx", b"not a zip at all", "not an XLSX"),
        ("kpi.xlsx", b"PK\x03\x04broken", "not an XLSX"),
        ("kpi.xlsx", _zip_with("xl/workbook.xml", 10), "cannot be read"),
        ("kpi.csv", "工号,日期\n".encode("utf-16"), "UTF-16"),
        ("kpi.csv", b"a,b\nx\x00y,z\n", "NUL"),
        ("kpi.csv", b"a,b\n\x80\xff\x80", "GB18030"),
        ("kpi.csv", b"\n\n,,\n", "no header"),
        ("kpi.csv", ("a," * (MAX_COLUMNS + 1) + "\n").encode(), "columns"),
        ("kpi.csv", b"a,b\n" + b"x" * 2000 + b",y\n", "longer"),
        ("kpi.csv", b'a,b\n"' + b"x" * 200_000 + b"\n", "CSV"),
    ],
)
def test_a_malformed_file_is_a_table_error_saying_why(name, data, words):
    with pytest.raises(TableError) as refused:
        table_read(name=name, data=data)
    assert words in refused.value.message
    assert refused.value.extra == {"field": "file"}


def test_a_workbook_that_unpacks_past_the_limit_is_refused_unread(monkeypatch):
    """A zip bomb: a few kilobytes that would unpack to more than the memory holds."""
    monkeypatch.setattr("hrflow.core.tabular.MAX_UNZIPPED_BYTES", 1024 * 1024)
    bomb = _zip_with("xl/worksheets/sheet1.xml", 2 * 1024 * 1024)
    assert len(bomb) < 10_000
    with pytest.raises(TableError, match="too large"):
        table_read(name="kpi.xlsx", data=bomb)


def test_too_many_rows_or_bytes_are_refused_before_anything_is_stored():
    data = csv_bytes([ROWS[0], *[ROWS[1]] * 11])
    with pytest.raises(TableError, match="more than 10 rows"):
        table_read(name="kpi.csv", data=data, max_rows=10)
    with pytest.raises(TableError, match="larger than 1 MB"):
        table_read(name="kpi.csv", data=b"x" * (1024 * 1024 + 1), max_bytes=1024 * 1024)


def test_a_million_blank_lines_count_as_rows():
    with pytest.raises(TableError, match="more than 10 rows"):
        table_read(name="kpi.csv", data=b"a,b\n" + b",\n" * 100, max_rows=10)


def test_a_sheet_that_starts_below_row_one_keeps_the_row_numbers_people_see():
    """Two empty rows, then the header in row 3: the first value is row 4, not row 2,
    and an empty first column stays a column (the reader anchors the sheet at A1)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for column, title in enumerate(ROWS[0], start=2):
        sheet.cell(row=3, column=column, value=title)
    for column, value in enumerate(ROWS[1], start=2):
        sheet.cell(row=4, column=column, value=value)
    out = io.BytesIO()
    workbook.save(out)

    table = table_read(name="kpi.xlsx", data=out.getvalue())

    assert table.header == ("", *ROWS[0])
    assert [(row.number, row.cells) for row in table.rows] == [(4, ("", *ROWS[1]))]


def _xlsx_with_sheet_xml(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced by `sheet_xml`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            archive.writestr(entry.filename, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "doctype",
    [
        # Billion laughs: nested entities that would expand to gigabytes.
        b'<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([98 + n]), (b"&%s;" % bytes([97 + n])) * 10)
            for n in range(8)
        )
        + b"]>",
        # XXE: an entity that names a file of the server.
        b'<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_a_sheet_with_entities_neither_expands_them_nor_reads_files(doctype):
    entity = b"&i;" if b"ENTITY i" in doctype else b"&x;"
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>' + doctype
        + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + entity + b"</t></is></c>"
        b"</row></sheetData></worksheet>"
    )  # fmt: skip
    try:
        table = table_read(name="kpi.xlsx", data=_xlsx_with_sheet_xml(sheet))
    except TableError:
        return  # refused as unreadable: as good as reading nothing
    text = "".join(table.header) + "".join("".join(row.cells) for row in table.rows)
    assert "root:" not in text
    assert len(text) < 1000


def _sheet_with(cells_xml: bytes) -> bytes:
    """A workbook whose first sheet holds A1 and then `cells_xml` (rows of cells)."""
    return _xlsx_with_sheet_xml(
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
        + cells_xml + b"</sheetData></worksheet>"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        # A few kilobytes that, laid out from A1 to XFD1048576, would ask for hundreds of
        # gigabytes and abort the process: refused from the references, unread.
        (b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "more than 10 rows"),
        (b'<row r="2"><c r="AY2"><v>1</v></c></row>', "Row 2 has more than 50 columns"),
        # The same with a namespace prefix, and with positions instead of references.
        (b'<x:row r="99"><x:c r="B99"><x:v>1</x:v></x:c></x:row>', "more than 10 rows"),
        (b"<row>" + b"<c><v>1</v></c>" * 51 + b"</row>", "Row 2 has more than 50 columns"),
        (b"<row><c><v>1</v></c></row>" * 30, "more than 10 rows"),
    ],
)
def test_a_sheet_reaching_past_the_limits_is_refused_before_it_is_laid_out(cells, words):
    with pytest.raises(TableError, match=words):
        table_read(name="kpi.xlsx", data=_sheet_with(cells), max_rows=10)


def test_formatting_far_away_is_no_reason_to_refuse_a_sheet():
    """Excel writes empty styled cells where a column or row was formatted: they hold
    nothing, take no room in the reader and are not counted."""
    far = b'<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    table = table_read(
        name="kpi.xlsx",
        data=_sheet_with(b'<row r="2"><c r="A2"><v>7</v></c></row>' + far),
        max_rows=10,
    )
    assert [(row.number, row.cells) for row in table.rows] == [(2, ("7",))]
