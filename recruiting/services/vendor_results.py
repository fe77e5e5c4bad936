"""A vendor record, pulled or pushed, becomes an assessment, or is held with its reason.

Both paths end here: map the record with the connection's mapping, find the
application it belongs to, and record it through `record_assessment_result`.
A record that cannot be mapped is held as malformed; one that matches no
application waits, unmatched, until HR matches it. Nothing is dropped.
"""

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hrflow.core.errors import ApplicationError
from integrations.adapters.base import Adapter
from integrations.contracts import CanonicalResult, Lifecycle, RawRecord
from integrations.errors import MalformedPayload
from integrations.models import (
    HeldPayload,
    IngestTrace,
    SyncRun,
    VendorConnection,
    WebhookEvent,
)
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.models import Application, Assessment, Candidate
from recruiting.models.jobs import StageKind
from recruiting.services.assessments import RecordOutcome, record_assessment_result

CANDIDATE_REF_PREFIX = "hrflow-app-"

STATUS = {
    Lifecycle.INVITED: Assessment.Status.INVITED,
    Lifecycle.IN_PROGRESS: Assessment.Status.IN_PROGRESS,
    Lifecycle.AWAITING_SCORE: Assessment.Status.COMPLETED,
    Lifecycle.SCORED: Assessment.Status.COMPLETED,
    Lifecycle.EXPIRED: Assessment.Status.EXPIRED,
    Lifecycle.CANCELLED: Assessment.Status.CANCELLED,
    Lifecycle.ERROR: Assessment.Status.FAILED,
    Lifecycle.DELETED: Assessment.Status.DELETED,
}


class IngestOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    IGNORED_OLDER = "ignored_older"
    QUARANTINED = "quarantined"
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class Origin:
    kind: str  # HeldPayload.Origin
    sync_run: SyncRun | None = None
    webhook_event: WebhookEvent | None = None


def candidate_ref(application: Application) -> str:
    """What we give the vendor to echo back: names the application, nothing personal."""
    return f"{CANDIDATE_REF_PREFIX}{application.pk}"


def ingest_record(
    *, connection: VendorConnection, adapter: Adapter, raw: RawRecord, origin: Origin
) -> IngestOutcome:
    """Map, match and record one vendor record; hold it when that is not possible."""
    try:
        canonical = adapter.map_result(raw)
    except MalformedPayload as error:
        _hold(connection, raw, origin, HeldPayload.Kind.MALFORMED, error.message)
        _trace(connection, raw, origin, IngestOutcome.QUARANTINED, error.message)
        return IngestOutcome.QUARANTINED
    return ingest_canonical(connection=connection, canonical=canonical, raw=raw, origin=origin)


def ingest_canonical(
    *,
    connection: VendorConnection,
    canonical: CanonicalResult,
    raw: RawRecord,
    origin: Origin,
    application: Application | None = None,
) -> IngestOutcome:
    application = application or match_application(connection, canonical)
    if application is None:
        _trace(
            connection, raw, origin, IngestOutcome.UNMATCHED, "no matching application", canonical
        )
        _hold(
            connection,
            raw,
            origin,
            HeldPayload.Kind.UNMATCHED,
            "no application matches the vendor's candidate reference "
            f"{canonical.external_candidate_ref or '(none)'!r}"
            + (f" or e-mail {canonical.candidate_email}" if canonical.candidate_email else ""),
            canonical=canonical,
        )
        return IngestOutcome.UNMATCHED
    try:
        with transaction.atomic():
            _, outcome = record_assessment_result(
                result=assessment_result(connection, canonical, raw), application=application
            )
            _release_holds(connection, raw.external_result_id, outcome)
    except ApplicationError as error:
        _hold(connection, raw, origin, HeldPayload.Kind.MALFORMED, error.message)
        _trace(connection, raw, origin, IngestOutcome.QUARANTINED, error.message, canonical)
        return IngestOutcome.QUARANTINED
    _trace(connection, raw, origin, IngestOutcome(outcome.value), "", canonical)
    return IngestOutcome(outcome.value)


def match_application(
    connection: VendorConnection, canonical: CanonicalResult
) -> Application | None:
    """The application a vendor result belongs to, or None if it cannot be told for sure.

    In order: a result or invitation we already hold for it; the candidate
    reference we gave the vendor; the candidate's e-mail when exactly one of
    their active applications waits in an AI-interview stage.
    """
    known = (
        Assessment.objects.filter(source=connection.source_key)
        .filter(external_id=canonical.external_result_id)
        .values_list("application_id", flat=True)
        .first()
    )
    if known is None and canonical.external_interview_id:
        known = (
            Assessment.objects.filter(
                source=connection.source_key,
                external_interview_id=canonical.external_interview_id,
            )
            .values_list("application_id", flat=True)
            .first()
        )
    if known is not None:
        return Application.objects.get(pk=known)
    reference = canonical.external_candidate_ref
    if (
        reference.startswith(CANDIDATE_REF_PREFIX)
        and reference[len(CANDIDATE_REF_PREFIX) :].isdigit()
    ):
        by_reference = (
            Application.objects.exclude(status=Application.Status.MERGED)
            .filter(pk=int(reference[len(CANDIDATE_REF_PREFIX) :]))
            .first()
        )
        if by_reference is not None:
            return by_reference
    if canonical.candidate_email:
        waiting = list(
            Application.objects.filter(
                candidate__in=Candidate.objects.live().filter(
                    email=canonical.candidate_email.strip().lower()
                ),
                status=Application.Status.ACTIVE,
                stage__kind=StageKind.AI_INTERVIEW,
            )[:2]
        )
        if len(waiting) == 1:
            return waiting[0]
    return None


