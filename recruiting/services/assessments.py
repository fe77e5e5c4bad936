"""Record assessment results: exactly one row per (source, external id), newest wins.

Both vendor paths (pull and push) and HR's manual entries end here. The row is
locked while it is compared and written, so concurrent deliveries of the same
result serialise; a unique constraint backs that up. The vendor's own update
time is the version: an older delivery is ignored, an identical one changes
nothing, a newer one replaces scores and dimensions.
"""

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.models import Application, Assessment, AssessmentDimensionScore, Dimension, Job

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SCORE_FIELDS: dict[str, str] = {
    Assessment.Kind.AI_INTERVIEW: "ai_score",
    Assessment.Kind.WRITTEN_TEST: "written_test_score",
    Assessment.Kind.RESUME_MATCH: "resume_match_score",
}


class RecordOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    IGNORED_OLDER = "ignored_older"


COUNTED_SCORING = (Assessment.Scoring.FINAL, Assessment.Scoring.REVISED)


def record_assessment_result(
    *, result: AssessmentResult, application: Application
) -> tuple[Assessment, RecordOutcome]:
    """Store `result` for `application`, idempotently; say what happened.

    One row per (source, external id). A result applies only if its vendor
    version (update time, then revision) is strictly newer than the stored
    one; identical content is a no-op. A vendor's first result for an
    interview we invited to takes over the invitation's row.
    """
    _validate(result)
    try:
        with transaction.atomic():
            return _record(result, application)
    except IntegrityError:
        # Another transaction inserted the same (source, external id) first;
        # now the row exists, so this attempt becomes an update or a no-op.
        with transaction.atomic():
            return _record(result, application)


def _validate(result: AssessmentResult) -> None:
    scores = [result.overall_score, *(d.score for d in result.dimensions)]
    if any(score is not None and not Decimal(0) <= score <= Decimal(100) for score in scores):
        raise ApplicationError(_("Scores must lie between 0 and 100."), extra={"field": "score"})
    if (
        result.kind not in Assessment.Kind.values
        or result.status not in Assessment.Status.values
        or result.scoring_status not in Assessment.Scoring.values
        or result.vendor_verdict not in Assessment.Verdict.values
    ):
        raise ApplicationError(_("Unknown assessment kind or status."))
    if not result.source or not result.external_id:
        raise ApplicationError(_("A result needs its source and external id."))
    keys = [d.key for d in result.dimensions]
    codes = [d.code for d in result.dimensions if d.code]
    if "" in keys or len(set(keys)) < len(keys) or len(set(codes)) < len(codes):
        raise ApplicationError(
            _("Two of the result's dimensions have the same name or map to the same dimension."),
            extra={"field": "dimensions"},
        )


def _record(result: AssessmentResult, application: Application) -> tuple[Assessment, RecordOutcome]:
    existing = _existing(result, application)
    digest = content_hash(result)
    if existing is None:
        assessment = Assessment(
            application=application, source=result.source, external_id=result.external_id
        )
        outcome = RecordOutcome.CREATED
    else:
        if existing.application_id != application.pk:
            raise ApplicationError(_("This result belongs to another application."))
        adopting = existing.external_id != result.external_id
        if not adopting and _version(result) < _stored_version(existing):
            return existing, RecordOutcome.IGNORED_OLDER
        if not adopting and existing.content_hash == digest:
            if existing.media != result.media:  # refreshed signed links: keep the new ones
                Assessment.objects.filter(pk=existing.pk).update(media=result.media)
            return existing, RecordOutcome.UNCHANGED
        if not adopting and _version(result) == _stored_version(existing):
            # Same version, different content: the first one stays (README 2.2, rule 17).
            return existing, RecordOutcome.IGNORED_OLDER
        assessment, outcome = existing, RecordOutcome.UPDATED
    revised = outcome == RecordOutcome.UPDATED and assessment.scoring_status in COUNTED_SCORING
    _apply(assessment, result, digest)
    if revised and result.scoring_status == Assessment.Scoring.FINAL:
        assessment.scoring_status = Assessment.Scoring.REVISED
    assessment.save()
    _replace_dimensions(assessment, result.dimensions)
    _update_application_score(application, result)
    return assessment, outcome


def _existing(result: AssessmentResult, application: Application) -> Assessment | None:
    """The stored row for this result, or the invitation row it completes (locked)."""
    rows = Assessment.objects.select_for_update()
    existing = rows.filter(source=result.source, external_id=result.external_id).first()
    if existing is None and result.external_interview_id:
        existing = rows.filter(
            source=result.source,
            external_interview_id=result.external_interview_id,
            application=application,
            status=Assessment.Status.INVITED,
            attempt_no=1,
        ).first()
    return existing


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


