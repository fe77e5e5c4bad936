"""A parsed formula: its text, the names it reads, and its compiled evaluation."""

from dataclasses import dataclass, field
from decimal import Decimal, DecimalException

from django.utils.translation import gettext as _

from employees.pay.formulas.compiled import Amount, DividedByZero, ValueMissing, Values
from hrflow.core.errors import ApplicationError


@dataclass(frozen=True, slots=True)
class Formula:
    """Made by formula_parse, which has checked it; evaluate it as often as needed.

    Holds closures, so it is not pickled: a task that needs a formula passes its text and
    parses it again.
    """

    text: str
    # Every component and attendance figure the formula reads, whichever branch an if() takes:
    # the inputs a run must provide, and the edges formulas_order follows.
    names: frozenset[str]
    # The compiled closures; call evaluate, which turns their failures into refusals.
    calculate: Amount = field(repr=False, compare=False)

    def evaluate(self, values: Values) -> Decimal:
        """The amount for these values of the names (Decimals); a missing one, a division
        by zero or an amount past 28 digits' reach raise ApplicationError naming the formula."""
        try:
            result = self.calculate(values)
        except ValueMissing as missing:
            raise ApplicationError(
                _("The formula “%(formula)s” needs a value for “%(name)s”, and none was given.")
                % {"formula": self.text, "name": missing.name}
            ) from None
        except DividedByZero:
            raise ApplicationError(
                _("The formula “%(formula)s” divides by zero.") % {"formula": self.text}
            ) from None
        except DecimalException:
            raise ApplicationError(
                _("The formula “%(formula)s” gives a number too large to use.")
                % {"formula": self.text}
            ) from None
        # -0 (from -x with x zero) is equal to 0 but would print with its sign on a payslip.
        return result if result else result.copy_abs()
