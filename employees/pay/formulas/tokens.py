"""Reading a formula's text into tokens, refusing in reading order whatever no formula holds.

Python constructs an attacker would try (quotes, attribute access, subscripts, `**`, dunder
names, lambdas, calls to anything but the allowed functions) are refused here with their own
reason, before the parser could report a mere syntax slip somewhere after them.
"""

import difflib
import keyword
import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

from employees.pay.formulas.vocabulary import (
    FUNCTION_ARITY,
    MOST_CHARS,
    MOST_DIGITS,
    SYMBOLS,
    WORDS,
)
from hrflow.core.errors import ApplicationError

Kind = Literal["number", "name", "word", "symbol", "end"]


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    column: int  # 1-based, in the stripped text


_SPACE = frozenset(" \t\r\n")
_NAME_START = frozenset(string.ascii_letters + "_")
_NAME_PART = _NAME_START | frozenset(string.digits)
_DIGITS = frozenset(string.digits)
_NUMBER_PART = _NAME_PART | {"."}
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# Python keywords that are words of the language or its `if` function.
_OURS = WORDS | {"if"}


def formula_text(text: str) -> str:
    """The text as stored: without surrounding space; refused when empty or too long."""
    stripped = text.strip()
    if not stripped:
        raise ApplicationError(_("Write a formula."))
    if len(stripped) > MOST_CHARS:
        raise ApplicationError(
            _("A formula may be at most %(most)s characters long; this one has %(count)s.")
            % {"most": MOST_CHARS, "count": len(stripped)}
        )
    return stripped


def formula_tokens(text: str) -> list[Token]:
    """The tokens of `text` (from formula_text), ending with an "end" token."""
    tokens: list[Token] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char in _SPACE:
            at += 1
        elif char in _DIGITS or (char == "." and text[at + 1 : at + 2] in _DIGITS):
            end = _run_end(text, at, _NUMBER_PART)
            tokens.append(_number(text[at:end], at + 1))
            at = end
        elif char in _NAME_START:
            end = _run_end(text, at, _NAME_PART)
            tokens.append(_name(text[at:end], at + 1, _calls(text, end)))
            at = end
        else:
            symbol = _symbol(text, at)
            tokens.append(Token("symbol", symbol, at + 1))
            at += len(symbol)
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A sentence suggesting the closest candidates to a mistyped name, or ""."""
    close = difflib.get_close_matches(name, sorted(candidates), n=3)
    if not close:
        return ""
    return " " + _("Did you mean %(names)s?") % {"names": ", ".join(f"“{name}”" for name in close)}


def _run_end(text: str, at: int, part: frozenset[str]) -> int:
    end = at
    while end < len(text) and text[end] in part:
        end += 1
    return end


def _calls(text: str, end: int) -> bool:
    rest = text[end:].lstrip()
    return rest.startswith("(")


def _number(text: str, column: int) -> Token:
    where = {"text": text, "column": column}
    # Also refuses 1e309, 0x10 and 1_000: only plain decimals read the same to everybody.
    if not _NUMBER.fullmatch(text):
        raise ApplicationError(
            _(
                "“%(text)s” (column %(column)s) is not a number a formula can use: write digits "
                "with at most one decimal point, like 1200 or 0.35."
            )
            % where
        )
    if len(text.replace(".", "")) > MOST_DIGITS:
        raise ApplicationError(
            _("The number “%(text)s” (column %(column)s) has more than %(most)s digits.")
            % {**where, "most": MOST_DIGITS}
        )
    return Token("number", text, column)


def _name(name: str, column: int, called: bool) -> Token:
    where = {"name": name, "column": column}
    if name.startswith("_"):
        raise ApplicationError(
            _(
                "Names starting with an underscore, like “%(name)s” (column %(column)s), "
                "are not allowed in a formula."
            )
            % where
        )
    if name in WORDS:
        return Token("word", name, column)
    if keyword.iskeyword(name) and name not in _OURS:
        raise ApplicationError(
            _("“%(name)s” (column %(column)s) is not part of the formula language.") % where
        )
    if called and name not in FUNCTION_ARITY:
        raise ApplicationError(
            _(
                "“%(name)s()” cannot be called (column %(column)s): a formula may call only "
                "%(functions)s."
            )
            % {**where, "functions": ", ".join(sorted(FUNCTION_ARITY))}
            + did_you_mean(name, FUNCTION_ARITY)
        )
    return Token("name", name, column)


def _symbol(text: str, at: int) -> str:
    where = {"column": at + 1}
    if text.startswith("**", at):
        raise ApplicationError(
            _("Powers (**) are not allowed in a formula (column %(column)s): multiply instead.")
            % where
        )
    if text.startswith(":=", at):
        raise ApplicationError(
            _("Assignments (:=) are not allowed in a formula (column %(column)s).") % where
        )
    for symbol in SYMBOLS:
        if text.startswith(symbol, at):
            return symbol
    raise ApplicationError(_foreign_character(text[at], at + 1))


def _foreign_character(char: str, column: int) -> str:
    """The reason a character that starts no token is refused."""
    where = {"column": column, "char": char if char.isprintable() else f"U+{ord(char):04X}"}
    if char == ".":
        return _("Attribute access (.) is not allowed in a formula (column %(column)s).") % where
    if char in "[]":
        return (
            _("Lists and subscripts ([ ]) are not allowed in a formula (column %(column)s).")
            % where
        )
    if char in "{}":
        return (
            _("Sets and dictionaries ({ }) are not allowed in a formula (column %(column)s).")
            % where
        )
    if char in "'\"":
        return _("Text in quotes is not allowed in a formula (column %(column)s).") % where
    if char == "=":
        return (
            _(
                "A single = is not allowed in a formula (column %(column)s): compare with ==; "
                "functions take no named arguments."
            )
            % where
        )
    # A Chinese input method types （ and ， as often as ( and ,.
    plain = unicodedata.normalize("NFKC", char)
    if plain != char and plain.isascii() and plain.isprintable():
        return _(
            "The full-width character “%(char)s” is not allowed (column %(column)s): "
            "type “%(ascii)s” instead."
        ) % {**where, "ascii": plain}
    if char.isalpha():
        return (
            _(
                "Names are written with the letters a-z, digits and _; “%(char)s” "
                "(column %(column)s) is not one of them."
            )
            % where
        )
    return _("The character “%(char)s” is not allowed in a formula (column %(column)s).") % where
