"""The rules every metric value meets, from a file, the API or a form: dates as
spreadsheets write them, never after today; numbers in ASCII digits, finite, within
the column, kept to four places."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from employees.metrics.checking import date_parse, value_parse

TODAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "text", ["2026-11-30", "2026/11/30", "2026.11.30", " 2026-11-30 ", "2026-11-30 00:00:00",
             "2026-11-30T08:15", "2026/1/5"],
)  # fmt: skip
def test_dates_read_as_spreadsheets_write_them(text):
    day, problem = date_parse(text, today=TODAY)
    assert problem is None
    assert day == (date(2026, 1, 5) if text == "2026/1/5" else date(2026, 11, 30))


@pytest.mark.parametrize(
    ("text", "words"),
    [("", "missing"), ("30/11/2026", "Not a date"), ("2026-02-30", "Not a date"),
     ("\uff12\uff10\uff12\uff16-11-30", "Not a date"), ("2026-12-08", "future"),
     ("9999-12-31", "future"), ("2026-11-30x", "Not a date"), ("0000-01-01", "Not a date")],
)  # fmt: skip
def test_a_date_that_does_not_read_or_is_ahead_of_today_is_refused(text, words):
    day, problem = date_parse(text, today=TODAY)
    assert day is None
    assert words in problem


@pytest.mark.parametrize(
    ("text", "number"),
    [("2", Decimal("2")), ("-1.5", Decimal("-1.5")), (".5", Decimal("0.5")),
     ("1e3", Decimal("1000")), ("0.00005", Decimal("0.0001")), ("9999999999.9999", None)],
)  # fmt: skip
def test_numbers_read_in_ascii_digits_kept_to_four_places(text, number):
    value, problem = value_parse(text)
    assert problem is None
    assert value == (number if number is not None else Decimal(text))


@pytest.mark.parametrize(
    "text",
    ["", "NaN", "sNaN", "inf", "-Infinity", "²", "١٢", "\uff11\uff12", "1,5", "1 000", "0x10",
     "10000000000", "1e999999", "1e10", "--1", "1.2.3", "x" * 3000],
)  # fmt: skip
def test_anything_else_is_not_a_value(text):
    value, problem = value_parse(text)
    assert value is None
    assert problem
