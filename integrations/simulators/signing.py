"""The two vendors' webhook signatures, as the senders compute them.

These are the simulators' side only: our adapters verify with their own code, and the
tests recompute the digests independently instead of calling these functions.
"""

import base64
import binascii
import hashlib
import hmac

WHSEC_PREFIX = "whsec_"


def whsec_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret: the base64 after `whsec_`.

    Raises ValueError when it is not base64 (Standard Webhooks' libraries decode a
    secret without the prefix the same way).
    """
    try:
        return base64.b64decode(secret.removeprefix(WHSEC_PREFIX), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"not a whsec_<base64> secret: {exc}") from exc


def standard_webhook_signature(secrets: list[str], msg_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256(key, "{id}.{ts}.{body}")>` per secret, space-separated
    (two entries while a secret is being rotated)."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    entries = []
    for secret in secrets:
        digest = hmac.new(whsec_key(secret), signed, hashlib.sha256).digest()
        entries.append("v1," + base64.b64encode(digest).decode("ascii"))
    return " ".join(entries)


def msb_signature(timestamp_ms: str, nonce: str, app_secret: str, body: bytes) -> str:
    """面试宝: lowercase hex SHA-256 (a plain hash, not an HMAC) of
    timestamp + nonce + app_secret + raw body."""
    return hashlib.sha256(
        timestamp_ms.encode() + nonce.encode() + app_secret.encode() + body
    ).hexdigest()


def msb_legacy_sign(app_secret: str, body: bytes) -> str:
    """面试宝's legacy (Moka-like) `?sign=`: hex HMAC-SHA256(app_secret, body)."""
    return hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
