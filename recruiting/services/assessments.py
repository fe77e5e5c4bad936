"""Record assessment results: exactly one row per (source, external id), newest wins.

Both vendor paths (pull and push) and HR's manual entries end here, one result
or a whole page at a time. The rows concerned are locked while they are
compared and written, so concurrent deliveries of the same result serialise;
a unique constraint backs that up. The vendor's own update time (then its
revision) is the version: an older delivery is ignored, an identical one
changes nothing, a newer one replaces scores and dimensions. A page costs a
fixed number of queries, whatever its size.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from hrflow.core.audit import audit_record
from hrflow.core.bulk_rows import instances_copy, rows_copy
from hrflow.core.errors import ApplicationError
from integrations.models import SOURCE_KEY_PREFIX
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.media_links import refused_media_link
from recruiting.models import Application, Assessment, AssessmentDimensionScore
from recruiting.services.card_scores import COUNTED_SCORING, SCORE_FIELDS, refresh_card_scores
from recruiting.services.retakes import attempts_link

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
KINDS = frozenset(Assessment.Kind.values)
STATUSES = frozenset(Assessment.Status.values)
SCORINGS = frozenset(Assessment.Scoring.values)
VERDICTS = frozenset(Assessment.Verdict.values)
MANUAL_SOURCE = "manual"  # written tests HR enters (written_test_enter)
SCORECARD_SOURCE = "scorecard"  # interviewers' scorecards (recruiting.interviews)
RESUME_MATCH_SOURCE = "resume_match"  # the resume-to-job match (recruiting.resume_reading)
# The sources hrflow records its own results under: written tests, scorecards, matches.
OWN_SOURCES = frozenset({MANUAL_SOURCE, SCORECARD_SOURCE, RESUME_MATCH_SOURCE})
RECORD_LOCK_NAMESPACE = 0x5F1E  # advisory-lock key space: (namespace, application id)
RESULT_FIELDS = [
    "external_id",
    "kind",
    "status",
    "scoring_status",
    "overall_score",
    "overall_raw",
    "overall_scale",
    "vendor_verdict",
    "vendor_verdict_raw",
    "vendor_revision",
    "external_interview_id",
    "attempt_no",
    "media",
    "raw",
    "warnings",
    "completed_at",
    "vendor_updated_at",
    "content_hash",
    "attempt_of_external_id",
    "updated_at",
]
# A new row: every column the result fills, plus what ties it to its application.
CREATE_FIELDS = ["created_at", "application", "source", *RESULT_FIELDS]


class RecordOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    IGNORED_OLDER = "ignored_older"


class ResultOfAnotherApplication(ApplicationError):
    """The result's (source, external id) is stored for another application."""


@dataclass
class Recorded:
    """What became of one result of a batch: its row and outcome, or why it was refused."""

    result: AssessmentResult
    application: Application
    assessment: Assessment | None = None
    outcome: RecordOutcome | None = None
    error: ApplicationError | None = None


class RecordedHandler(Protocol):
    def __call__(self, *, application_ids: Sequence[int]) -> None: ...


# What else follows new or revised results, in their transaction, registered from
# RecruitingConfig.ready() by the packages above: a result that reaches a hired
# application adds to the employee's file (recruiting.hiring).
_recorded_handlers: list[RecordedHandler] = []


def recorded_handler_register(handler: RecordedHandler) -> None:
    if handler not in _recorded_handlers:
        _recorded_handlers.append(handler)


def record_assessment_result(
    *, result: AssessmentResult, application: Application
) -> tuple[Assessment, RecordOutcome]:
    """Store `result` for `application`, idempotently; say what happened.

    One row per (source, external id). A result applies only if its vendor
    version (update time, then revision) is strictly newer than the stored
    one; identical content is a no-op. A vendor's first result for an
    interview we invited to takes over the invitation's row.
    """
    [recorded] = record_assessment_results([(result, application)])
    if recorded.error is not None:
        raise recorded.error
    assert recorded.assessment is not None and recorded.outcome is not None  # noqa: PT018
    return recorded.assessment, recorded.outcome


