"""formulas_order: the order to evaluate formula components that read each other."""

from collections.abc import Mapping
from graphlib import CycleError, TopologicalSorter

from django.utils.translation import gettext as _

from employees.pay.formulas.formula import Formula
from hrflow.core.errors import ApplicationError


def formulas_order(formulas: Mapping[str, Formula]) -> list[str]:
    """The components' codes, each after every formula component it reads (names that are
    not keys, such as attendance figures and fixed amounts, are inputs and impose no order).

    The same formulas give the same order whatever the mapping's order. Components that read
    each other in a circle raise ApplicationError naming the circle, e.g. "a → b → a"."""
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for code in sorted(formulas):
        sorter.add(code, *sorted(name for name in formulas[code].names if name in formulas))
    try:
        return list(sorter.static_order())
    except CycleError as cycle:
        # graphlib lists each node before the ones that read it; a reader wants "a reads b".
        circle = list(reversed(cycle.args[1]))
        raise ApplicationError(
            _("These formulas read each other in a circle: %(circle)s.")
            % {"circle": " → ".join(circle)},
            extra={"circle": circle},
        ) from None
