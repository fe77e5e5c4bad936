"""Spreadsheet exports (CSV and XLSX): the score sheet, the reports, the payroll files.

People open these in Excel or WPS, where a name must never run as a formula (CSV
injection), and a phone number must still read as the phone number:

- XLSX: every text value is written as a string cell. A string cell is never
  evaluated, whatever it starts with, so nothing needs an apostrophe
  ("+8615833234003" stays exactly that).
- CSV has no cell types: the spreadsheet guesses. A cell is prefixed with an
  apostrophe only when it would run: it starts with = or @ (or a tab/CR), or with
  + or - followed by anything but a plain number or phone number ("-2+3",
  "+1+cmd|...", but not "-5" or "+86 158 3323 4003").
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

ALWAYS_FORMULA = ("=", "@", "\t", "\r")
SIGNS = ("+", "-")
# A sign then a number ("-5", "+3.25") or a phone number written with digits and single
# spaces ("+8615833234003", "+86 158 3323 4003"): a spreadsheet shows these as a number
# or as text and runs nothing. Anything else after a sign ("-2+3", "+1+cmd|' /C calc'!A0",
# "+86-158..." which Excel reads as a subtraction) is a formula.
PLAIN_SIGNED = re.compile(r"[+-](?:\d+(?:\.\d+)?|\d+(?: \d+)*)")
# Characters an XLSX file cannot hold (XML 1.0); openpyxl refuses them.
ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def runs_as_formula(value: str) -> bool:
    """Whether a spreadsheet opening this CSV cell would evaluate it."""
    if value.startswith(ALWAYS_FORMULA):
        return True
    return value.startswith(SIGNS) and not PLAIN_SIGNED.fullmatch(value)


def csv_cell(value: Any) -> Any:
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return "" if value is None else value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    # A byte-order mark so Excel opens UTF-8 Chinese text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_text_cell(sheet: Any, value: str) -> Any:
    """A string cell of a write-only sheet: never evaluated, whatever it starts with."""
    text = WriteOnlyCell(sheet, value=ILLEGAL_IN_XLSX.sub("", value))
    text.data_type = "s"  # openpyxl reads a leading "=" as a formula; it is text
    return text


def to_xlsx(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    decimal_format: str = "0.0",
) -> bytes:
    """One sheet: the header row, then the rows; a Decimal is a number cell shown with
    `decimal_format` (scores one place, money "0.00")."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Sheet")

    def cell(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            return xlsx_text_cell(sheet, value)
        if isinstance(value, Decimal):
            number = WriteOnlyCell(sheet, value=value)
            number.number_format = decimal_format
            return number
        return value

    sheet.append([cell(value) for value in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
