"""The adapter interface every vendor implements (docs/vendors/README.md section 3.2).

One subclass per vendor, built per connection from its settings. Adapters
talk HTTP and map payloads; they hold no database state, so orchestration
(in recruiting) decides what to store and when.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, ClassVar

from integrations.affect import drop_affect, scrub_affect_bytes
from integrations.contracts import (
    BadRecord,
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
from integrations.errors import MalformedPayload
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

    # What comes from the vendor passes through these three, which drop its affect
    # (emotion / sentiment) data unless the connection keeps it: no caller can store
    # what the adapter never hands out (docs/vendors/README.md, decision 3).
    @property
    def keeps_affect(self) -> bool:
        """Only where the company turned it on (adapter_for turns it off under the EU profile)."""
        return self.settings.mapping.keep_affect

    def fetch_results(self, since: datetime, page_token: str | None) -> ResultPage:
        with self._affect_scrubbed_from_errors():
            page = self._fetch_results(since, page_token)
        if self.keeps_affect:
            return page
        for record in page.items:
            drop_affect(record.body)
        if not page.bad_records:
            return page
        bad = tuple(
            BadRecord(scrub_affect_bytes(b.raw.encode()).decode(), b.reason)
            for b in page.bad_records
        )
        return replace(page, bad_records=bad)

    def fetch_result(self, external_result_id: str) -> RawRecord:
        with self._affect_scrubbed_from_errors():
            record = self._fetch_result(external_result_id)
        if not self.keeps_affect:
            drop_affect(record.body)
        return record

    def verify_webhook(
        self, headers: Mapping[str, str], query: Mapping[str, str], body: bytes, now: datetime
    ) -> VerifiedEvent:
        """Verify on the raw bytes; the event as it may be stored (`unreadable`: the bytes
        of a signed body that did not parse)."""
        event = self._verify_webhook(headers, query, body, now)
        keep = self.keeps_affect
        if event.payload is not None and not keep:
            drop_affect(event.payload)
        if event.malformed:
            event = replace(event, unreadable=body if keep else scrub_affect_bytes(body))
        return event

    @contextmanager
    def _affect_scrubbed_from_errors(self) -> Iterator[None]:
        """The bytes a MalformedPayload carries are held for a person: scrubbed first."""
        try:
            yield
        except MalformedPayload as error:
            if error.raw and not self.keeps_affect:
                error.raw = scrub_affect_bytes(error.raw)
            raise

    @abstractmethod
    def _fetch_results(self, since: datetime, page_token: str | None) -> ResultPage: ...

    @abstractmethod
    def _fetch_result(self, external_result_id: str) -> RawRecord: ...

    @abstractmethod
    def _verify_webhook(
        self, headers: Mapping[str, str], query: Mapping[str, str], body: bytes, now: datetime
    ) -> VerifiedEvent: ...

    @abstractmethod
    def webhook_ack(self, event: VerifiedEvent | None) -> WebhookAck: ...

    @abstractmethod
    def map_result(self, raw: RawRecord) -> CanonicalResult: ...

    @abstractmethod
    def close(self) -> None:
        """Release pooled connections."""
