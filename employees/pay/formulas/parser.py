"""formula_parse: a recursive-descent parser that checks a formula and compiles it to closures.

Grammar, loosest first (no `**`: see the package's docstring):

    formula     = disjunction
    disjunction = conjunction ("or" conjunction)*
    conjunction = negated ("and" negated)*
    negated     = "not" negated | comparison
    comparison  = sum [("<" | "<=" | ">" | ">=" | "==" | "!=") sum]
    sum         = product (("+" | "-") product)*
    product     = signed (("*" | "/") signed)*
    signed      = "-" signed | primary
    primary     = number | name | function "(" [disjunction ("," disjunction)*] ")"
                | "(" disjunction ")"

Each part is typed while it is read: an amount (Decimal) or a test (yes or no). Arithmetic,
comparisons and the functions' amounts take amounts; and / or / not and if()'s condition take
tests; the whole formula must be an amount.
"""

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.utils.translation import gettext as _

from employees.pay.formulas import compiled
from employees.pay.formulas.formula import Formula
from employees.pay.formulas.functions import function_compiled
from employees.pay.formulas.parts import AmountPart, Part, TestPart, as_amount, as_test
from employees.pay.formulas.tokens import Token, did_you_mean, formula_text, formula_tokens
from employees.pay.formulas.vocabulary import (
    COMPARISONS,
    FUNCTION_ARITY,
    FUNCTION_USAGE,
    MOST_DEPTH,
)
from hrflow.core.errors import ApplicationError


def formula_parse(text: str, *, names: Collection[str]) -> Formula:
    """Check `text` as a formula over `names` (the components and attendance figures it may
    read) and compile it; anything else is refused with ApplicationError saying what and where.
    Never evaluates the text as Python."""
    stored = formula_text(text)
    parser = _Parser(formula_tokens(stored), frozenset(names))
    part = parser.formula()
    if isinstance(part, TestPart):
        raise ApplicationError(
            _("A formula must give an amount, not yes or no: use if(condition, then, otherwise).")
        )
    return Formula(text=stored, names=frozenset(parser.used), calculate=part.run)


class _Parser:
    def __init__(self, tokens: list[Token], known: frozenset[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0
        self.known = known
        self.used: set[str] = set()

    def formula(self) -> Part:
        part = self.disjunction()
        token = self.tokens[self.at]
        if token.kind == "end":
            return part
        where = {"column": token.column, "found": token.text}
        if token.text in COMPARISONS:
            raise ApplicationError(
                _("Compare two amounts at a time (column %(column)s): write a < b and b < c.")
                % where
            )
        if token.text == ")":
            raise ApplicationError(
                _("The bracket at column %(column)s closes none that was opened.") % where
            )
        raise ApplicationError(
            _("Unexpected “%(found)s” at column %(column)s: is an operator missing before it?")
            % where
        )

    def disjunction(self) -> Part:
        left = self.conjunction()
        while self.accept("or"):
            right = self.conjunction()
            left = TestPart(compiled.either(as_test(left), as_test(right)), left.column)
        return left

    def conjunction(self) -> Part:
        left = self.negated()
        while self.accept("and"):
            right = self.negated()
            left = TestPart(compiled.both(as_test(left), as_test(right)), left.column)
        return left

    def negated(self) -> Part:
        token = self.accept("not")
        if token is None:
            return self.comparison()
        with self.nested(token):
            operand = self.negated()
        return TestPart(compiled.negation(as_test(operand)), token.column)

    def comparison(self) -> Part:
        left = self.sum()
        token = self.accept(*COMPARISONS)
        if token is None:
            return left
        right = self.sum()
        run = compiled.comparison(token.text, as_amount(left).run, as_amount(right).run)
        return TestPart(run, left.column)

    def sum(self) -> Part:
        left = self.product()
        while token := self.accept("+", "-"):
            right = self.product()
            run = compiled.arithmetic(token.text, as_amount(left).run, as_amount(right).run)
            left = AmountPart(run, left.column)
        return left

    def product(self) -> Part:
        left = self.signed()
        while token := self.accept("*", "/"):
            right = as_amount(self.signed())
            if token.text == "/" and right.constant is not None and not right.constant:
                raise ApplicationError(
                    _("Division by zero (column %(column)s).") % {"column": token.column}
                )
            left = AmountPart(
                compiled.arithmetic(token.text, as_amount(left).run, right.run), left.column
            )
        return left

    def signed(self) -> Part:
        token = self.accept("-")
        if token is None:
            return self.primary()
        with self.nested(token):
            operand = as_amount(self.signed())
        constant = None if operand.constant is None else operand.constant.copy_negate()
        return AmountPart(compiled.negative(operand.run), token.column, constant)

    def primary(self) -> Part:
        token = self.tokens[self.at]
        if token.kind == "number":
            self.at += 1
            value = Decimal(token.text)
            return AmountPart(compiled.constant(value), token.column, value)
        if token.kind == "name":
            self.at += 1
            if token.text in FUNCTION_ARITY:
                return self.call(token)
            return self.reference(token)
        if self.accept("("):
            with self.nested(token):
                part = self.disjunction()
                self.expect(")")
            return part
        if token.kind == "end":
            raise ApplicationError(_("The formula ends too early: a value is missing at the end."))
        raise ApplicationError(
            _("Expected a value at column %(column)s, found “%(found)s”.")
            % {"column": token.column, "found": token.text}
        )

    def reference(self, token: Token) -> AmountPart:
        if token.text not in self.known:
            raise ApplicationError(
                _("Unknown name “%(name)s” (column %(column)s).")
                % {"name": token.text, "column": token.column}
                + did_you_mean(token.text, self.known)
            )
        self.used.add(token.text)
        return AmountPart(compiled.reference(token.text), token.column)

    def call(self, function: Token) -> AmountPart:
        if not self.accept("("):
            raise ApplicationError(
                _("“%(name)s” is a function (column %(column)s): write %(usage)s.")
                % {
                    "name": function.text,
                    "column": function.column,
                    "usage": FUNCTION_USAGE[function.text],
                }
            )
        arguments: list[Part] = []
        with self.nested(function):
            if not self.accept(")"):
                arguments.append(self.disjunction())
                while not self.accept(")"):
                    self.expect(",", or_closing=True)
                    arguments.append(self.disjunction())
        return AmountPart(function_compiled(function, arguments), function.column)

    def accept(self, *texts: str) -> Token | None:
        token = self.tokens[self.at]
        if token.kind in ("symbol", "word") and token.text in texts:
            self.at += 1
            return token
        return None

    def expect(self, text: str, *, or_closing: bool = False) -> None:
        token = self.tokens[self.at]
        if self.accept(text):
            return
        if token.kind == "end":
            raise ApplicationError(
                _("The formula ends too early: “%(expected)s” is missing at the end.")
                % {"expected": ")"}
            )
        where = {"column": token.column, "found": token.text, "expected": text}
        if or_closing:
            raise ApplicationError(
                _("Expected “,” or “)” at column %(column)s, found “%(found)s”.") % where
            )
        raise ApplicationError(
            _("Expected “%(expected)s” at column %(column)s, found “%(found)s”.") % where
        )

    @contextmanager
    def nested(self, token: Token) -> Iterator[None]:
        self.depth += 1
        if self.depth > MOST_DEPTH:
            raise ApplicationError(
                _(
                    "The formula nests too deeply (column %(column)s): at most %(most)s levels "
                    "of brackets, functions, minus signs and nots."
                )
                % {"column": token.column, "most": MOST_DEPTH}
            )
        try:
            yield
        finally:
            self.depth -= 1
