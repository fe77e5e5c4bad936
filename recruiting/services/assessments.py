"""Record assessment results: exactly one row per (source, external id), newest wins.

Both vendor paths (pull and push) and HR's manual entries end here. The row is
locked while it is compared and written, so concurrent deliveries of the same
result serialise; a unique constraint backs that up. The vendor's own update
time is the version: an older delivery is ignored, an identical one changes
nothing, a newer one replaces scores and dimensions.
"""

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
from recruiting.models import Application, Assessment, AssessmentDimensionScore, Dimension

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


def record_assessment_result(
    *, result: AssessmentResult, application: Application
) -> tuple[Assessment, RecordOutcome]:
    """Store `result` for `application`, idempotently; say what happened."""
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
    if result.kind not in Assessment.Kind.values or result.status not in Assessment.Status.values:
        raise ApplicationError(_("Unknown assessment kind or status."))
    if not result.source or not result.external_id:
        raise ApplicationError(_("A result needs its source and external id."))


def _record(result: AssessmentResult, application: Application) -> tuple[Assessment, RecordOutcome]:
    existing = (
        Assessment.objects.select_for_update()
        .filter(source=result.source, external_id=result.external_id)
        .first()
    )
    if existing is None:
        assessment = Assessment(
            application=application, source=result.source, external_id=result.external_id
        )
        outcome = RecordOutcome.CREATED
    else:
        if existing.application_id != application.pk:
            raise ApplicationError(_("This result belongs to another application."))
        if (
            existing.vendor_updated_at
            and result.vendor_updated_at
            and result.vendor_updated_at < existing.vendor_updated_at
        ):
            return existing, RecordOutcome.IGNORED_OLDER
        if _same_content(existing, result):
            return existing, RecordOutcome.UNCHANGED
        assessment, outcome = existing, RecordOutcome.UPDATED
    _apply(assessment, result)
    assessment.save()
    _replace_dimensions(assessment, result.dimensions)
    _update_application_score(application, result)
    return assessment, outcome


def _fields(result: AssessmentResult) -> dict[str, Any]:
    return {
        "kind": result.kind,
        "status": result.status,
        "overall_score": result.overall_score,
        "media": result.media,
        "raw": result.raw,
        "completed_at": result.completed_at,
        "vendor_updated_at": result.vendor_updated_at,
    }


def _same_content(assessment: Assessment, result: AssessmentResult) -> bool:
    stored = {name: getattr(assessment, name) for name in _fields(result)}
    if stored["overall_score"] is not None:
        stored["overall_score"] = Decimal(stored["overall_score"])
    dimensions = {
        (row.dimension.code, Decimal(row.score))
        for row in assessment.dimension_scores.select_related("dimension")
    }
    return stored == _fields(result) and dimensions == {
        (d.code, Decimal(d.score)) for d in result.dimensions
    }


def _apply(assessment: Assessment, result: AssessmentResult) -> None:
    for name, value in _fields(result).items():
        setattr(assessment, name, value)
    if result.attempt_of_external_id:
        assessment.attempt_of = Assessment.objects.filter(
            source=result.source, external_id=result.attempt_of_external_id
        ).first()


def _replace_dimensions(assessment: Assessment, dimensions: tuple[DimensionResult, ...]) -> None:
    codes = {d.code for d in dimensions}
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
            dimension=known[d.code],
            score=d.score,
            raw_score=d.raw_score,
            raw_scale=d.raw_scale,
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


def _refresh_score(application: Application, kind: str) -> None:
    """Keep the card's score equal to the latest completed result of that kind.

    Recomputed rather than copied, so a result corrected to cancelled or failed
    takes its score off the card instead of leaving a stale one.
    """
    field = SCORE_FIELDS[kind]
    latest = (
        Assessment.objects.filter(
            application=application, kind=kind, status=Assessment.Status.COMPLETED
        )
        .order_by(
            F("completed_at").desc(nulls_last=True),
            F("vendor_updated_at").desc(nulls_last=True),
            "-pk",
        )
        .values_list("overall_score", flat=True)
        .first()
    )
    Application.objects.filter(pk=application.pk).update(**{field: latest})


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