def assessment_result_enter(
    *, result: AssessmentResult, application: Application
) -> tuple[Assessment, RecordOutcome]:
    """Record a result a person or another system sends through the API.

    Sources that vendor connections ("conn:<uuid>") and hrflow itself (written
    tests, scorecards) record under are refused: an entry under one could
    take a vendor's result id before the vendor's result arrives, and the
    vendor's result would then be refused as another application's.
    """
    if source_reserved(result.source):
        raise ApplicationError(
            _("This source is kept for vendor connections and hrflow's own results."),
            extra={"field": "source"},
        )
    return record_assessment_result(result=result, application=application)


def source_reserved(source: str) -> bool:
    key = source.strip().lower()
    return key.startswith(SOURCE_KEY_PREFIX) or key in OWN_SOURCES


def record_assessment_results(
    items: Sequence[tuple[AssessmentResult, Application]],
) -> list[Recorded]:
    """Record a page of results at once; a refused result does not stop the others."""
    batch = [Recorded(result, application) for result, application in items]
    for item in batch:
        try:
            _validate(item.result)
        except ApplicationError as error:
            item.error = error
    valid = [item for item in batch if item.error is None]
    keys = [(item.result.source, item.result.external_id) for item in valid]
    if len(set(keys)) < len(keys):
        # The same result twice in one page: one at a time, in page order.
        for item in valid:
            _record_with_retry([item])
        return batch
    _record_with_retry(valid)
    return batch


def _record_with_retry(items: list[Recorded]) -> None:
    if not items:
        return
    try:
        with transaction.atomic():
            _record(items)
    except IntegrityError:
        # Another transaction inserted one of these (source, external id) first;
        # now the rows exist, so this attempt becomes updates or no-ops.
        for item in items:
            item.assessment, item.outcome, item.error = None, None, None
        with transaction.atomic():
            _record(items)


def _validate(result: AssessmentResult) -> None:
    scores = [result.overall_score, *(d.score for d in result.dimensions)]
    if any(score is not None and not Decimal(0) <= score <= Decimal(100) for score in scores):
        raise ApplicationError(_("Scores must lie between 0 and 100."), extra={"field": "score"})
    if (
        result.kind not in KINDS
        or result.status not in STATUSES
        or result.scoring_status not in SCORINGS
        or result.vendor_verdict not in VERDICTS
    ):
        raise ApplicationError(_("Unknown assessment kind or status."))
    if not result.source or not result.external_id:
        raise ApplicationError(_("A result needs its source and external id."))
    refused = refused_media_link(result.media)
    if refused is not None:
        raise ApplicationError(
            _("A link in media must be an https address of a web host."),
            extra={"field": f"media.{refused}"},
        )
    keys = [d.key for d in result.dimensions]
    codes = [d.code for d in result.dimensions if d.code]
    if "" in keys or len(set(keys)) < len(keys) or len(set(codes)) < len(codes):
        raise ApplicationError(
            _("Two of the result's dimensions have the same name or map to the same dimension."),
            extra={"field": "dimensions"},
        )


def _record(items: list[Recorded]) -> None:
    """Decide every item against the locked rows, then write in a fixed number of queries."""
    _lock_applications({item.application.pk for item in items})
    stored = _locked_rows(items)
    invitations = _locked_invitations(items, stored)
    dimensions = _dimensions_for(items)
    now = timezone.now()
    created: list[Recorded] = []
    updated: list[Recorded] = []
    media_only: list[Assessment] = []
    for item in items:
        result = item.result
        existing = stored.get((result.source, result.external_id))
        if existing is None and result.external_interview_id:
            existing = invitations.pop(
                (result.source, result.external_interview_id, item.application.pk), None
            )
        unknown = {d.code for d in result.dimensions if d.code} - set(dimensions)
        if unknown:
            item.error = ApplicationError(
                _("Unknown dimensions: %s.") % ", ".join(sorted(unknown)),
                extra={"field": "dimensions"},
            )
            continue
        if existing is not None and existing.application_id != item.application.pk:
            item.error = ResultOfAnotherApplication(
                _("This result belongs to another application.")
            )
            continue
        digest = content_hash(result)
        item.assessment, item.outcome = _decide(existing, result, digest)
        if item.outcome == RecordOutcome.UNCHANGED and existing is not None:
            if existing.media != result.media:  # refreshed signed links: keep the new ones
                existing.media = result.media
                media_only.append(existing)
            continue
        if item.outcome not in (RecordOutcome.CREATED, RecordOutcome.UPDATED):
            continue
        assessment = item.assessment
        revised = existing is not None and assessment.scoring_status in COUNTED_SCORING
        _apply(assessment, result, digest, now)
        if revised and result.scoring_status == Assessment.Scoring.FINAL:
            assessment.scoring_status = Assessment.Scoring.REVISED
        (created if existing is None else updated).append(item)
    _write(created, updated, media_only, dimensions)
    changed = sorted({item.application.pk for item in (*created, *updated)})
    for handler in _recorded_handlers:
        if changed:
            handler(application_ids=changed)


