"""The API's JSON parser: DRF's, with the nesting of a body bounded.

Python's json module recurses once per level, so a body of `[` x 100,000
ends in a RecursionError, which is no ValueError and would reach the caller
as a 500; a body only a few hundred levels deep parses, but is then stored
(jsonb) and later serialised again on a deeper stack. Every endpoint reads
its body through this class (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES), so
one limit covers the whole API: deeper bodies are a 400.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Far deeper than any payload a vendor or a client sends (their raw results
# nest about ten levels), far shallower than the interpreter's recursion limit.
MAX_JSON_DEPTH = 64


class BoundedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_too_deep()) from None
        if nesting_exceeds(data, MAX_JSON_DEPTH):
            raise ParseError(_too_deep())
        return data


def nesting_exceeds(value: Any, limit: int) -> bool:
    """Whether objects and arrays in `value` nest more than `limit` levels (no recursion)."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


def _too_deep() -> str:
    return _("The JSON body is nested more than %(levels)d levels deep.") % {
        "levels": MAX_JSON_DEPTH
    }
