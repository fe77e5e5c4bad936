"""Payroll formulas: worked values, the refusals of hostile or mistaken text, the order of
components that read each other."""

import ast
import re
from decimal import Decimal, localcontext
from pathlib import Path

import pytest

from employees.pay import formulas as formulas_package
from employees.pay.formulas import Formula, formula_parse, formulas_order
from hrflow.core.errors import ApplicationError

pytestmark = pytest.mark.usefixtures("english")

NAMES = {
    "base",
    "bonus",
    "hourly",
    "overtime_hours_150",
    "worked_days",
    "a",
    "b",
    "c",
    "d",
}
PAYSLIP = {
    "base": Decimal("8000.00"),
    "hourly": Decimal("45.98"),
    "overtime_hours_150": Decimal("10"),
    "worked_days": Decimal("20"),
}


def value(text: str, **values: str) -> Decimal:
    formula = formula_parse(text, names=NAMES)
    return formula.evaluate({**PAYSLIP, **{name: Decimal(v) for name, v in values.items()}})


def refusal(text: str, names: set[str] = NAMES) -> str:
    with pytest.raises(ApplicationError) as refused:
        formula_parse(text, names=names)
    return refused.value.message


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        # The issue's examples, for an employee on 8000.00 with 10 hours at 45.98 and 20 days.
        ("base * 0.1", {}, "800.000"),
        ("min(overtime_hours_150 * hourly * 1.5, 3000)", {}, "689.700"),  # 10*45.98*1.5
        ("min(overtime_hours_150 * hourly * 1.5, 3000)", {"overtime_hours_150": "50"}, "3000"),
        # 8000 / 21.75 = 367.81609195...; * 20 = 7356.3218...
        ("round(base / 21.75 * worked_days, 2)", {}, "7356.32"),
        ("if(worked_days >= 20, 500, 0)", {}, "500"),
        ("if(worked_days >= 20, 500, 0)", {"worked_days": "19"}, "0"),
        ("max(0, base - 5000) * 0.02", {}, "60.0000"),  # 3000 * 0.02
        ("max(0, base - 5000) * 0.02", {"base": "4000"}, "0"),
    ],
)
def test_the_issues_examples(text: str, values: dict[str, str], expected: str) -> None:
    assert value(text, **values) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a + b", "10.5"),
        ("a - b", "5.5"),
        ("a * b", "20.0"),
        ("a / b", "3.2"),
        ("-a", "-8"),
        ("- -a", "8"),
        ("b - a", "-5.5"),
        ("abs(b - a)", "5.5"),
        ("abs(a)", "8"),
        ("min(a, b, 3)", "2.5"),
        ("max(a, b, 30)", "30"),
        ("min(a, b)", "2.5"),
        ("max(-a, -b)", "-2.5"),
    ],
)
def test_each_operator_and_function(text: str, expected: str) -> None:
    assert value(text, a="8", b="2.5") == Decimal(expected)


@pytest.mark.parametrize(
    ("test", "holds"),
    [
        ("a < b", False),
        ("b < a", True),
        ("a <= a", True),
        ("a <= b", False),
        ("a > b", True),
        ("a > a", False),
        ("a >= a", True),
        ("b >= a", False),
        ("a == 8.000", True),
        ("a == b", False),
        ("a != b", True),
        ("a != 8", False),
        ("a > b and b > 0", True),
        ("a > b and b > 3", False),
        ("a < b or b > 0", True),
        ("a < b or b > 3", False),
        ("not a < b", True),
        ("not not a < b", False),
        # and binds tighter than or: (false and false) or true.
        ("a < b and a < b or a > b", True),
        ("a < b and (a < b or a > b)", False),
    ],
)
def test_comparisons_and_logic_inside_if(test: str, holds: bool) -> None:
    assert value(f"if({test}, 1, 0)", a="8", b="2.5") == (1 if holds else 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 + 3 * 4", "14"),
        ("(2 + 3) * 4", "20"),
        ("10 - 4 - 3", "3"),
        ("24 / 4 / 2", "3"),
        ("2 * 6 / 4", "3"),
        ("-2 * 3", "-6"),
        ("2 * -3", "-6"),
        ("-(2 + 3) * 2", "-10"),
        ("1 + 2 * 3 - 4 / 2", "5"),
        ("if(1 + 1 == 2, 7, 9) * 2", "14"),
    ],
)
def test_precedence_and_associativity(text: str, expected: str) -> None:
    assert value(text) == Decimal(expected)


def test_decimal_arithmetic_is_exact() -> None:
    assert value("0.1 + 0.2") == Decimal("0.3")
    assert value("0.1 * 3") == Decimal("0.3")
    assert value("1 / 3") == Decimal("0.3333333333333333333333333333")  # 28 digits


