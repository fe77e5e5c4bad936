"""面试宝 over HTTP: app-key header, HTTP-200 envelopes whose `code` carries the error."""

from typing import Any

import httpx

from integrations.errors import (
    AuthError,
    MalformedPayload,
    NotFound,
    PermanentRequestError,
    RateLimited,
    ScopeError,
    TransientError,
    VendorError,
)
from integrations.wire import http_client, retry_after, send, strict_json

VENDOR = "mianshibao"
# Envelope codes -> error class (docs/vendors/mianshibao.md). A non-zero code is never data.
CODES: dict[int, tuple[type[VendorError], str]] = {
    40001: (AuthError, "the vendor rejected the app key (无效的AppKey)"),
    40003: (ScopeError, "the app key lacks a permission (无权限)"),
    40004: (NotFound, "not found at the vendor"),
    40010: (PermanentRequestError, "the vendor refused our parameters (参数错误)"),
    42900: (RateLimited, "the vendor is throttling us (请求过于频繁)"),
    50000: (TransientError, "the vendor is busy (系统繁忙)"),
}


class MianshiBaoTransport:
    def __init__(self, base_url: str, app_key: str) -> None:
        self.http = http_client(base_url.rstrip("/"))
        self.app_key = app_key

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, path: str, **kwargs: Any) -> tuple[Any, httpx.Response]:
        """The envelope's `data` and the response, or the classified error."""
        headers = {**kwargs.pop("headers", {}), "X-MSB-AppKey": self.app_key}
        request = self.http.build_request(method, path, headers=headers, **kwargs)
        response = send(self.http, request, vendor=VENDOR)
        context: dict[str, Any] = {"vendor": VENDOR, "http_status": response.status_code}
        if response.status_code == 429:
            wait = retry_after(response.headers.get("retry-after"))
            raise RateLimited("the vendor's gateway is throttling us", retry_after=wait, **context)
        if response.status_code in (408,) or response.status_code >= 500:
            raise TransientError(f"the vendor's gateway answered {response.status_code}", **context)
        if response.status_code in (401, 403):
            raise AuthError(f"the vendor's gateway answered {response.status_code}", **context)
        if response.status_code >= 400:
            raise PermanentRequestError(f"the vendor answered {response.status_code}", **context)
        envelope = strict_json(
            response.content,
            what=f"{path} response",
            vendor=VENDOR,
            content_type=response.headers.get("content-type", ""),
        )
        if not isinstance(envelope, dict) or "code" not in envelope:
            raise MalformedPayload(f"{path}: no envelope", raw=response.content, vendor=VENDOR)
        code = envelope.get("code")
        request_id = str(envelope.get("requestId") or "")
        if code != 0:
            kind, message = CODES.get(
                code if isinstance(code, int) else -1,
                (PermanentRequestError, "the vendor refused the request"),
            )
            vendor_message = str(envelope.get("msg") or "")
            raise kind(
                f"{message}: {vendor_message}" if vendor_message else message,
                vendor_code=str(code),
                request_id=request_id,
                **context,
            )
        return envelope.get("data"), response
