"""Scores to 0-100 by a declared scale, never guessed from the value.

The rules are docs/vendors/README.md section 2.3.

Pure functions. Linear scales map min-max (1-5: 4.2 -> 80); ordinal scales
use an explicit table; anything not a plain finite number inside its scale is
a MalformedPayload: no clamping, no locale guessing ("86,5", "优秀", fullwidth digits).
"""

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from integrations.contracts import Scale
from integrations.errors import MalformedPayload

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
# ASCII digits only: fullwidth digits are not data unless a mapping says so.
PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
FRACTION = re.compile(r"([0-9]+(?:\.[0-9]+)?)/([0-9]+(?:\.[0-9]+)?)")
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))


@lru_cache(maxsize=4096)  # the same few dimension and status names, page after page
def clean_key(text: str) -> str:
    """A mapping key: NFKC, zero-width characters removed, case-folded, trimmed.

    So a fullwidth "\uff23ommunication\u200b" and "communication" are one key, while 逻辑思维 and
    逻辑思维能力 stay two (that choice is a person's, never fuzzy matching's).
    """
    return unicodedata.normalize("NFKC", text).translate(ZERO_WIDTH).casefold().strip()


def quantize(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def parse_number(value: object, *, what: str) -> Decimal:
    """A finite number from a JSON number or a plain ASCII numeric string."""
    if isinstance(value, bool) or value is None:
        raise MalformedPayload(f"{what}: expected a number, got {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise MalformedPayload(f"{what}: {value!r} is not a finite number")
        return Decimal(repr(value))
    if isinstance(value, str) and PLAIN_NUMBER.fullmatch(value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation as error:  # pragma: no cover - the pattern rules it out
            raise MalformedPayload(f"{what}: {value!r} is not a number") from error
    raise MalformedPayload(f"{what}: {value!r} is not a number")


def normalize(value: object, scale: Scale, *, what: str) -> tuple[str, Decimal | None]:
    """(the raw value as text, its 0-100 score); (.., None) means not assessed."""
    if value is None or value == "":
        return "", None
    raw = value if isinstance(value, str) else _text(value)
    if scale.type == "ordinal":
        levels = dict(scale.levels)
        key = clean_key(raw)
        if key not in levels:
            raise MalformedPayload(f"{what}: {raw!r} is not one of the scale's levels")
        level = levels[key]
        return raw, None if level is None else quantize(level)
    if isinstance(value, str) and (fraction := FRACTION.fullmatch(value.strip())):
        number, denominator = Decimal(fraction[1]), Decimal(fraction[2])
        return raw, _linear(number, Scale("linear", Decimal(0), denominator), what)
    number = parse_number(value, what=what)
    if scale.type == "percentile":
        if not Decimal(0) <= number <= HUNDRED:
            raise MalformedPayload(f"{what}: percentile {raw} is outside 0-100")
        return raw, quantize(number)
    return raw, _linear(number, scale, what)


def _linear(number: Decimal, scale: Scale, what: str) -> Decimal:
    low, high = scale.min, scale.max
    if low is None or high is None or high <= low:
        raise MalformedPayload(f"{what}: the scale {scale} has no usable range")
    if not low <= number <= high:
        raise MalformedPayload(f"{what}: {number} is outside its scale {low:g}-{high:g}")
    return quantize(HUNDRED * (number - low) / (high - low))


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