def test_the_callers_decimal_context_changes_nothing() -> None:
    with localcontext() as context:
        context.prec = 3
        assert value("1 / 3") == Decimal("0.3333333333333333333333333333")
        assert value("1234.5 + 0.05") == Decimal("1234.55")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("round(2.345, 2)", "2.35"),  # half up, not to even (2.34)
        ("round(2.335, 2)", "2.34"),
        ("round(2.5, 0)", "3"),
        ("round(-2.5, 0)", "-3"),  # half away from zero
        ("round(1234.56789, 4)", "1234.5679"),
        ("round(1234.56789, 0)", "1235"),
        ("round(7, 2)", "7.00"),
    ],
)
def test_round_half_up(text: str, expected: str) -> None:
    result = value(text)
    assert result == Decimal(expected)
    assert str(result) == expected


@pytest.mark.parametrize("places", ["5", "-1", "1.5", "a", "a > 0", "1 + 1"])
def test_rounds_places_are_a_written_whole_number_from_0_to_4(places: str) -> None:
    message = refusal(f"round(base, {places})")
    assert "places of round" in message or "yes or no" in message


def test_only_the_branch_taken_is_evaluated() -> None:
    daily = "if(worked_days > 0, base / worked_days, 0)"
    assert value(daily, worked_days="0") == 0
    assert value(daily) == Decimal("400")
    guarded = "if(worked_days > 0 and base / worked_days > 100, 1, 0)"
    assert value(guarded, worked_days="0") == 0
    assert value("if(worked_days == 0 or base / worked_days > 100, 1, 0)", worked_days="0") == 1


def test_minus_zero_is_plain_zero() -> None:
    result = value("-base", base="0.00")
    assert str(result) == "0.00"


def test_names_are_every_name_read_whichever_branch_runs() -> None:
    formula = formula_parse("if(a > 0, b, c) + min(d, d, 2) * 1.5", names=NAMES)
    assert formula.names == frozenset({"a", "b", "c", "d"})
    assert formula_parse("round(1200 / 21.75, 2)", names=NAMES).names == frozenset()


def test_the_text_is_kept_without_surrounding_space() -> None:
    formula = formula_parse("  base * 0.1\n", names=NAMES)
    assert formula.text == "base * 0.1"
    assert formula == formula_parse("base * 0.1", names=["base"])


def test_a_formula_parsed_once_evaluates_for_many() -> None:
    formula = formula_parse("round(base / 21.75 * worked_days, 2)", names=NAMES)
    results = [
        formula.evaluate({"base": Decimal(base), "worked_days": Decimal(days)})
        for base, days in [("8000", "20"), ("4350", "21.75"), ("0", "5")]
    ]
    assert results == [Decimal("7356.32"), Decimal("4350.00"), Decimal("0.00")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("__import__('os').system('ls')", "Names starting with an underscore, like “__import__”"),
        ("().__class__.__bases__[0].__subclasses__()", "Attribute access (.)"),
        ("base.__class__", "Attribute access (.) is not allowed in a formula (column 5)"),
        ("base . real", "Attribute access (.)"),
        ("open('x')", "“open()” cannot be called (column 1)"),
        ("exec('1')", "“exec()” cannot be called"),
        ("eval('1')", "“eval()” cannot be called"),
        ("compile('1', '', 'eval')", "“compile()” cannot be called"),
        ("getattr(base, 'x')", "“getattr()” cannot be called"),
        ("lambda: 1", "“lambda” (column 1) is not part of the formula language"),
        ("[x for x in y]", "Lists and subscripts ([ ])"),
        ("(x for x in y)", "“for” (column 4) is not part of the formula language"),
        ("base[0]", "Lists and subscripts ([ ])"),
        ("{1: 2}", "Sets and dictionaries ({ })"),
        ('"a"*9', "Text in quotes"),
        ("f'{base}'", "Text in quotes"),
        ("b'x'", "Text in quotes"),
        ("9**9**9", "Powers (**) are not allowed in a formula (column 2)"),
        ("(c := 1)", "Assignments (:=)"),
        ("min(a, key=b)", "functions take no named arguments"),
        ("min(*a)", "Expected a value at column 5, found “*”"),
        ("a if b else c", "“else” (column 8) is not part of the formula language"),
        ("True", "“True” (column 1) is not part"),
        ("None", "“None” (column 1) is not part"),
        ("_base", "underscore"),
        ("__builtins__", "underscore"),
        ("1e309", "“1e309” (column 1) is not a number a formula can use"),
        ("0x10", "“0x10” (column 1) is not a number"),
        ("1_000", "“1_000” (column 1) is not a number"),
        ("1.2.3", "“1.2.3” (column 1) is not a number"),
        (".5", "“.5” (column 1) is not a number"),
        ("1" * 19, "has more than 18 digits"),
        ("（base）", "The full-width character “（” is not allowed (column 1): type “(” instead"),
        ("base\x00", "The character “U+0000” is not allowed in a formula (column 5)"),
        ("工资 * 2", "Names are written with the letters a-z, digits and _; “工”"),
        ("base @ 2", "The character “@”"),
        ("base % 2", "The character “%”"),
        ("base; import os", "The character “;”"),
    ],
)
def test_hostile_or_foreign_text_is_refused_with_its_reason(text: str, reason: str) -> None:
    assert reason in refusal(text)