def assessment_result(
    connection: VendorConnection, canonical: CanonicalResult, raw: RawRecord
) -> AssessmentResult:
    """The canonical vendor result in recruiting's terms."""
    deleted = canonical.lifecycle_status == Lifecycle.DELETED
    return AssessmentResult(
        source=connection.source_key,
        external_id=canonical.external_result_id,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=STATUS[canonical.lifecycle_status],
        scoring_status=canonical.scoring_status.value.lower(),
        overall_score=canonical.overall_score,
        overall_raw=canonical.overall_raw,
        overall_scale=canonical.overall_scale.describe() if canonical.overall_scale else "",
        vendor_verdict=canonical.vendor_verdict.value.lower(),
        vendor_verdict_raw=canonical.vendor_verdict_raw[:40],
        vendor_revision=canonical.vendor_revision,
        external_interview_id=canonical.external_interview_id,
        attempt_no=canonical.attempt_no,
        attempt_of_external_id=canonical.supersedes_external_id,
        dimensions=tuple(
            DimensionResult(
                code=d.canonical_key,
                score=d.normalized,
                raw_score=d.raw_value[:40],
                raw_scale=d.scale.describe(),
                vendor_key=d.vendor_key[:120],
                vendor_label=d.vendor_label[:120],
                comment=d.comment,
            )
            for d in canonical.dimensions
        ),
        # A vendor-side deletion purges media and the payload; the scores stay as a record.
        media={} if deleted else _media(canonical),
        raw={} if deleted else raw.body,
        completed_at=canonical.completed_at,
        vendor_updated_at=canonical.vendor_updated_at,
        warnings=canonical.warnings
        + tuple(f"unmapped dimension {key!r}" for key in canonical.unmapped_dimensions),
    )


def _media(canonical: CanonicalResult) -> dict[str, Any]:
    media: dict[str, Any] = {
        "videos": [
            {
                "url": item.url,
                "expires_at": item.url_expires_at.isoformat() if item.url_expires_at else None,
                "question": item.prompt,
                "order": item.order,
                "duration_s": item.duration_s,
                "keywords": list(item.keywords),
                "transcript_excerpt": item.transcript_excerpt,
            }
            for item in canonical.media
        ],
        "keywords": list(canonical.keywords),
        "summary": canonical.summary,
        "report_url": canonical.report_url,
        "language": canonical.language,
    }
    if canonical.affect and settings.HRFLOW_COMPLIANCE_PROFILE != "eu":
        # Shown to HR as the vendor's opinion; never an input to a decision.
        media["affect"] = [
            {"scope": a.scope, "label": a.label, "score": str(a.score)} for a in canonical.affect
        ]
    return media


def _hold(
    connection: VendorConnection,
    raw: RawRecord,
    origin: Origin,
    kind: str,
    reason: str,
    *,
    canonical: CanonicalResult | None = None,
) -> HeldPayload:
    """Keep the record aside (one open hold per result: a re-delivery refreshes it)."""
    body = json.dumps(raw.body, ensure_ascii=False, sort_keys=True).encode()
    fields = {
        "kind": kind,
        "origin": origin.kind,
        "reason": reason[:2000],
        "raw": body,
        "sync_run": origin.sync_run,
        "webhook_event": origin.webhook_event,
        "external_candidate_ref": (canonical.external_candidate_ref if canonical else "")[:128],
        "candidate_email": (canonical.candidate_email if canonical else "")[:254],
    }
    held, _ = HeldPayload.objects.update_or_create(
        connection=connection,
        external_result_id=raw.external_result_id[:128],
        status=HeldPayload.Status.OPEN,
        defaults=fields,
    )
    return held


def hold_unreadable(
    *, connection: VendorConnection, body: bytes, reason: str, origin: Origin
) -> HeldPayload:
    """A page or delivery that could not be split into records: kept whole."""
    return HeldPayload.objects.create(
        connection=connection,
        kind=HeldPayload.Kind.UNREADABLE,
        origin=origin.kind,
        reason=reason[:2000],
        raw=body,
        sync_run=origin.sync_run,
        webhook_event=origin.webhook_event,
    )


def _trace(
    connection: VendorConnection,
    raw: RawRecord,
    origin: Origin,
    outcome: IngestOutcome,
    detail: str,
    canonical: CanonicalResult | None = None,
) -> None:
    IngestTrace.objects.create(
        connection=connection,
        external_result_id=raw.external_result_id[:128],
        external_interview_id=(canonical.external_interview_id if canonical else "")[:128],
        candidate_ref=(canonical.external_candidate_ref if canonical else "")[:128],
        origin=origin.kind,
        sync_run=origin.sync_run,
        webhook_event=origin.webhook_event,
        outcome=outcome,
        detail=detail[:2000],
    )


def _release_holds(connection: VendorConnection, external_id: str, outcome: RecordOutcome) -> None:
    HeldPayload.objects.filter(
        connection=connection, external_result_id=external_id, status=HeldPayload.Status.OPEN
    ).update(
        status=HeldPayload.Status.RESOLVED,
        resolved_at=timezone.now(),
        resolution=f"recorded ({outcome.value})",
    )
