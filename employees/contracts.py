"""The HireRecord: what recruiting hands to employees at hire, frozen.

Plain data only (no recruiting model crosses this line), so employees never
imports recruiting (docs/DESIGN.md). Files travel as storage names plus their
checksum: employees copies the bytes into its own files and checks the sum.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


@dataclass(frozen=True)
class HiredPerson:
    full_name: str
    email: str = ""
    phone: str = ""
    city: str = ""
    language: str = ""
    name_pinyin: str = ""
    current_company: str = ""
    current_title: str = ""
    education: str = ""


@dataclass(frozen=True)
class HiredFile:
    """A file to copy: where it is stored now, and what it must be when copied."""

    kind: str  # an EmployeeDocument.Kind value
    title: str
    storage_name: str
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str
    origin_ref: str
    uploaded_at: datetime | None = None


@dataclass(frozen=True)
class HiredNote:
    body: str
    author_id: int | None
    author_label: str
    written_at: datetime
    origin_ref: str


@dataclass(frozen=True)
class HiredConsent:
    kind: str
    notice_version: str
    given_at: datetime
    ip_hash: str
    origin_ref: str


@dataclass(frozen=True)
class HiredOffer:
    position_title: str
    salary: str
    start_date: date
    accepted_at: datetime | None
    signature_name: str
    respond_by: date | None = None
    message: str = ""


@dataclass(frozen=True)
class HiredStep:
    """One line of the application's history (a stage move or an end)."""

    at: datetime
    from_stage: str
    to_stage: str
    from_status: str
    to_status: str
    actor_label: str
    rule: str
    reason: str


@dataclass(frozen=True)
class HiredDimension:
    dimension_code: str  # empty while the vendor's name had no mapping
    vendor_key: str
    vendor_label: str
    score: Decimal | None
    raw_score: str
    raw_scale: str
    comment: str = ""
    # Where this score stood among everyone assessed on it for the same job (0-100).
    pool_percentile: Decimal | None = None
    pool_size: int | None = None


@dataclass(frozen=True)
class HiredResult:
    """One assessment: AI interview, written test, scorecard, background check ..."""

    origin_ref: str
    kind: str
    source: str
    vendor_name: str
    model_version: str
    external_id: str
    status: str
    overall_score: Decimal | None
    overall_raw: str
    overall_scale: str
    vendor_verdict: str
    completed_at: datetime | None
    report_url: str
    media: dict[str, Any]
    raw: dict[str, Any]
    dimensions: tuple[HiredDimension, ...] = ()
    overall_percentile: Decimal | None = None
    pool_size: int | None = None


@dataclass(frozen=True)
class HireRecord:
    application_id: int
    candidate_id: int
    job_id: int
    job_title: str
    department_id: int
    location_id: int | None
    employment_type: str  # an employees EmploymentType value
    start_date: date
    person: HiredPerson
    offer: HiredOffer
    files: tuple[HiredFile, ...] = ()
    notes: tuple[HiredNote, ...] = ()
    consents: tuple[HiredConsent, ...] = ()
    history: tuple[HiredStep, ...] = ()
    results: tuple[HiredResult, ...] = ()
    position_id: int | None = None
    manager_id: int | None = None  # an Employee id, when HR names one at hire
    extra: dict[str, Any] = field(default_factory=dict)


def hire_record_to_json(record: HireRecord) -> dict[str, Any]:
    """The record as plain JSON values (dates as ISO text, decimals as strings)."""
    import json

    return json.loads(json.dumps(asdict(record), cls=DjangoJSONEncoder))
