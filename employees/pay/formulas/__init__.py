"""Payroll formulas: the small safe expression language of salary components.

HR types a component's amount as a formula, e.g. `round(base / 21.75 * worked_days, 2)` or
`if(worked_days >= 20, 500, 0)`. formula_parse checks it when it is saved and compiles it;
Formula.evaluate then computes it per employee with Decimals; formulas_order sorts components
that read each other.

The text is never given to eval, exec or compile, nor to Python's own parser: `if` is a Python
keyword, Python reads 0.1 as a float, and its grammar is far wider than ours. A tokenizer
refuses, with its own reason, everything a formula never holds (quotes, attribute access,
subscripts, dunder names, lambdas, calls to other functions) and a recursive-descent parser
of a dozen rules builds closures from a whitelist of operations. There is no `**`: no
payroll rule raises to a power, and 9**9**9 is a way to hang a server.
"""

from employees.pay.formulas.formula import Formula
from employees.pay.formulas.order import formulas_order
from employees.pay.formulas.parser import formula_parse

__all__ = ["Formula", "formula_parse", "formulas_order"]
