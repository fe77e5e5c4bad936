"""The canonical assessment result of DESIGN.md, as it crosses into recruiting.

Vendor adapters (integrations) produce these; HR's own entries are built the
same way, so one service records both.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class DimensionResult:
    code: str
    score: Decimal  # 0-100
    raw_score: str = ""
    raw_scale: str = ""


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
