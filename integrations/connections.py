"""A connection's adapter, built from what is stored on the connection."""

from typing import Any

from django.conf import settings

from integrations.adapters.base import Adapter, AdapterSettings
from integrations.mapping import FieldMapping, mapping_from_json
from integrations.models import VendorConnection
from integrations.registry import adapter_class
from integrations.tokens import CacheTokenStore


def connection_mapping(
    connection: VendorConnection, *, known_dimensions: Any = None
) -> FieldMapping:
    """The connection's field mapping, or its vendor's defaults when none is saved."""
    if not connection.mapping:
        return adapter_class(connection.vendor).default_mapping()
    return mapping_from_json(connection.mapping, known_dimensions=known_dimensions)


def keeps_affect(connection: VendorConnection) -> bool:
    """Whether the connection keeps vendors' emotion / sentiment data: only where its
    mapping turns it on, and never under the EU profile."""
    # Emotion recognition in recruitment is prohibited in the EU (AI Act Art. 5(1)(f)).
    return settings.HRFLOW_COMPLIANCE_PROFILE != "eu" and connection_mapping(connection).keep_affect


def adapter_for(connection: VendorConnection, **options: Any) -> Adapter:
    mapping = connection_mapping(connection)
    if mapping.keep_affect and not keeps_affect(connection):
        mapping = mapping_from_json({**mapping.to_json(), "keep_affect": False})
    return adapter_class(connection.vendor)(
        AdapterSettings(
            base_url=connection.base_url,
            credentials=connection.credentials or {},
            webhook_secrets=tuple(connection.webhook_secrets or ()),
            mapping=mapping,
            tokens=CacheTokenStore(str(connection.uuid)),
            options={"page_size": connection.page_size} | options,
        )
    )
