"""The webhook endpoint's view of a connection, kept per process between deliveries.

Making it (reading the row, decrypting its secrets and credentials, parsing its
mapping, building its adapter) cost more than all the rest of a delivery, so a
process makes it once and keeps it. It is never trusted beyond what the
database says at the moment a delivery is stored: the insert carries the
digest of what verification depended on (vendor, secrets, credentials,
mapping) and stores nothing if the connection has changed or gone since
(integrations.webhooks); a delivery refused with a kept endpoint is checked
again against a fresh one. So a secret rotation, new credentials, a mapping
change or a deletion take effect on the very next delivery in every process,
with nothing to invalidate by hand.
"""

import uuid
from dataclasses import dataclass

from django.db import connection as db
from django.db.models import F, TextField
from django.db.models.functions import MD5, Cast, Concat

from integrations.adapters.base import Adapter
from integrations.connections import adapter_for
from integrations.models import VendorConnection

# Far more than any company has connections; the cache empties itself past it.
MAX_KEPT = 256

# What verification depends on; webhook_secrets is ciphertext, new on every save.
DIGEST = MD5(
    Concat(
        F("vendor"),
        F("webhook_secrets"),
        F("credentials"),
        Cast("mapping", TextField()),
        output_field=TextField(),
    )
)
# The same digest in SQL, for the statements the receiver writes by hand.
DIGEST_SQL = "md5(CONCAT(vendor, webhook_secrets, credentials, mapping::text))"
LIVE_DIGEST = (
    f"SELECT {DIGEST_SQL} FROM integrations_vendorconnection "  # noqa: S608 (constants only)
    "WHERE uuid = %s AND deleted_at IS NULL"
)


@dataclass(frozen=True)
class WebhookEndpoint:
    connection: VendorConnection
    adapter: Adapter  # verifies and acknowledges only: it never makes an HTTP client
    digest: str
    fresh: bool  # read from the database for this delivery (not kept from an earlier one)


_kept: dict[uuid.UUID, WebhookEndpoint] = {}


def webhook_endpoint(connection_uuid: uuid.UUID, *, fresh: bool = False) -> WebhookEndpoint | None:
    """The connection with this webhook key, ready to verify; None when there is none
    (unknown or deleted). Kept from an earlier delivery unless `fresh`, when the database
    is asked (and the kept one reused if nothing changed). ConfigError when its adapter
    cannot be made."""
    kept = _kept.get(connection_uuid)
    if kept is not None and not fresh:
        return kept
    with db.cursor() as cursor:  # SQL of its own: the ORM took longer to build it than to run it
        cursor.execute(LIVE_DIGEST, [connection_uuid])
        row = cursor.fetchone()
    if row is None:
        _kept.pop(connection_uuid, None)
        return None
    if kept is not None and kept.digest == row[0]:
        return WebhookEndpoint(kept.connection, kept.adapter, kept.digest, fresh=True)
    # Read whole, with the digest of what was read (it may have changed meanwhile).
    live = VendorConnection.objects.filter(uuid=connection_uuid, deleted_at__isnull=True)
    connection = live.annotate(digest=DIGEST).first()
    if connection is None:
        return None
    endpoint = WebhookEndpoint(connection, adapter_for(connection), connection.digest, fresh=True)
    if len(_kept) >= MAX_KEPT:
        _kept.clear()
    _kept[connection_uuid] = endpoint
    return endpoint
