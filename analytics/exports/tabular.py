"""CSV and XLSX files of a report, for people who work on the figures in Excel or WPS.

Both files carry the whole report: title, period, as-of time, filters, the headline,
each table (title, header row, rows, notes) and the method. A masked cell (fewer than
five people) is written as its text ("masked: fewer than 5"), never its value.

- CSV: UTF-8 with a byte-order mark, so Excel and WPS read Chinese; every cell goes
  through hrflow.core.spreadsheets.csv_cell, so text that a spreadsheet would run as a
  formula ("=cmd|...") gets an apostrophe.
- XLSX: a summary sheet, then one sheet per table. Figures are number cells (a percent
  column's values are shares, 0.425, shown "42.5%" by the cell's format); text is always
  a string cell, which a spreadsheet never evaluates
  (hrflow.core.spreadsheets.xlsx_text_cell).
"""

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from analytics.exports.common import file_value, header_fields
from analytics.reports.shapes import Cell, Column, Report, ReportTable
from hrflow.core.spreadsheets import csv_cell, xlsx_text_cell

# Excel's limits on a sheet name: 31 characters, none of these, no apostrophe at either
# end, unique whatever the case, and not "History" (Excel keeps it for change tracking).
SHEET_NAME_LENGTH = 31
NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
RESERVED_SHEET_NAMES = frozenset({"history"})
NUMBER_FORMATS = {"percent": "0.0%", "int": "0"}
DATE_FORMAT = "yyyy-mm-dd"


def report_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(*cells: Any) -> None:
        writer.writerow([csv_cell(cell) for cell in cells])

    line(report.title)
    for label, value in header_fields(report):
        line(label, value)
    if report.headline:
        line()
        for sentence in report.headline:
            line(sentence)
    for table in report.tables:
        line()
        line(table.title)
        line(*(column.label for column in table.columns))
        for row in table.rows:
            line(*(file_value(cell) for cell in row))
        if not table.rows and table.empty_text:
            line(table.empty_text)
        for note in table.notes:
            line(note)
    if report.method:
        line()
        line(_("Method"))
        for method_line in report.method:
            line(method_line)
    # A byte-order mark so Excel and WPS open UTF-8 Chinese text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_names(titles: Iterable[str], *, taken: Iterable[str] = ()) -> list[str]:
    """A valid, unique sheet name for each title, in order (names in `taken` are used)."""
    used = {name.casefold() for name in taken} | RESERVED_SHEET_NAMES
    names = []
    for title in titles:
        base = " ".join(NOT_IN_SHEET_NAME.sub(" ", title).split()).strip("'").strip()
        base = base or _("Table")
        name, number = base[:SHEET_NAME_LENGTH].rstrip().rstrip("'"), 1
        while name.casefold() in used:
            number += 1
            suffix = f" ({number})"
            name = base[: SHEET_NAME_LENGTH - len(suffix)].rstrip().rstrip("'") + suffix
        used.add(name.casefold())
        names.append(name)
    return names


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook(write_only=True)
    summary_name = sheet_names([_("Summary")])[0]
    table_names = sheet_names((table.title for table in report.tables), taken=[summary_name])
    _summary_sheet(workbook.create_sheet(title=summary_name), report, table_names)
    for table, name in zip(report.tables, table_names, strict=True):
        _table_sheet(workbook.create_sheet(title=name), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary_sheet(sheet: Any, report: Report, table_names: Sequence[str]) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 80

    def line(*texts: str) -> None:
        sheet.append([xlsx_text_cell(sheet, text) for text in texts])

    line(report.title)
    for label, value in header_fields(report):
        line(label, value)
    if report.headline:
        line()
        line(_("Key findings"))
        for sentence in report.headline:
            line(sentence)
    if report.tables:
        line()
        line(_("Tables"))
        for table, name in zip(report.tables, table_names, strict=True):
            line(name, table.title)
    if report.method:
        line()
        line(_("Method"))
        for method_line in report.method:
            line(method_line)


def _table_sheet(sheet: Any, table: ReportTable) -> None:
    """The title on the first row, the header row under it (frozen), the rows, notes."""
    for index, width in enumerate(_column_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.append([xlsx_text_cell(sheet, table.title)])
    sheet.append([xlsx_text_cell(sheet, column.label) for column in table.columns])
    for row in table.rows:
        sheet.append(
            [
                _sheet_cell(sheet, cell, column)
                for cell, column in zip(row, table.columns, strict=True)
            ]
        )
    if not table.rows and table.empty_text:
        sheet.append([xlsx_text_cell(sheet, table.empty_text)])
    if table.notes:
        sheet.append([])
        for note in table.notes:
            sheet.append([xlsx_text_cell(sheet, note)])


def _sheet_cell(sheet: Any, cell: Cell, column: Column) -> Any:
    value = file_value(cell)
    if isinstance(value, str):
        return xlsx_text_cell(sheet, value) if value else None
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        return xlsx_text_cell(sheet, cell.text)
    if isinstance(value, int | float | Decimal):
        number = WriteOnlyCell(sheet, value=value)
        number.number_format = NUMBER_FORMATS.get(column.kind, "General")
        return number
    if isinstance(value, date) and not isinstance(value, datetime):
        day = WriteOnlyCell(sheet, value=value)
        day.number_format = DATE_FORMAT
        return day
    return xlsx_text_cell(sheet, cell.text)


def _column_widths(table: ReportTable) -> list[float]:
    """Wide enough for the longest text of each column (a Chinese character counts
    two), within 8 and 50 characters."""
    widths: list[float] = []
    for index, column in enumerate(table.columns):
        texts = [column.label, *(row[index].text for row in table.rows)]
        longest = max(sum(2 if ord(char) > 0x2E7F else 1 for char in text) for text in texts)
        widths.append(min(max(longest + 2, 8), 50))
    return widths
