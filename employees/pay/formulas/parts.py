"""The typed parts a formula is parsed into: an amount (a Decimal) or a test (yes or no)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from employees.pay.formulas import compiled
from hrflow.core.errors import ApplicationError


@dataclass(frozen=True, slots=True)
class AmountPart:
    run: compiled.Amount
    column: int
    # The value of a literal, perhaps negated: what round()'s places and a division by a
    # written 0 are checked against when the formula is saved.
    constant: Decimal | None = None


@dataclass(frozen=True, slots=True)
class TestPart:
    run: compiled.Test
    column: int


Part = AmountPart | TestPart


def as_amount(part: Part) -> AmountPart:
    """The part where an amount is needed: by arithmetic, comparisons, functions, the result."""
    if isinstance(part, TestPart):
        raise ApplicationError(
            _(
                "A comparison gives yes or no, not an amount (column %(column)s): "
                "use if(condition, then, otherwise)."
            )
            % {"column": part.column}
        )
    return part


def as_test(part: Part) -> compiled.Test:
    """The part where yes or no is needed: by and, or, not and if()'s condition."""
    if isinstance(part, AmountPart):
        raise ApplicationError(
            _("An amount cannot be a condition (column %(column)s): compare it, e.g. base > 0.")
            % {"column": part.column}
        )
    return part.run