def _fields(result: AssessmentResult) -> dict[str, Any]:
    return {
        "external_id": result.external_id,
        "kind": result.kind,
        "status": result.status,
        "scoring_status": result.scoring_status,
        "overall_score": result.overall_score,
        "overall_raw": result.overall_raw,
        "overall_scale": result.overall_scale,
        "vendor_verdict": result.vendor_verdict,
        "vendor_verdict_raw": result.vendor_verdict_raw,
        "vendor_revision": result.vendor_revision,
        "external_interview_id": result.external_interview_id,
        "attempt_no": result.attempt_no,
        "media": result.media,
        "raw": result.raw,
        "warnings": list(result.warnings),
        "completed_at": result.completed_at,
        "vendor_updated_at": result.vendor_updated_at,
    }


def _apply(assessment: Assessment, result: AssessmentResult, digest: str) -> None:
    for name, value in _fields(result).items():
        setattr(assessment, name, value)
    assessment.content_hash = digest
    earlier = Assessment.objects.filter(source=result.source).exclude(pk=assessment.pk)
    if result.attempt_of_external_id:
        assessment.attempt_of = earlier.filter(external_id=result.attempt_of_external_id).first()
    elif result.attempt_no > 1 and result.external_interview_id:
        assessment.attempt_of = (
            earlier.filter(
                external_interview_id=result.external_interview_id,
                attempt_no__lt=result.attempt_no,
            )
            .order_by("-attempt_no")
            .first()
        )


def _replace_dimensions(assessment: Assessment, dimensions: tuple[DimensionResult, ...]) -> None:
    codes = {d.code for d in dimensions if d.code}
    known = {d.code: d for d in Dimension.objects.filter(code__in=codes)}
    unknown = codes - set(known)
    if unknown:
        raise ApplicationError(
            _("Unknown dimensions: %s.") % ", ".join(sorted(unknown)), extra={"field": "dimensions"}
        )
    assessment.dimension_scores.all().delete()
    AssessmentDimensionScore.objects.bulk_create(
        AssessmentDimensionScore(
            assessment=assessment,
            dimension=known[d.code] if d.code else None,
            vendor_key=d.key,
            vendor_label=d.vendor_label,
            score=d.score,
            raw_score=d.raw_score,
            raw_scale=d.raw_scale,
            comment=d.comment,
        )
        for d in dimensions
    )


def _update_application_score(application: Application, result: AssessmentResult) -> None:
    if result.kind in SCORE_FIELDS:
        _refresh_score(application, result.kind)


def application_refresh_scores(*, application: Application) -> None:
    """Recompute every score shown on the card from the stored results (after a merge)."""
    for kind in SCORE_FIELDS:
        _refresh_score(application, kind)


ATTEMPT_ORDER: dict[str, tuple[Any, Any]] = {
    Job.RetakePolicy.LATEST: ("-attempt_no", F("completed_at").desc(nulls_last=True)),
    Job.RetakePolicy.FIRST: ("attempt_no", F("completed_at").asc(nulls_last=True)),
    Job.RetakePolicy.BEST: (F("overall_score").desc(nulls_last=True), "-attempt_no"),
}


def _refresh_score(application: Application, kind: str) -> None:
    """Keep the card's score equal to the result that counts, by the job's retake policy.

    Recomputed rather than copied, so a result corrected to cancelled, partial
    or deleted takes its score off the card instead of leaving a stale one.
    """
    field = SCORE_FIELDS[kind]
    policy = Job.objects.filter(pk=application.job_id).values_list("retake_policy", flat=True)
    order = ATTEMPT_ORDER.get(str(policy.first()), ATTEMPT_ORDER[Job.RetakePolicy.LATEST])
    counted = (
        Assessment.objects.filter(
            application=application,
            kind=kind,
            status=Assessment.Status.COMPLETED,
            scoring_status__in=COUNTED_SCORING,
        )
        .order_by(
            *order,
            F("completed_at").desc(nulls_last=True),
            F("vendor_updated_at").desc(nulls_last=True),
            "-pk",
        )
        .values_list("overall_score", flat=True)
        .first()
    )
    Application.objects.filter(pk=application.pk).update(**{field: counted})


@transaction.atomic
def written_test_enter(
    *,
    application: Application,
    score: Decimal,
    actor: User | None,
    dimensions: tuple[DimensionResult, ...] = (),
) -> Assessment:
    """HR enters (or corrects) a written-test score by hand."""
    from django.utils import timezone

    result = AssessmentResult(
        source="manual",
        external_id=f"written_test:{application.pk}",
        kind=Assessment.Kind.WRITTEN_TEST,
        status=Assessment.Status.COMPLETED,
        overall_score=Decimal(score),
        dimensions=dimensions,
        completed_at=timezone.now(),
        vendor_updated_at=timezone.now(),
    )
    assessment, outcome = record_assessment_result(result=result, application=application)
    if outcome in (RecordOutcome.CREATED, RecordOutcome.UPDATED):
        Assessment.objects.filter(pk=assessment.pk).update(entered_by=actor)
        audit_record(
            actor=actor,
            action="recruiting.written_test_enter",
            target=application,
            changes={"score": str(score)},
        )
    return assessment