def test_the_first_problem_in_reading_order_is_the_one_named() -> None:
    # exec is refused before the quotes after it are read.
    assert "exec" in refusal("exec('1')")
    assert "Text in quotes" in refusal("'1' + exec(1)")


def test_an_unknown_name_is_named_with_close_matches() -> None:
    message = refusal("bsae * 2")
    assert message == "Unknown name “bsae” (column 1). Did you mean “base”?"
    assert refusal("1 + overtime_hours_15") == (
        "Unknown name “overtime_hours_15” (column 5). Did you mean “overtime_hours_150”?"
    )
    assert refusal("zzz") == "Unknown name “zzz” (column 1)."


def test_a_misspelt_function_is_refused_with_the_allowed_ones() -> None:
    assert refusal("mn(a, b)") == (
        "“mn()” cannot be called (column 1): a formula may call only "
        "abs, if, max, min, round. Did you mean “min”?"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("base *", "The formula ends too early: a value is missing at the end."),
        ("base * * 2", "Expected a value at column 8, found “*”."),
        ("(base + 1", "The formula ends too early: “)” is missing at the end."),
        ("round(base, 2", "The formula ends too early: “)” is missing at the end."),
        ("base)", "The bracket at column 5 closes none that was opened."),
        ("base 2", "Unexpected “2” at column 6: is an operator missing before it?"),
        ("min(a b)", "Expected “,” or “)” at column 7, found “b”."),
        ("min(a, , b)", "Expected a value at column 8, found “,”."),
        ("a < b < c", "Compare two amounts at a time (column 7): write a < b and b < c."),
        ("min + 1", "“min” is a function (column 1): write min(a, b, ...)."),
        ("if + 1", "“if” is a function (column 1): write if(condition, then, otherwise)."),
        ("base / 0", "Division by zero (column 6)."),
        ("base / -0.00", "Division by zero (column 6)."),
        ("   ", "Write a formula."),
    ],
)
def test_syntax_errors_say_what_and_where(text: str, reason: str) -> None:
    assert refusal(text) == reason


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("min(a)", "min(a, b, ...)"),
        ("max()", "max(a, b, ...)"),
        ("round(a)", "round(amount, places)"),
        ("round(a, 2, 3)", "round(amount, places)"),
        ("abs(a, b)", "abs(amount)"),
        ("if(a > 0, 1)", "if(condition, then, otherwise)"),
        ("if(a > 0, 1, 2, 3)", "if(condition, then, otherwise)"),
    ],
)
def test_a_wrong_number_of_arguments_is_refused_with_the_usage(text: str, usage: str) -> None:
    name = text.split("(")[0]
    assert refusal(text) == (f"Wrong number of arguments for “{name}” (column 1): write {usage}.")


@pytest.mark.parametrize("text", ["a > b", "(a > b)", "a > 0 and b > 0", "not a > b"])
def test_a_formula_giving_yes_or_no_is_refused(text: str) -> None:
    assert refusal(text).startswith("A formula must give an amount")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("(a > b) + 1", "A comparison gives yes or no, not an amount (column 2)"),
        ("min(a > b, 1)", "A comparison gives yes or no, not an amount (column 5)"),
        ("round(a > b, 2)", "A comparison gives yes or no"),
        ("if(a > 0, a > 1, 0)", "A comparison gives yes or no"),
        ("(a > b) == (b > a)", "A comparison gives yes or no"),
        ("if(a, 1, 2)", "An amount cannot be a condition (column 4)"),
        ("if(a > 0 and b, 1, 2)", "An amount cannot be a condition (column 14)"),
        ("if(not a, 1, 2)", "An amount cannot be a condition (column 8)"),
        ("a or b", "An amount cannot be a condition (column 1)"),
    ],
)
def test_amounts_and_conditions_are_not_mixed(text: str, reason: str) -> None:
    assert reason in refusal(text)


def test_nesting_deeper_than_the_limit_is_refused_before_recursion_could_blow_up() -> None:
    assert value("(" * 20 + "1" + ")" * 20) == 1
    assert value("-" * 20 + "1") == 1
    too_deep = "The formula nests too deeply (column 21): at most 20 levels"
    assert too_deep in refusal("(" * 100 + "1" + ")" * 100)
    assert too_deep in refusal("-" * 21 + "1")
    assert "nests too deeply (column 81)" in refusal("abs(" * 21 + "1" + ")" * 21)
    assert "nests too deeply" in refusal("if(" + "not " * 30 + "a > 0, 1, 0)")


