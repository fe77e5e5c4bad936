"""The closures a parsed formula is compiled into: parse once, then each evaluation is a few
plain function calls per node, with no tree to walk and nothing of the text left to read.

Arithmetic goes through one fixed decimal context rather than the thread's current one, so
no caller's `decimal.localcontext` changes a payslip.
"""

import operator
from collections.abc import Callable, Mapping
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

Values = Mapping[str, Decimal]
Amount = Callable[[Values], Decimal]
Test = Callable[[Values], bool]

CONTEXT = Context(
    prec=28, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow]
)

_ARITHMETIC: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": CONTEXT.add,
    "-": CONTEXT.subtract,
    "*": CONTEXT.multiply,
}
_COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


class ValueMissing(Exception):
    """No value was given for a name the formula reads."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class DividedByZero(Exception):
    """The formula divided by an amount that was zero."""


def constant(value: Decimal) -> Amount:
    return lambda values: value


def reference(name: str) -> Amount:
    def read(values: Values) -> Decimal:
        try:
            value = values[name]
        except KeyError:
            raise ValueMissing(name) from None
        # A float or NaN here is the caller's bug, not the formula's.
        if not isinstance(value, Decimal) or not value.is_finite():
            raise TypeError(f"{name} must be a finite Decimal, not {value!r}")
        return value

    return read


def arithmetic(symbol: str, left: Amount, right: Amount) -> Amount:
    if symbol == "/":
        return _division(left, right)
    apply = _ARITHMETIC[symbol]
    return lambda values: apply(left(values), right(values))


def _division(left: Amount, right: Amount) -> Amount:
    divide = CONTEXT.divide

    def run(values: Values) -> Decimal:
        dividend = left(values)
        divisor = right(values)
        if not divisor:
            raise DividedByZero
        return divide(dividend, divisor)

    return run


def negative(operand: Amount) -> Amount:
    return lambda values: operand(values).copy_negate()


def absolute(operand: Amount) -> Amount:
    return lambda values: operand(values).copy_abs()


def rounded(operand: Amount, places: int) -> Amount:
    exponent = Decimal(1).scaleb(-places)
    return lambda values: operand(values).quantize(
        exponent, rounding=ROUND_HALF_UP, context=CONTEXT
    )


def smallest(operands: tuple[Amount, ...]) -> Amount:
    return lambda values: min([operand(values) for operand in operands])


def largest(operands: tuple[Amount, ...]) -> Amount:
    return lambda values: max([operand(values) for operand in operands])


def choice(condition: Test, then: Amount, otherwise: Amount) -> Amount:
    """Only the branch taken is evaluated: if(days > 0, base / days, 0) never divides by 0."""
    return lambda values: then(values) if condition(values) else otherwise(values)


def comparison(symbol: str, left: Amount, right: Amount) -> Test:
    compare = _COMPARISONS[symbol]
    return lambda values: compare(left(values), right(values))


def both(left: Test, right: Test) -> Test:
    return lambda values: left(values) and right(values)


def either(left: Test, right: Test) -> Test:
    return lambda values: left(values) or right(values)


def negation(operand: Test) -> Test:
    return lambda values: not operand(values)
