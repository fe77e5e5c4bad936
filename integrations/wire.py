"""HTTP and JSON plumbing shared by the adapters' transports.

Strict JSON (UTF-8 only, no BOM, no duplicate keys, no NaN), Retry-After in
both of its forms, and one httpx client shape: short timeouts, no redirects
(a vendor redirect could point us at an internal host).
"""

import json
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from hrflow.core.params import parse_digits
from integrations.errors import MalformedPayload, TransientError

MAX_WAIT = timedelta(minutes=15)
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_BODY_BYTES = 20 * 1024 * 1024
# A \uD800-\uDFFF escape: only then can a parsed string hold a lone surrogate.
LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def http_client(base_url: str, *, timeout: httpx.Timeout = TIMEOUT) -> httpx.Client:
    return httpx.Client(
        base_url=base_url,
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": "hrflow-integrations/1"},
    )


def send(client: httpx.Client, request: httpx.Request, *, vendor: str) -> httpx.Response:
    """Send; network failures become TransientError (the vendor may be fine in a minute)."""
    try:
        response = client.send(request)
    except httpx.TimeoutException as error:
        raise TransientError(f"timed out: {error}", vendor=vendor) from error
    except httpx.TransportError as error:
        raise TransientError(f"could not reach the vendor: {error}", vendor=vendor) from error
    if len(response.content) > MAX_BODY_BYTES:
        raise MalformedPayload(
            "response too large", vendor=vendor, http_status=response.status_code
        )
    return response


def strict_json(body: bytes, *, what: str, vendor: str = "", content_type: str = "") -> Any:
    """Parse JSON the way a careful receiver must: anything odd is MalformedPayload."""
    charset = _charset(content_type)
    if charset and charset not in ("utf-8", "utf8"):
        raise MalformedPayload(
            f"{what}: charset {charset} (expected UTF-8)", raw=body, vendor=vendor
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedPayload(f"{what}: not UTF-8", raw=body, vendor=vendor) from error
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
        if LONE_SURROGATE_ESCAPE.search(text):
            # "\ud800" alone parses, but no UTF-8 text (nor PostgreSQL) can hold it.
            json.dumps(value, ensure_ascii=False).encode()
    except (ValueError, RecursionError) as error:  # UnicodeError is a ValueError
        raise MalformedPayload(
            f"{what}: not valid JSON ({error})", raw=body, vendor=vendor
        ) from error
    return value


def readable_json(body: bytes) -> str:
    """Stored vendor bytes for a person to read: indented when they are JSON, else the
    text as it came (JSON nested too deep to parse included)."""
    try:
        return json.dumps(strict_json(body, what="payload"), ensure_ascii=False, indent=2)
    except (MalformedPayload, RecursionError):
        return body.decode("utf-8", "replace")


def retry_after(value: str | None, *, now: datetime | None = None) -> timedelta | None:
    """Retry-After as delay-seconds or an HTTP-date; capped, never negative."""
    if not value:
        return None
    value = value.strip()
    seconds = parse_digits(value)
    if seconds is not None:
        wait = timedelta(seconds=min(seconds, MAX_WAIT.total_seconds()))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        wait = when - (now or datetime.now(UTC))
    return max(timedelta(0), min(wait, MAX_WAIT))


def response_date(response: httpx.Response) -> datetime | None:
    """The vendor's clock, from its Date header (watermarks follow the vendor's clock)."""
    try:
        when = parsedate_to_datetime(response.headers.get("date", ""))
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset":
            return value.strip().strip('"').lower()
    return ""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)  # in C; a key given twice leaves fewer entries than pairs
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