def test_1000_nested_brackets_are_refused_as_too_long() -> None:
    assert refusal("(" * 1000 + "1" + ")" * 1000) == (
        "A formula may be at most 500 characters long; this one has 2001."
    )


def test_a_formula_of_500_characters_is_accepted_and_one_more_is_refused() -> None:
    longest = "1+" * 249 + "11"
    assert len(longest) == 500
    assert value(longest) == 249 + 11
    assert refusal("1+" * 250 + "1") == (
        "A formula may be at most 500 characters long; this one has 501."
    )


def test_18_digits_are_accepted() -> None:
    assert value("123456789012345678 + 0") == Decimal("123456789012345678")
    assert value("1234567890.12345678") == Decimal("1234567890.12345678")


def test_a_division_by_zero_at_evaluation_names_the_formula() -> None:
    formula = formula_parse("base / worked_days", names=NAMES)
    with pytest.raises(ApplicationError) as refused:
        formula.evaluate({"base": Decimal("8000"), "worked_days": Decimal("0")})
    assert refused.value.message == "The formula “base / worked_days” divides by zero."
    with pytest.raises(ApplicationError, match="divides by zero"):
        formula_parse("0 / (1 - 1)", names=NAMES).evaluate({})


def test_a_missing_value_is_named() -> None:
    formula = formula_parse("base + bonus", names=NAMES)
    with pytest.raises(ApplicationError) as refused:
        formula.evaluate({"base": Decimal("8000")})
    assert refused.value.message == (
        "The formula “base + bonus” needs a value for “bonus”, and none was given."
    )


def test_an_amount_beyond_reach_is_refused_not_raised_as_a_decimal_error() -> None:
    huge = {"a": Decimal("1E+500000")}
    with pytest.raises(ApplicationError, match=re.escape("“a * a” gives a number too large")):
        formula_parse("a * a", names=NAMES).evaluate(huge)
    with pytest.raises(ApplicationError, match="too large"):
        formula_parse("round(a, 2)", names=NAMES).evaluate({"a": Decimal("1E+30")})


@pytest.mark.parametrize("bad", [0.5, 1, Decimal("NaN"), Decimal("Infinity"), "1"])
def test_a_value_that_is_not_a_finite_decimal_is_the_callers_bug(bad: object) -> None:
    formula = formula_parse("a + 1", names=NAMES)
    with pytest.raises(TypeError, match="a must be a finite Decimal"):
        formula.evaluate({"a": bad})  # type: ignore[dict-item]


def formulas(**texts: str) -> dict[str, Formula]:
    known = {*texts, "base", "worked_days"}
    return {code: formula_parse(text, names=known) for code, text in texts.items()}


def test_formulas_are_ordered_after_the_components_they_read() -> None:
    components = formulas(
        net="gross - tax",
        tax="max(0, gross - 5000) * 0.03",
        gross="base + bonus + meal",
        bonus="base * 0.2",
        meal="if(worked_days >= 20, 300, 0)",
    )
    order = formulas_order(components)
    assert order[-2:] == ["tax", "net"]
    assert set(order[:2]) == {"bonus", "meal"}
    assert order[2] == "gross"
    assert formulas_order(dict(reversed(components.items()))) == order


def test_formulas_reading_only_inputs_keep_a_stable_order() -> None:
    components = formulas(b="base * 2", a="worked_days + 1", c="base")
    assert formulas_order(components) == ["a", "b", "c"]
    assert formulas_order({}) == []


def test_a_circle_of_formulas_is_named() -> None:
    components = formulas(a="b + 1", b="c * 2", c="a - base", d="a + 1")
    with pytest.raises(ApplicationError) as refused:
        formulas_order(components)
    assert refused.value.message == "These formulas read each other in a circle: a → b → c → a."
    assert refused.value.extra == {"circle": ["a", "b", "c", "a"]}


def test_a_formula_reading_itself_is_a_circle() -> None:
    with pytest.raises(ApplicationError, match="in a circle: bonus → bonus"):
        formulas_order(formulas(bonus="bonus * 2"))


def test_the_package_never_runs_text_as_python() -> None:
    """A guard against a later change: no eval, exec, compile or __import__, and not even
    Python's own parser (ast), anywhere in the formula package."""
    forbidden = {"eval", "exec", "compile", "__import__"}
    sources = sorted(Path(formulas_package.__file__).parent.glob("*.py"))
    assert len(sources) >= 5
    for source in sources:
        tree = ast.parse(source.read_text(), filename=str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in forbidden, f"{source.name} calls {node.func.id}"
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = [alias.name for alias in node.names] + [getattr(node, "module", "")]
                assert "ast" not in modules, f"{source.name} imports ast"