def _lock_applications(application_ids: set[int]) -> None:
    """One recorder per application at a time, until its transaction ends.

    Two results of one application recorded at once (two ingest lanes, a
    webhook beside a pull) would each see only its own new row: neither would
    link a retake to the other, and the card score would be computed without
    the other's. Locked in ascending order, so recorders cannot deadlock here.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            # unnest yields the sorted array in order (an ORDER BY would sort after locking).
            "SELECT pg_advisory_xact_lock(%s, id) FROM unnest(%s::int[]) AS id",
            [RECORD_LOCK_NAMESPACE, sorted(application_ids)],
        )


def _locked_rows(items: list[Recorded]) -> dict[tuple[str, str], Assessment]:
    condition = Q(pk__in=[])
    by_source: dict[str, list[str]] = {}
    for item in items:
        by_source.setdefault(item.result.source, []).append(item.result.external_id)
    for source, ids in by_source.items():
        condition |= Q(source=source, external_id__in=ids)
    rows = Assessment.objects.select_for_update().filter(condition).order_by("pk")
    return {(row.source, row.external_id): row for row in rows}


def _locked_invitations(
    items: list[Recorded], stored: dict[tuple[str, str], Assessment]
) -> dict[tuple[str, str, int], Assessment]:
    """Invitation rows a first result takes over (same interview, still invited)."""
    wanted = [
        item.result
        for item in items
        if item.result.external_interview_id
        and (item.result.source, item.result.external_id) not in stored
    ]
    if not wanted:
        return {}
    by_source: dict[str, set[str]] = {}
    for result in wanted:
        by_source.setdefault(result.source, set()).add(result.external_interview_id)
    condition = Q(pk__in=[])
    for source, interview_ids in by_source.items():
        condition |= Q(source=source, external_interview_id__in=interview_ids)
    rows = (
        Assessment.objects.select_for_update()
        .filter(condition, status=Assessment.Status.INVITED, attempt_no=1)
        .order_by("pk")
    )
    return {(r.source, r.external_interview_id, r.application_id): r for r in rows}


def _dimensions_for(items: list[Recorded]) -> dict[str, Dimension]:
    codes = {d.code for item in items for d in item.result.dimensions if d.code}
    return {d.code: d for d in Dimension.objects.filter(code__in=codes)} if codes else {}


def _decide(
    existing: Assessment | None, result: AssessmentResult, digest: str
) -> tuple[Assessment, RecordOutcome]:
    if existing is None:
        return Assessment(source=result.source, external_id=result.external_id), (
            RecordOutcome.CREATED
        )
    if existing.external_id != result.external_id:  # an invitation taken over
        return existing, RecordOutcome.UPDATED
    if _version(result) < _stored_version(existing):
        return existing, RecordOutcome.IGNORED_OLDER
    if existing.content_hash == digest:
        return existing, RecordOutcome.UNCHANGED
    if _version(result) == _stored_version(existing):
        # Same version, different content: the first one stays
        # (docs/vendors/scenarios.md case 17).
        return existing, RecordOutcome.IGNORED_OLDER
    return existing, RecordOutcome.UPDATED


def _version(result: AssessmentResult) -> tuple[datetime, int]:
    return (result.vendor_updated_at or EPOCH, result.vendor_revision or 0)


def _stored_version(assessment: Assessment) -> tuple[datetime, int]:
    return (assessment.vendor_updated_at or EPOCH, assessment.vendor_revision or 0)


def content_hash(result: AssessmentResult) -> str:
    """What a result says, minus what changes on every fetch (signed media links)."""
    content = {
        "kind": result.kind,
        "status": result.status,
        "scoring": result.scoring_status,
        "overall": None if result.overall_score is None else str(result.overall_score),
        "overall_raw": result.overall_raw,
        "verdict": [result.vendor_verdict, result.vendor_verdict_raw],
        "completed_at": result.completed_at.isoformat() if result.completed_at else None,
        "interview": [result.external_interview_id, result.attempt_no],
        "dimensions": sorted(
            [d.key, d.code, None if d.score is None else str(d.score), d.raw_score, d.comment]
            for d in result.dimensions
        ),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _apply(assessment: Assessment, result: AssessmentResult, digest: str, now: datetime) -> None:
    assessment.external_id = result.external_id
    assessment.kind = result.kind
    assessment.status = result.status
    assessment.scoring_status = result.scoring_status
    assessment.overall_score = result.overall_score
    assessment.overall_raw = result.overall_raw
    assessment.overall_scale = result.overall_scale
    assessment.vendor_verdict = result.vendor_verdict
    assessment.vendor_verdict_raw = result.vendor_verdict_raw
    assessment.vendor_revision = result.vendor_revision
    assessment.external_interview_id = result.external_interview_id
    assessment.attempt_no = result.attempt_no
    assessment.media = result.media
    assessment.raw = result.raw
    assessment.warnings = list(result.warnings)
    assessment.completed_at = result.completed_at
    assessment.vendor_updated_at = result.vendor_updated_at
    assessment.content_hash = digest
    assessment.attempt_of_external_id = result.attempt_of_external_id[:128]
    assessment.updated_at = now


def _write(
    created: list[Recorded],
    updated: list[Recorded],
    media_only: list[Assessment],
    dimensions: dict[str, Dimension],
) -> None:
    for item in created:
        assert item.assessment is not None
        item.assessment.application = item.application
    instances_copy(
        Assessment, CREATE_FIELDS, [item.assessment for item in created if item.assessment]
    )
    Assessment.objects.bulk_update(
        [item.assessment for item in updated if item.assessment], RESULT_FIELDS
    )
    Assessment.objects.bulk_update(media_only, ["media"])
    changed = created + updated
    if not changed:
        return
    AssessmentDimensionScore.objects.filter(
        assessment__in=[item.assessment for item in updated]
    ).delete()
    rows_copy(
        AssessmentDimensionScore,
        SCORE_COLUMNS,
        (
            _score_row(item.assessment.pk, d, dimensions)
            for item in changed
            if item.assessment is not None
            for d in item.result.dimensions
        ),
    )
    links = attempts_link([(item.result, item.assessment) for item in changed if item.assessment])
    for item in changed:  # the caller's instances say what the rows now say
        if item.assessment is not None and item.assessment.pk in links:
            item.assessment.attempt_of_id = links[item.assessment.pk]
    kinds = {item.result.kind for item in changed} & set(SCORE_FIELDS)
    refresh_card_scores(application_ids={item.application.pk for item in changed}, kinds=kinds)


SCORE_COLUMNS = [
    "assessment",
    "dimension",
    "vendor_key",
    "vendor_label",
    "score",
    "raw_score",
    "raw_scale",
    "comment",
]


def _score_row(
    assessment_id: int, d: DimensionResult, dimensions: dict[str, Dimension]
) -> tuple[Any, ...]:
    dimension = dimensions[d.code].pk if d.code else None
    return (
        assessment_id,
        dimension,
        d.key,
        d.vendor_label,
        d.score,
        d.raw_score,
        d.raw_scale,
        d.comment,
    )


@transaction.atomic
def written_test_record(
    *,
    application: Application,
    score: Decimal,
    actor: User | None,
    dimensions: tuple[DimensionResult, ...] = (),
) -> tuple[Assessment, bool]:
    """Record (or correct) a written-test score HR entered by hand; the assessment, and
    whether it changed (then the application's rules need running again)."""
    result = AssessmentResult(
        source=MANUAL_SOURCE,
        external_id=f"written_test:{application.pk}",
        kind=Assessment.Kind.WRITTEN_TEST,
        status=Assessment.Status.COMPLETED,
        overall_score=Decimal(score),
        dimensions=dimensions,
        completed_at=timezone.now(),
        vendor_updated_at=timezone.now(),
    )
    assessment, outcome = record_assessment_result(result=result, application=application)
    changed = outcome in (RecordOutcome.CREATED, RecordOutcome.UPDATED)
    if changed:
        Assessment.objects.filter(pk=assessment.pk).update(entered_by=actor)
        audit_record(
            actor=actor,
            action="recruiting.written_test_enter",
            target=application,
            changes={"score": str(score)},
        )
    return assessment, changed
