"""Money as payroll pays it: decimal yuan rounded to the fen."""

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    """`amount` rounded half up to the fen (0.005 → 0.01), once, at the end of a sum."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)
