"""What a payroll formula may say, and the limits that keep a hostile one cheap to refuse."""

# A formula field is one line typed by HR; 500 characters is several times the longest real one
# and bounds the work any input can cost.
MOST_CHARS = 500
# Brackets, function calls, minus signs and `not`s nested deeper than this are refused before
# the parser's recursion could reach Python's limit (each level costs it about ten frames).
MOST_DEPTH = 20
# Amounts are computed with 28 significant digits; a literal of at most 18 keeps every sum and
# product of salaries exact.
MOST_DIGITS = 18
MOST_ROUND_PLACES = 4

# The functions and how many arguments each takes (fewest, most; None: no upper bound).
FUNCTION_ARITY: dict[str, tuple[int, int | None]] = {
    "abs": (1, 1),
    "if": (3, 3),
    "max": (2, None),
    "min": (2, None),
    "round": (2, 2),
}
FUNCTION_USAGE = {
    "abs": "abs(amount)",
    "if": "if(condition, then, otherwise)",
    "max": "max(a, b, ...)",
    "min": "min(a, b, ...)",
    "round": "round(amount, places)",
}
WORDS = frozenset({"and", "or", "not"})
COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})
# Longest first, so "<=" is read before "<".
SYMBOLS = ("<=", ">=", "==", "!=", "+", "-", "*", "/", "(", ")", ",", "<", ">")
