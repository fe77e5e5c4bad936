"""A vendor connection and a held payload, for tests outside the vendor path's own."""

import base64
from datetime import timedelta
from typing import Any

from django.utils import timezone

from integrations.models import HeldPayload, VendorConnection
from recruiting.vendors.connections import connection_create

VUESIM_SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()


def vuesim_connection_make(name: str = "VueSim test") -> VendorConnection:
    """A VueSim connection to an address nothing listens on (port 9)."""
    return connection_create(
        name=name,
        vendor="vuesim",
        base_url="http://127.0.0.1:9",
        credentials={"client_id": "hrflow", "client_secret": "s3cret"},
        webhook_secret=VUESIM_SECRET,
        backfill_from=timezone.now() - timedelta(days=7),
        actor=None,
    )


def held_payload_make(connection: VendorConnection, **fields: Any) -> HeldPayload:
    """A payload held back as malformed, from a pull, unless `fields` say otherwise."""
    values: dict[str, Any] = {
        "kind": HeldPayload.Kind.MALFORMED,
        "origin": HeldPayload.Origin.POLL,
        "external_result_id": "iv_bad",
        "reason": "bad",
        "raw": b'{"id": "iv_bad"}',
    }
    return HeldPayload.objects.create(connection=connection, **(values | fields))
