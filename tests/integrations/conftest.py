"""Connections for the integration tests, and independent signers for vendor webhooks.

The signers are written here from the vendor specs, not imported from the
adapters, so a wrong adapter cannot agree with a wrong test.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.integrations.factories import VUESIM_SECRET

MSB_APP_SECRET = "msb-app-secret-for-tests"


@pytest.fixture
def vuesim_connection(db):
    from tests.integrations.factories import vuesim_connection_make

    return vuesim_connection_make()


@pytest.fixture
def msb_connection(db):
    from recruiting.services.vendor_connections import connection_create

    return connection_create(
        name="面试宝 test",
        vendor="mianshibao",
        base_url="http://127.0.0.1:9",
        credentials={"app_key": "msb-key", "app_secret": MSB_APP_SECRET},
        backfill_from=timezone.now() - timedelta(days=7),
        actor=None,
    )


def vuesim_headers(
    body: bytes,
    *,
    event_id: str = "",
    stamp: int | str | None = None,
    secret: str = VUESIM_SECRET,
) -> dict[str, str]:
    """Standard Webhooks: v1,<base64 HMAC-SHA256(secret, "{id}.{ts}.{body}")>.

    `stamp` may be any text, signed as given (for the bad-input tests)."""
    event_id = event_id or f"msg_{secrets.token_hex(8)}"
    stamp = int(time.time()) if stamp is None else stamp
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{event_id}.{stamp}.".encode() + body
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {
        "HTTP_WEBHOOK_ID": event_id,
        "HTTP_WEBHOOK_TIMESTAMP": str(stamp),
        "HTTP_WEBHOOK_SIGNATURE": f"v1,{signature}",
    }


def msb_headers(
    body: bytes,
    *,
    millis: int | str | None = None,
    nonce: str = "",
    secret: str = MSB_APP_SECRET,
) -> dict[str, str]:
    """面试宝: lowercase hex SHA-256 (not HMAC) of timestamp + nonce + app_secret + body."""
    millis = int(time.time() * 1000) if millis is None else millis
    nonce = nonce or secrets.token_hex(8)
    digest = hashlib.sha256(f"{millis}{nonce}{secret}".encode() + body).hexdigest()
    return {
        "HTTP_X_MSB_TIMESTAMP": str(millis),
        "HTTP_X_MSB_NONCE": nonce,
        "HTTP_X_MSB_SIGNATURE": digest,
    }


@pytest.fixture
def post_webhook(client) -> Callable[..., Any]:
    def post(connection: Any, body: bytes, headers: dict[str, str], query: str = "") -> Any:
        from django.urls import reverse

        url = reverse("integrations:webhook", args=[connection.uuid]) + query
        return client.post(url, data=body, content_type="application/json", **headers)

    return post


def thin_event(interview_id: str = "iv_1", kind: str = "interview.scored") -> bytes:
    data = {"interview_id": interview_id, "version": 2, "updated_at": "2024-05-01T07:02:03Z"}
    return json.dumps({"type": kind, "timestamp": "2024-05-01T07:02:04Z", "data": data}).encode()
