"""What crosses the boundary between a vendor adapter and the rest of hrflow.

Frozen dataclasses only: adapters return these and never see our models, so
`recruiting` decides what a result means for a candidate (docs/DESIGN.md,
Layers). Field meanings follow docs/vendors/README.md section 2.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Capability(StrEnum):
    POLL = "poll"
    WEBHOOK = "webhook"
    INVITE = "invite"
    GET_ONE = "get_one"
    LIST_TESTS = "list_tests"
    CANCEL = "cancel"


class Lifecycle(StrEnum):
    INVITED = "INVITED"
    IN_PROGRESS = "IN_PROGRESS"
    AWAITING_SCORE = "AWAITING_SCORE"
    SCORED = "SCORED"
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"
    ERROR = "ERROR"
    DELETED = "DELETED"


class ScoringStatus(StrEnum):
    NONE = "NONE"
    PARTIAL = "PARTIAL"
    FINAL = "FINAL"
    REVISED = "REVISED"


class Verdict(StrEnum):
    PASS = "PASS"  # noqa: S105  (a verdict, not a password)
    FAIL = "FAIL"
    REVIEW = "REVIEW"
    NONE = "NONE"


@dataclass(frozen=True)
class Scale:
    """A declared scale: `linear` (min..max), `ordinal` (level -> 0-100 or None), `percentile`."""

    type: str
    min: Decimal | None = None
    max: Decimal | None = None
    levels: tuple[tuple[str, Decimal | None], ...] = ()

    def describe(self) -> str:
        if self.type == "linear":
            return f"{self.min:g}-{self.max:g}"
        return self.type


@dataclass(frozen=True)
class RawRecord:
    """One vendor record as received: the parsed body, and where its version stands."""

    external_result_id: str
    vendor_updated_at: datetime | None
    vendor_revision: int | None
    body: dict[str, Any]
    # The vendor's candidate (their reference, else e-mail): records with the same key
    # are recorded in the order they were fetched (integrations.lanes).
    ordering_key: str = ""

    @property
    def raw_bytes_sha256(self) -> str:
        """sha256 of the record's canonical JSON (sorted keys, UTF-8).

        Computed when asked for, not on every fetch: a page is one JSON
        document, so a record has no bytes of its own to hash, and serialising
        each record again cost the sync a tenth of its time for a value read
        only when a payload is shown or compared.
        """
        canonical = json.dumps(self.body, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(canonical).hexdigest()


@dataclass(frozen=True)
class BadRecord:
    """A record on a page that could not even be identified; kept for quarantine."""

    raw: str
    reason: str


@dataclass(frozen=True)
class ResultPage:
    items: tuple[RawRecord, ...]
    next_page_token: str | None
    exhausted: bool
    # On the first page of a pass: the instant the whole pass will have covered the
    # vendor's data up to (its own clock where it says); the watermark once it ends.
    high_watermark: datetime | None
    bad_records: tuple[BadRecord, ...] = ()
    # The pass ended before the vendor's present (a bounded window): start another.
    more_after: bool = False


@dataclass(frozen=True)
class VerifiedEvent:
    event_id: str
    event_type: str
    occurred_at: datetime | None
    subject_external_id: str
    payload: dict[str, Any] | None
    is_thin: bool
    challenge: str = ""  # a URL-verification request: echo it, nothing else
    nonce: str = ""  # for vendors that sign a nonce: the receiver refuses a reused one
    # Signed by the vendor but unreadable: quarantined and acknowledged (no retry storm),
    # with these bytes (the body, affect data scrubbed unless the connection keeps it).
    malformed: str = ""
    unreadable: bytes = b""


@dataclass(frozen=True)
class WebhookAck:
    status: int
    body: bytes
    content_type: str = "application/json"


@dataclass(frozen=True)
class InviteRequest:
    test_id: str
    candidate_ref: str  # our reference the vendor echoes back (the application)
    first_name: str
    last_name: str
    full_name: str
    email: str
    mobile: str
    idempotency_key: str
    expires_in_days: int = 7


@dataclass(frozen=True)
class InviteResult:
    external_interview_id: str
    invite_url: str
    expires_at: datetime | None


@dataclass(frozen=True)
class VendorTest:
    id: str
    title: str


@dataclass(frozen=True)
class Health:
    ok: bool
    message: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CanonicalDimension:
    vendor_key: str
    vendor_label: str
    canonical_key: str | None  # None: no mapping yet, kept but never used by rules
    raw_value: str
    scale: Scale
    normalized: Decimal | None  # None: not assessed (never 0)
    comment: str = ""

    @property
    def mapped(self) -> bool:
        return self.canonical_key is not None


@dataclass(frozen=True)
class MediaItem:
    kind: str  # video, audio, transcript, report_pdf
    url: str
    url_expires_at: datetime | None = None
    question_id: str = ""
    order: int = 0
    prompt: str = ""
    duration_s: int | None = None
    keywords: tuple[str, ...] = ()
    transcript_excerpt: str = ""


@dataclass(frozen=True)
class AffectSignal:
    """Emotion/sentiment: display-only, dropped unless the company allows it."""

    scope: str
    label: str
    score: Decimal


@dataclass(frozen=True)
class CanonicalResult:
    vendor: str
    external_result_id: str
    external_interview_id: str
    external_candidate_ref: str
    attempt_no: int
    supersedes_external_id: str
    lifecycle_status: Lifecycle
    scoring_status: ScoringStatus
    vendor_verdict: Verdict
    vendor_verdict_raw: str
    overall_score: Decimal | None
    overall_raw: str
    overall_scale: Scale | None
    overall_source: str  # VENDOR or COMPUTED
    started_at: datetime | None
    completed_at: datetime | None
    scored_at: datetime | None
    vendor_updated_at: datetime | None
    vendor_revision: int | None
    report_url: str
    language: str
    dimensions: tuple[CanonicalDimension, ...]
    media: tuple[MediaItem, ...]
    affect: tuple[AffectSignal, ...]
    summary: str = ""
    keywords: tuple[str, ...] = ()
    candidate_email: str = ""
    candidate_name: str = ""
    test_id: str = ""
    adapter_version: str = "1"
    # What the mapping dropped or doubted without rejecting the record (a URL to a
    # foreign host, say): shown beside the result, never silently lost.
    warnings: tuple[str, ...] = ()

    @property
    def unmapped_dimensions(self) -> tuple[str, ...]:
        return tuple(d.vendor_key for d in self.dimensions if not d.mapped)
