"""Dropping a vendor's emotion / sentiment ("affect") data before anything is stored.

The vendor protocols (docs/vendors/) carry affect as VueSim's `sentiment` and
面试宝's `emotion`, and the canonical model as `AffectSignal`, for the whole
interview or per answer (`responses[]` / `videoList[]`). An independent server
may put it anywhere and name it its own way (`emotionScores`,
`sentiment_analysis`, `faceEmotion`), so a field is affect when a word of its
name is one of AFFECT_WORDS, at any depth: the whole field goes, whatever it
holds. Only names are read, never values (a
dimension called 情绪稳定性, emotional stability, is a score, not affect).

Bytes that are not JSON we can parse (held whole for a person) are scrubbed as
text: the value after each affect-named key becomes `null`, the rest stays byte
for byte, so the reason they were held is still there to see.
"""

import json
import re
from contextlib import suppress
from functools import lru_cache
from typing import Any

AFFECT_WORDS = frozenset(
    {
        "affect",
        "affects",
        "affective",
        "emotion",
        "emotions",
        "emotional",
        "sentiment",
        "sentiments",
    }
)
# Words of a field name: camelCase humps, digits, and runs between _ - . and spaces.
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# A JSON string (what may be a key), tolerant of text cut off in the middle.
_STRING = re.compile(rb'"((?:[^"\\]|\\.)*)"')
_COLON = re.compile(rb"\s*:\s*")
_SCALAR_END = re.compile(rb"[,}\]\s]")


# Chinese field names: 情绪 (emotion, mood), 情感 (sentiment).
AFFECT_TERMS_ZH = ("情绪", "情感")


@lru_cache(maxsize=4096)
def is_affect_field(name: str) -> bool:
    return any(word.lower() in AFFECT_WORDS for word in _WORDS.findall(name)) or any(
        term in name for term in AFFECT_TERMS_ZH
    )


def drop_affect(value: Any) -> bool:
    """Remove every affect-named field from parsed JSON, in place, at any depth; whether
    anything was removed."""
    dropped = False
    if isinstance(value, dict):
        for key in [key for key in value if isinstance(key, str) and is_affect_field(key)]:
            del value[key]
            dropped = True
        for item in value.values():
            dropped |= drop_affect(item)
    elif isinstance(value, list):
        for item in value:
            dropped |= drop_affect(item)
    return dropped


def scrub_affect_bytes(body: bytes) -> bytes:
    """Bytes that did not parse as JSON, with the value of each affect-named key replaced
    by `null`; a value cut off by the end of the bytes is cut to the end."""
    out, position = bytearray(), 0
    while match := _STRING.search(body, position):
        colon = _COLON.match(body, match.end())
        if colon is None or not any(map(is_affect_field, _names(match.group(0)))):
            out += body[position : match.end()]
            position = match.end()
            continue
        start = colon.end()
        end = _value_end(body, start)
        out += body[position:start] + b"null"
        position = end
    return bytes(out + body[position:])


def _names(quoted: bytes) -> list[str]:
    """What a key may say: its JSON escapes read (\\uXXXX), as UTF-8, or as GB18030 (a
    superset of GBK, which some Chinese servers still send)."""
    names = [quoted[1:-1].decode("utf-8", "replace"), quoted[1:-1].decode("gb18030", "replace")]
    with suppress(ValueError):
        names.append(json.loads(quoted))
    return names


def _value_end(body: bytes, start: int) -> int:
    """Where the JSON value starting at `start` ends (or the end of the bytes)."""
    if start >= len(body):
        return start
    opener = body[start : start + 1]
    if opener == b'"':
        string = _STRING.match(body, start)
        return string.end() if string else len(body)
    if opener not in (b"{", b"["):
        scalar_end = _SCALAR_END.search(body, start)
        return scalar_end.start() if scalar_end else len(body)
    depth, position = 0, start
    while position < len(body):
        char = body[position : position + 1]
        if char == b'"':
            string = _STRING.match(body, position)
            if string is None:
                return len(body)
            position = string.end()
            continue
        if char in (b"{", b"["):
            depth += 1
        elif char in (b"}", b"]"):
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return len(body)
