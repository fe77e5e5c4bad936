"""A vendor record, pulled or pushed, becomes an assessment, or is held with its reason.

Both paths end here: map the record with the connection's mapping, find the
application it belongs to, and record it through `record_assessment_result`.
A record that cannot be mapped is held as malformed; one that matches no
application waits, unmatched, until HR matches it. Nothing is dropped.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from hrflow.core.bulk_rows import rows_copy
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
from recruiting.screening.services import applications_screen
from recruiting.services.assessments import RecordOutcome, record_assessment_results
from recruiting.vendors.refs import reference_pk

TRACE_FIELDS = [
    "connection",
    "external_result_id",
    "external_interview_id",
    "candidate_ref",
    "origin",
    "sync_run",
    "webhook_event",
    "outcome",
    "detail",
    "created_at",
]

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


def ingest_record(
    *, connection: VendorConnection, adapter: Adapter, raw: RawRecord, origin: Origin
) -> IngestOutcome:
    """Map, match and record one vendor record; hold it when that is not possible."""
    [outcome] = ingest_records(connection=connection, adapter=adapter, records=[raw], origin=origin)
    return outcome


def ingest_records(
    *,
    connection: VendorConnection,
    adapter: Adapter,
    records: Sequence[RawRecord],
    origin: Origin | Sequence[Origin],
) -> list[IngestOutcome]:
    """A page of vendor records, in a fixed number of queries (plus one per held record).

    Each record is mapped (pure), matched to its application (three queries
    for the page), recorded (record_assessment_results) and traced; what
    cannot be mapped, matched or recorded is held with its reason. `origin` is
    one for them all (a pulled page), or one per record (webhook events).
    """
    origins = [origin] * len(records) if isinstance(origin, Origin) else list(origin)
    outcomes: list[IngestOutcome | None] = [None] * len(records)
    traces: list[tuple[Any, ...]] = []
    mapped: list[tuple[int, CanonicalResult]] = []
    for index, raw in enumerate(records):
        try:
            mapped.append((index, adapter.map_result(raw)))
        except MalformedPayload as error:
            _hold(connection, raw, origins[index], HeldPayload.Kind.MALFORMED, error.message)
            traces.append(
                _trace(connection, raw, origins[index], IngestOutcome.QUARANTINED, error.message)
            )
            outcomes[index] = IngestOutcome.QUARANTINED
    applications = match_applications(connection, [canonical for _, canonical in mapped])
    return _record_matched(connection, records, origins, mapped, applications, outcomes, traces)


def ingest_canonical(
    *,
    connection: VendorConnection,
    canonical: CanonicalResult,
    raw: RawRecord,
    origin: Origin,
    application: Application | None = None,
) -> IngestOutcome:
    """One record already mapped (HR's replay and match), optionally to a chosen application."""
    applications = (
        {canonical.external_result_id: application}
        if application is not None
        else match_applications(connection, [canonical])
    )
    [outcome] = _record_matched(
        connection, [raw], [origin], [(0, canonical)], applications, [None], []
    )
    return outcome


def _record_matched(
    connection: VendorConnection,
    records: Sequence[RawRecord],
    origins: Sequence[Origin],
    mapped: list[tuple[int, CanonicalResult]],
    applications: dict[str, Application],
    outcomes: list[IngestOutcome | None],
    traces: list[tuple[Any, ...]],
) -> list[IngestOutcome]:
    batch: list[tuple[int, CanonicalResult, AssessmentResult, Application]] = []
    for index, canonical in mapped:
        raw, origin = records[index], origins[index]
        application = applications.get(canonical.external_result_id)
        if application is None:
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
            traces.append(
                _trace(
                    connection,
                    raw,
                    origin,
                    IngestOutcome.UNMATCHED,
                    "no matching application",
                    canonical,
                )
            )
            outcomes[index] = IngestOutcome.UNMATCHED
            continue
        batch.append((index, canonical, assessment_result(connection, canonical, raw), application))
    batch = _without_erased_payloads(batch)
    with transaction.atomic():
        recorded = record_assessment_results([(result, app) for _, _, result, app in batch])
        stored_ids = []
        for (index, canonical, _result, _app), item in zip(batch, recorded, strict=True):
            raw, origin = records[index], origins[index]
            if item.error is not None:
                _hold(connection, raw, origin, HeldPayload.Kind.MALFORMED, item.error.message)
                outcome, detail = IngestOutcome.QUARANTINED, item.error.message
            else:
                assert item.outcome is not None
                outcome, detail = IngestOutcome(item.outcome.value), ""
                stored_ids.append(raw.external_result_id)
            traces.append(_trace(connection, raw, origin, outcome, detail, canonical))
            outcomes[index] = outcome
        _release_holds(connection, stored_ids)
        rows_copy(IngestTrace, TRACE_FIELDS, traces)
        # The company's screening rules decide in the same transaction as the results.
        applications_screen(
            application_ids={
                app.pk
                for (_index, _canonical, _result, app), item in zip(batch, recorded, strict=True)
                if item.outcome in (RecordOutcome.CREATED, RecordOutcome.UPDATED)
            }
        )
    return [outcome or IngestOutcome.QUARANTINED for outcome in outcomes]


def match_applications(
    connection: VendorConnection, results: Sequence[CanonicalResult]
) -> dict[str, Application]:
    """Result id -> the application it belongs to, where that can be told for sure.

    In order: a result or invitation we already hold for it; the candidate
    reference we gave the vendor; the candidate's e-mail when exactly one of
    their active applications waits in an AI-interview stage.
    """
    if not results:
        return {}
    source = connection.source_key
    result_ids = [r.external_result_id for r in results]
    interview_ids = [r.external_interview_id for r in results if r.external_interview_id]
    known: dict[str, int] = {}
    by_interview: dict[str, int] = {}
    rows = Assessment.objects.filter(source=source).filter(
        Q(external_id__in=result_ids) | Q(external_interview_id__in=interview_ids)
    )
    for external_id, interview_id, application_id in rows.order_by().values_list(
        "external_id", "external_interview_id", "application_id"
    ):
        known.setdefault(external_id, application_id)
        if interview_id:
            by_interview.setdefault(interview_id, application_id)
    wanted: dict[str, int] = {}
    emails: dict[str, str] = {}
    for result in results:
        pk = known.get(result.external_result_id) or by_interview.get(result.external_interview_id)
        if pk is None:
            pk = reference_pk(result.external_candidate_ref)
        if pk is not None:
            wanted[result.external_result_id] = pk
        elif result.candidate_email:
            emails[result.external_result_id] = result.candidate_email.strip().lower()
    found = {
        a.pk: a
        for a in Application.objects.exclude(status=Application.Status.MERGED)
        .filter(pk__in=set(wanted.values()))
        .order_by()
        # What recording needs (its key, and where it stands); the rest is read by whoever
        # acts on the result, in queries of their own.
        .only("id", "job_id", "candidate_id", "stage_id", "status")
        # Whether the person's data was erased: a late result keeps no payload then.
        .annotate(candidate_erased_at=F("candidate__erased_at"))
    }
    matched = {rid: found[pk] for rid, pk in wanted.items() if pk in found}
    for rid in set(wanted) - set(matched):  # a reference to a gone application: try the e-mail
        result = next(r for r in results if r.external_result_id == rid)
        if result.candidate_email:
            emails[rid] = result.candidate_email.strip().lower()
    if emails:
        waiting: dict[str, list[Application]] = {}
        for application in (
            Application.objects.filter(
                candidate__in=Candidate.objects.live().filter(email__in=set(emails.values())),
                status=Application.Status.ACTIVE,
                stage__kind=StageKind.AI_INTERVIEW,
            )
            .select_related("candidate")
            .annotate(candidate_erased_at=F("candidate__erased_at"))
        ):
            waiting.setdefault(application.candidate.email, []).append(application)
        for rid, email in emails.items():
            if len(waiting.get(email, [])) == 1:
                matched[rid] = waiting[email][0]
    return matched


def _without_erased_payloads(
    batch: list[tuple[int, CanonicalResult, AssessmentResult, Application]],
) -> list[tuple[int, CanonicalResult, AssessmentResult, Application]]:
    """A late or revised result about a person whose data was erased keeps its scores (the
    reports count them) but not the vendor's payload, which names the person again.

    The matching query read each application's `candidate_erased_at`: no query here.
    """
    return [
        (index, canonical, replace(result, raw={}, media={}), application)
        if getattr(application, "candidate_erased_at", None) is not None
        else (index, canonical, result, application)
        for index, canonical, result, application in batch
    ]


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


def hold_refused(
    *, connection: VendorConnection, raw: RawRecord, reason: str, origin: Origin
) -> HeldPayload:
    """A record the database would not store (a NUL character in its text, say): held."""
    held = _hold(connection, raw, origin, HeldPayload.Kind.MALFORMED, reason)
    rows_copy(
        IngestTrace,
        TRACE_FIELDS,
        [_trace(connection, raw, origin, IngestOutcome.QUARANTINED, reason)],
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
) -> tuple[Any, ...]:
    """One IngestTrace row, its values in TRACE_FIELDS order."""
    return (
        connection.pk,
        raw.external_result_id[:128],
        (canonical.external_interview_id if canonical else "")[:128],
        (canonical.external_candidate_ref if canonical else "")[:128],
        origin.kind,
        origin.sync_run.pk if origin.sync_run else None,
        origin.webhook_event.pk if origin.webhook_event else None,
        outcome.value,
        detail[:2000],
        timezone.now(),
    )


def _release_holds(connection: VendorConnection, external_ids: list[str]) -> None:
    """Results now recorded close the holds a bad earlier delivery of them opened."""
    if not external_ids:
        return
    HeldPayload.objects.filter(
        connection=connection, external_result_id__in=external_ids, status=HeldPayload.Status.OPEN
    ).update(status=HeldPayload.Status.RESOLVED, resolved_at=timezone.now(), resolution="recorded")
