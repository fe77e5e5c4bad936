"""The vendor error taxonomy (docs/vendors/README.md section 3.3).

Adapters classify every failure into one of these, so orchestration decides
by type: retry, reschedule, pause the connection, or quarantine.
"""

from datetime import timedelta


class VendorError(Exception):
    retryable = False

    def __init__(
        self,
        message: str,
        *,
        vendor: str = "",
        http_status: int | None = None,
        vendor_code: str = "",
        request_id: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.vendor = vendor
        self.http_status = http_status
        self.vendor_code = vendor_code
        self.request_id = request_id

    def describe(self) -> str:
        parts = [self.message]
        if self.http_status is not None:
            parts.append(f"HTTP {self.http_status}")
        if self.vendor_code:
            parts.append(f"code {self.vendor_code}")
        if self.request_id:
            parts.append(f"request {self.request_id}")
        return " · ".join(parts)


class TransientError(VendorError):
    """Timeouts, resets, 5xx, gateway HTML, "system busy": retry with backoff."""

    retryable = True


class RateLimited(TransientError):
    def __init__(self, message: str, *, retry_after: timedelta | None = None, **kwargs: object):
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class AuthError(VendorError):
    """Credentials rejected after one refresh: pause the connection, tell HR admins."""


class TokenExpired(AuthError):
    """A cached token went stale: refresh once and replay the request once."""


class ScopeError(AuthError):
    """The credentials lack a permission (403 / 40003): a configuration problem."""


class CursorInvalid(VendorError):
    """The vendor no longer accepts our page token: restart the window."""


class PermanentRequestError(VendorError):
    """The vendor refused our request for good (400/404/409/410/422)."""


class NotFound(PermanentRequestError):
    """The record is gone at the vendor (deleted and purged)."""


class MalformedPayload(VendorError):
    """The vendor sent something we cannot trust: quarantine it, decide nothing."""

    def __init__(self, message: str, *, raw: bytes | str = b"", **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.raw = raw if isinstance(raw, bytes) else raw.encode("utf-8", "replace")


class SignatureError(VendorError):
    """A webhook whose signature does not verify: 401, nothing stored."""


class StaleWebhook(SignatureError):
    """A webhook outside the timestamp window, or a reused nonce: 400."""


class MalformedHeader(SignatureError):
    """A webhook header present but not as its scheme writes it (a timestamp not in
    ASCII digits, a control character in an id): 400, nothing stored."""


class ConfigError(VendorError):
    """A connection that cannot work as configured (missing secret, bad mapping)."""
