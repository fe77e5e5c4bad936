"""Reading values out of a request: ids, page numbers, decimals and choices.

Every view and form that turns a query-string or form value into a number goes
through here, so that what a client may send ("²", which Python's isdigit()
accepts and int() refuses; 10**20, which PostgreSQL's bigint refuses; NaN and
1e999999, which Decimal accepts) is refused in one place, before it reaches a
query, instead of surfacing as a 500 from whichever view met it first.
"""

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

# Ids are PostgreSQL bigints (BigAutoField); a larger number names no row.
ID_MAX = 2**63 - 1
# Pages past this are empty anyway; a bound keeps OFFSET inside a bigint.
PAGE_MAX = 100_000

ChoiceT = TypeVar("ChoiceT", bound=str)


# Bigger than any key or time we read (a bigint has 19 digits): nothing overflows later.
MAX_DIGITS = 18


def parse_digits(value: object, *, max_digits: int = MAX_DIGITS) -> int | None:
    """The whole number a text spells in the ASCII digits 0-9 (no sign, no space), else None.

    Not `str.isdigit()`: it says yes to "²", which int() then refuses, and to
    Arabic-Indic digits, which int() reads as a number nobody typed.
    """
    if isinstance(value, str) and 0 < len(value) <= max_digits and value.isascii():
        return int(value) if value.isdigit() else None
    return None


def parse_id(value: object) -> int | None:
    """The row id `value` names (a positive int or a string of ASCII digits), else None."""
    if isinstance(value, bool):
        return None
    number = value if isinstance(value, int) else parse_digits(str(value).strip(), max_digits=19)
    return number if number is not None and 0 < number <= ID_MAX else None


def parse_ids(values: Iterable[object]) -> list[int] | None:
    """The distinct ids named by `values`, in order; None if any value names no id."""
    ids: dict[int, None] = {}
    for value in values:
        number = parse_id(value)
        if number is None:
            return None
        ids[number] = None
    return list(ids)


def parse_page(value: object) -> int:
    """A page number from 1 to PAGE_MAX; anything else is the first page."""
    number = parse_id(value)
    return number if number is not None and number <= PAGE_MAX else 1


def parse_int(value: object, *, default: int, lowest: int, highest: int) -> int:
    """A whole number within [lowest, highest] (clamped); `default` when there is none."""
    text = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"-?[0-9]{1,19}", text):
        return default
    return min(max(int(text), lowest), highest)


def parse_decimal(value: object, *, lowest: Decimal, highest: Decimal) -> Decimal | None:
    """A finite decimal within [lowest, highest]; None for blank, NaN, infinities,
    out-of-range or malformed input (a filter that cannot apply is no filter)."""
    text = value.strip() if isinstance(value, str) else ""
    # Long strings are refused before Decimal parses them: "1e999999" is short, but
    # a megabyte of digits is not, and Decimal's work grows with it.
    if not text or len(text) > 40:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or not lowest <= number <= highest:
        return None
    return number


def parse_choice(value: object, choices: Iterable[ChoiceT], default: ChoiceT) -> ChoiceT:
    """`value` if it is one of `choices`, else `default`."""
    for choice in choices:
        if value == choice:
            return choice
    return default
