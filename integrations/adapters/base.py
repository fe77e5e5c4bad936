"""The adapter interface of ../shared/vendors/README.md (section 3.2).

One subclass per vendor, built per connection from its settings. Adapters
talk HTTP and map payloads; they hold no database state, so orchestration
(in recruiting) decides what to store and when.
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar

from integrations.contracts import (
    CanonicalResult,
    Capability,
    Health,
    InviteRequest,
    InviteResult,
    RawRecord,
    ResultPage,
    VendorTest,
    VerifiedEvent,
    WebhookAck,
)
from integrations.mapping import FieldMapping
from integrations.tokens import MemoryTokenStore, TokenStore


@dataclass(frozen=True)
class CredentialField:
    name: str
    label: str
    secret: bool = True


@dataclass
class AdapterSettings:
    """What a connection gives its adapter: where, who, which secrets, which mapping."""

    base_url: str
    credentials: Mapping[str, str]
    webhook_secrets: tuple[str, ...]
    mapping: FieldMapping
    tokens: TokenStore = field(default_factory=MemoryTokenStore)
    options: Mapping[str, Any] = field(default_factory=dict)


class Adapter(ABC):
    slug: ClassVar[str]
    name: ClassVar[str]
    capabilities: ClassVar[frozenset[Capability]]
    credential_fields: ClassVar[tuple[CredentialField, ...]]
    # How far back each sync re-reads before its watermark (late writes at the vendor).
    lookback: ClassVar[timedelta]
    # A webhook older or newer than this is refused (replay protection).
    webhook_tolerance: ClassVar[timedelta] = timedelta(minutes=5)

    def __init__(self, settings: AdapterSettings) -> None:
        self.settings = settings

    @classmethod
    @abstractmethod
    def default_mapping(cls) -> FieldMapping: ...

    @abstractmethod
    def test_connection(self) -> Health: ...

    @abstractmethod
    def list_tests(self) -> list[VendorTest]: ...

    @abstractmethod
    def invite(self, request: InviteRequest) -> InviteResult: ...

    @abstractmethod
    def fetch_results(self, since: datetime, page_token: str | None) -> ResultPage: ...

    @abstractmethod
    def fetch_result(self, external_result_id: str) -> RawRecord: ...

    @abstractmethod
    def verify_webhook(
        self, headers: Mapping[str, str], query: Mapping[str, str], body: bytes, now: datetime
    ) -> VerifiedEvent: ...

    @abstractmethod
    def webhook_ack(self, event: VerifiedEvent | None) -> WebhookAck: ...

    @abstractmethod
    def map_result(self, raw: RawRecord) -> CanonicalResult: ...

    @abstractmethod
    def close(self) -> None:
        """Release pooled connections."""
