"""Alibaba Cloud RPC-style request signing (SignatureVersion 1.0, HMAC-SHA1).

Aliyun's "Signature mechanism" for RPC APIs, which SMS (dysmsapi) uses:

    CanonicalizedQuery = "&".join(enc(name) + "=" + enc(value)), sorted by name
    StringToSign = HTTPMethod + "&" + enc("/") + "&" + enc(CanonicalizedQuery)
    Signature = Base64(HMAC-SHA1(key=AccessKeySecret + "&", msg=StringToSign))

`enc` is RFC 3986 percent-encoding of the UTF-8 bytes: only A-Z, a-z, 0-9 and
"-", "_", ".", "~" stay as they are, and a space is "%20", never "+". The
documented worked example is pinned in the tests, so the client and the
simulator (which share this module) cannot agree on a mistake.
"""

import base64
import hashlib
import hmac
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote

SIGNATURE_METHOD = "HMAC-SHA1"
SIGNATURE_VERSION = "1.0"
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # ISO 8601, UTC


def percent_encode(value: str) -> str:
    return quote(value, safe="-_.~")


def canonical_query(params: Mapping[str, str]) -> str:
    """Every parameter but Signature, sorted by name, each part percent-encoded."""
    return "&".join(
        f"{percent_encode(name)}={percent_encode(value)}"
        for name, value in sorted(params.items())
        if name != "Signature"
    )


def string_to_sign(method: str, params: Mapping[str, str]) -> str:
    return f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"


def signature(method: str, params: Mapping[str, str], access_key_secret: str) -> str:
    digest = hmac.new(
        f"{access_key_secret}&".encode(),
        string_to_sign(method, params).encode(),
        hashlib.sha1,
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def signed_params(
    *,
    action: str,
    version: str,
    access_key_id: str,
    access_key_secret: str,
    params: Mapping[str, str],
    method: str = "POST",
    now: datetime | None = None,
) -> dict[str, str]:
    """The action's parameters plus Aliyun's common ones, Signature last.

    A fresh SignatureNonce each call: Aliyun refuses a nonce it has seen
    (SignatureNonceUsed), which is its defence against replayed requests.
    """
    moment = now or datetime.now(UTC)
    signed = {
        "Action": action,
        "Version": version,
        "Format": "JSON",
        "AccessKeyId": access_key_id,
        "SignatureMethod": SIGNATURE_METHOD,
        "SignatureVersion": SIGNATURE_VERSION,
        "SignatureNonce": uuid.uuid4().hex,
        "Timestamp": moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT),
        **params,
    }
    signed["Signature"] = signature(method, signed, access_key_secret)
    return signed
