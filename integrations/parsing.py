"""Small strict parsers shared by the vendor path: numbers and ids in headers and
references, times, URLs, text.

Strict on purpose: a time without a zone, a URL to a host the vendor does not
own, a number in anything but ASCII digits or an id with a control character
in it is reported, never guessed at (nor left to crash whoever reads it next).
"""

import re
import unicodedata
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from hrflow.core.params import parse_digits
from integrations.errors import MalformedHeader, MalformedPayload

RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|z|[+-]\d{2}:\d{2})")
NAIVE_LOCAL = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
# Header values are ASCII (RFC 9110 field values; every scheme we verify is ASCII).
PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")


def header_text(value: str | None, *, what: str, limit: int = 1000) -> str:
    """A header value as sent ("" when absent) if it is printable ASCII within `limit`.

    Raises MalformedHeader naming the header: a control character (NUL in an
    id), a non-ASCII character (which `hmac.compare_digest` refuses with a
    TypeError) or an endless value is refused before anything reads it.
    """
    if value is None:
        return ""
    if len(value) > limit:
        raise MalformedHeader(f"{what} is longer than {limit} characters")
    if not PRINTABLE_ASCII.fullmatch(value):
        raise MalformedHeader(f"{what} holds a control or non-ASCII character")
    return value


def identifier(value: object, *, what: str, limit: int) -> str:
    """An id or name from a vendor payload that becomes a column of ours: 1-`limit`
    characters of text without control characters (PostgreSQL refuses NUL) or lone
    surrogates (which UTF-8 cannot encode); else MalformedPayload."""
    if not isinstance(value, str) or not value:
        raise MalformedPayload(f"{what}: expected text, got {value!r}"[:200])
    if len(value) > limit:
        raise MalformedPayload(f"{what}: longer than {limit} characters")
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in value):
        raise MalformedPayload(f"{what}: holds a control character")
    return value


def rfc3339(value: Any, *, what: str) -> datetime | None:
    """An RFC 3339 instant (offset required) as UTC; None stays None."""
    if value is None:
        return None
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        raise MalformedPayload(f"{what}: {value!r} is not an RFC 3339 time with an offset")
    text = value.replace("z", "Z").replace("Z", "+00:00")
    head, _, tail = text.partition(".")
    if tail:  # Python takes at most 6 fractional digits
        digits = re.match(r"\d+", tail)
        assert digits is not None
        text = f"{head}.{digits[0][:6].ljust(6, '0')}{tail[len(digits[0]) :]}"
    try:
        return datetime.fromisoformat(text).astimezone(UTC)
    except ValueError as error:
        raise MalformedPayload(f"{what}: {value!r} is not a valid time") from error


def naive_local(value: Any, zone: ZoneInfo, *, what: str) -> datetime | None:
    """`yyyy-MM-dd HH:mm:ss` read in the vendor's zone (面试宝: Beijing time), as UTC."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not NAIVE_LOCAL.fullmatch(value):
        raise MalformedPayload(f"{what}: {value!r} is not 'yyyy-MM-dd HH:mm:ss'")
    try:
        local = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007  (zone below)
    except ValueError as error:
        raise MalformedPayload(f"{what}: {value!r} is not a valid time") from error
    return local.replace(tzinfo=zone).astimezone(UTC)


def epoch_millis(value: Any, *, what: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 10**12 <= value < 10**14:
        raise MalformedPayload(f"{what}: {value!r} is not epoch milliseconds")
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def allowed_url(value: Any, hosts: tuple[str, ...]) -> str | None:
    """The URL if it is https on one of the vendor's hosts (or their subdomains), else None.

    Stored as a link for people to open, never fetched by the server.
    """
    link = https_link(value)
    if link is None:
        return None
    host = (urlsplit(link).hostname or "").lower()
    if not any(host == allowed or host.endswith("." + allowed) for allowed in hosts):
        return None
    return link


def https_link(value: Any) -> str | None:
    """The URL if it is an https link to a host, with no credentials in it, else None.

    The rule for any link people are shown (javascript:, data:, plain http and
    relative links fail it); allowed_url adds the vendor's hosts to it.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or parts.username or parts.password:
        return None
    return value


def url_expiry(url: str, *names: str) -> datetime | None:
    """When a signed media URL stops working, from its epoch-seconds query parameter."""
    query = parse_qs(urlsplit(url).query)
    for name in names:
        values = query.get(name)
        seconds = parse_digits(values[0]) if values else None
        if seconds is not None:
            try:
                return datetime.fromtimestamp(seconds, tz=UTC)
            except (OverflowError, OSError, ValueError):
                return None  # past the year 9999: no expiry we could show
    return None


def text(value: Any, *, what: str, limit: int = 10_000) -> str:
    """Vendor free text, stored inert (escaped on display); None becomes ""."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MalformedPayload(f"{what}: expected text, got {type(value).__name__}")
    return value[:limit]


def obj(value: Any, *, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedPayload(f"{what}: expected an object")
    return value


def items(value: Any, *, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedPayload(f"{what}: expected a list")
    return value
