"""The functions a formula may call, checked and compiled from their parsed arguments."""

from django.utils.translation import gettext as _

from employees.pay.formulas import compiled
from employees.pay.formulas.parts import Part, as_amount, as_test
from employees.pay.formulas.tokens import Token
from employees.pay.formulas.vocabulary import FUNCTION_ARITY, FUNCTION_USAGE, MOST_ROUND_PLACES
from hrflow.core.errors import ApplicationError


def function_compiled(function: Token, arguments: list[Part]) -> compiled.Amount:
    """The call of `function` (a name in FUNCTION_ARITY) on its arguments, compiled."""
    name = function.text
    fewest, most = FUNCTION_ARITY[name]
    if len(arguments) < fewest or (most is not None and len(arguments) > most):
        raise ApplicationError(
            _("Wrong number of arguments for “%(name)s” (column %(column)s): write %(usage)s.")
            % {"name": name, "column": function.column, "usage": FUNCTION_USAGE[name]}
        )
    if name == "if":
        condition, then, otherwise = arguments
        return compiled.choice(as_test(condition), as_amount(then).run, as_amount(otherwise).run)
    if name == "round":
        return compiled.rounded(as_amount(arguments[0]).run, _places(arguments[1]))
    amounts = tuple(as_amount(argument).run for argument in arguments)
    if name == "abs":
        return compiled.absolute(amounts[0])
    return compiled.smallest(amounts) if name == "min" else compiled.largest(amounts)


def _places(part: Part) -> int:
    # Written as a number, so the rounding of every payslip is known when the formula is saved.
    places = as_amount(part).constant
    if (
        places is None
        or places != places.to_integral_value()
        or not 0 <= places <= MOST_ROUND_PLACES
    ):
        raise ApplicationError(
            _("The places of round (column %(column)s) must be a whole number from 0 to %(most)s.")
            % {"column": part.column, "most": MOST_ROUND_PLACES}
        )
    return int(places)
