"""The canonical assessment result of docs/DESIGN.md, as it crosses into recruiting.

Vendor results (translated from integrations' CanonicalResult by the ingest
service) and HR's own entries are built the same way, so one service records
both.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class DimensionResult:
    code: str | None  # canonical dimension; None while the vendor's name has no mapping
    score: Decimal | None  # 0-100; None: not assessed (never 0)
    raw_score: str = ""
    raw_scale: str = ""
    vendor_key: str = ""  # the vendor's own name; defaults to the code
    vendor_label: str = ""
    comment: str = ""

    @property
    def key(self) -> str:
        return self.vendor_key or self.code or ""


@dataclass(frozen=True)
class AssessmentResult:
    source: str  # "manual", or the vendor connection's key
    external_id: str
    kind: str
    status: str
    overall_score: Decimal | None = None
    dimensions: tuple[DimensionResult, ...] = ()
    media: dict[str, Any] = field(default_factory=dict)
    completed_at: datetime | None = None
    vendor_updated_at: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    attempt_of_external_id: str = ""
    scoring_status: str = "final"
    external_interview_id: str = ""
    attempt_no: int = 1
    overall_raw: str = ""
    overall_scale: str = ""
    vendor_verdict: str = "none"
    vendor_verdict_raw: str = ""
    vendor_revision: int | None = None
    warnings: tuple[str, ...] = ()
