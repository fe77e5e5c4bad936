"""The request and response values passed between the HTTP server and a simulator.

The simulators never touch sockets themselves: the server turns each HTTP request into a
`SimRequest` and writes back the `SimResponse` it gets, which keeps the vendor logic
testable in-process and the fault injection a matter of rewriting a value.
"""

import json
from dataclasses import dataclass, field
from typing import Any

JSON = "application/json"
JSON_UTF8 = "application/json; charset=utf-8"


class ControlError(ValueError):
    """A bad control-API call: answered 4xx with `{"error", "detail"}`."""

    def __init__(self, detail: str, *, status: int = 400, error: str = "bad_request") -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.error = error


@dataclass
class SimRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes = b""
    raw_query: str = ""
    host: str = "127.0.0.1"
    # Seconds a `slow` fault adds; the handler may spend it at the point that matters
    # (an invitation sleeps while its Idempotency-Key is in flight), else the server does.
    delay: float = 0.0

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """The body as JSON; `{}` for an empty body. Raises ValueError when invalid."""
        if not self.body.strip():
            return {}
        return json.loads(self.body.decode("utf-8-sig"))

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object, or ControlError (used by the control API)."""
        try:
            value = self.json()
        except ValueError as exc:
            raise ControlError(f"body is not JSON: {exc}") from exc
        if not isinstance(value, dict):
            raise ControlError("body must be a JSON object")
        return value


@dataclass
class SimResponse:
    status: int
    body: bytes = b""
    content_type: str | None = JSON
    headers: list[tuple[str, str]] = field(default_factory=list)
    # 面试宝's envelope code, kept for the request log.
    vendor_code: int | None = None


def dumps(value: Any, *, ascii_only: bool = False) -> bytes:
    """Compact JSON as vendors send it; Chinese stays UTF-8 unless `ascii_only`."""
    return json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":")).encode("utf-8")


def json_response(
    status: int,
    value: Any,
    *,
    headers: list[tuple[str, str]] | None = None,
    content_type: str = JSON,
) -> SimResponse:
    return SimResponse(status, dumps(value), content_type, list(headers or []))


def control_json(value: Any, status: int = 200) -> SimResponse:
    """Control-API answers are indented so a human can read them with curl."""
    body = json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")
    return SimResponse(status, body, JSON_UTF8)


def webhook_body(value: Any, style: str) -> bytes:
    """Serialise a webhook body in one of the styles real senders use; a receiver that
    re-serialises before verifying breaks on all but one of them."""
    if style == "pretty":
        return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")
    if style == "ascii":
        return dumps(value, ascii_only=True)
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if style == "html_escaped":
        # Go's and Greenhouse's encoders escape these; they can only occur inside strings.
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.encode("utf-8")
