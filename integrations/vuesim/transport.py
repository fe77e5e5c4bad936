"""VueSim over HTTP: OAuth client credentials, bearer calls, error classification."""

import base64
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

from hrflow.core.params import parse_digits
from integrations.errors import (
    AuthError,
    CursorInvalid,
    MalformedPayload,
    NotFound,
    PermanentRequestError,
    RateLimited,
    ScopeError,
    TokenExpired,
    TransientError,
    VendorError,
)
from integrations.tokens import TokenStore
from integrations.wire import http_client, retry_after, send, strict_json

VENDOR = "vuesim"


class VueSimTransport:
    def __init__(self, base_url: str, client_id: str, client_secret: str, tokens: TokenStore):
        self.base_url = base_url.rstrip("/")
        self.client_id, self.client_secret = client_id, client_secret
        self.tokens = tokens
        self.http = http_client(self.base_url)

    def close(self) -> None:
        self.http.close()

    def get(self, url: str, params: dict[str, Any] | None = None) -> httpx.Response:
        return self.call("GET", url, params=params)

    def call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One API call; a stale token is refreshed once and the call replayed once."""
        self._same_origin(url)
        try:
            return self._authorised(method, url, **kwargs)
        except TokenExpired:
            self.tokens.clear()
            return self._authorised(method, url, **kwargs)

    def fetch_token(self) -> str:
        request = self.http.build_request(
            "POST",
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            headers={"Authorization": _basic(self.client_id, self.client_secret)},
        )
        response = send(self.http, request, vendor=VENDOR)
        if response.status_code in (400, 401):
            raise AuthError("the vendor rejected the client id or secret", **_context(response))
        _raise_for_status(response)
        body = strict_json(response.content, what="token response", vendor=VENDOR)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise MalformedPayload("token response without access_token", vendor=VENDOR)
        expires_in = body.get("expires_in")
        self.tokens.set(token, expires_in if isinstance(expires_in, int) else 300)
        return token

    def _authorised(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        token = self.tokens.get() or self.fetch_token()
        headers = {**kwargs.pop("headers", {}), "Authorization": f"Bearer {token}"}
        request = self.http.build_request(method, url, headers=headers, **kwargs)
        response = send(self.http, request, vendor=VENDOR)
        if response.status_code == 401:
            if "invalid_token" in response.headers.get("www-authenticate", ""):
                raise TokenExpired("the access token expired", **_context(response))
            raise AuthError("the vendor refused our credentials", **_context(response))
        _raise_for_status(response)
        return response

    def _same_origin(self, url: str) -> None:
        """Follow-up links must stay on the vendor's own origin (no SSRF via Link headers)."""
        if url.startswith("/"):
            return
        ours, theirs = urlsplit(self.base_url), urlsplit(url)
        if (theirs.scheme, theirs.netloc) != (ours.scheme, ours.netloc):
            raise MalformedPayload(f"the vendor sent a link off its own origin: {url[:200]}")


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _context(response: httpx.Response) -> dict[str, Any]:
    return {
        "vendor": VENDOR,
        "http_status": response.status_code,
        "request_id": response.headers.get("x-request-id", ""),
    }


def _error_code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("error", "")) if isinstance(body, dict) else ""


def _raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    code = _error_code(response)
    context = _context(response) | {"vendor_code": code}
    error: VendorError
    if status == 429:
        wait = retry_after(response.headers.get("retry-after"))
        reset = parse_digits(response.headers.get("x-ratelimit-reset", ""), max_digits=11)
        if wait is None and reset is not None:
            wait = max(timedelta(0), datetime.fromtimestamp(reset, UTC) - datetime.now(UTC))
        error = RateLimited("the vendor is rate limiting us", retry_after=wait, **context)
    elif status == 403:
        error = ScopeError("the credentials lack a permission", **context)
    elif status == 404:
        error = NotFound("not found at the vendor", **context)
    elif status == 422 and code in ("cursor_expired", "cursor_with_params", "invalid_cursor"):
        error = CursorInvalid(f"the vendor refused our page cursor ({code})", **context)
    elif status in (408, 409) or status >= 500:
        error = TransientError(f"the vendor answered {status}", **context)
    else:
        error = PermanentRequestError(
            f"the vendor refused the request ({code or status})", **context
        )
    raise error
