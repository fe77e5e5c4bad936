"""Interviewers' scorecards, recorded as interview_feedback assessments.

One assessment per (interview, interviewer), written through
record_assessment_result like every other result, so resubmitting updates
it and an identical resubmission changes nothing. A panel's scorecards count
for screening rules only once the whole panel has submitted: until then they
are stored "in progress / partly scored", which screening_inputs leaves out,
so a rule never advances or rejects on half a panel's view. The last
scorecard completes them all. These functions record and say whether the
application's rules need running again; recruiting.interviews.rescreening runs them.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.interviews import scorecards
from recruiting.models import Assessment, Interview
from recruiting.services.assessments import RecordOutcome, record_assessment_result

NOTES_MAX = 5000


@dataclass(frozen=True)
class Scorecard:
    """What an interviewer fills in: a 1-5 rating per dimension code (None: not
    assessed), a recommendation, and notes."""

    ratings: Mapping[str, int | None]
    recommendation: str
    notes: str = ""


@dataclass(frozen=True)
class ScorecardRecorded:
    assessment: Assessment
    rescreen: bool  # what the application's rules read has changed


@transaction.atomic
def scorecard_record(
    *, interview: Interview, interviewer: User, card: Scorecard
) -> ScorecardRecorded:
    """Store (or update) the interviewer's scorecard; complete the panel if it was the last."""
    # The interview row is the panel's lock: two last scorecards arriving together
    # are taken one after the other, so exactly one of them completes the panel.
    interview = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=interview.pk)
    )
    _check(interview, interviewer, card)
    panel = set(interview.interviewers.values_list("pk", flat=True))
    others = _submitted(interview) - {interviewer.pk}
    complete = panel <= others | {interviewer.pk}
    rated = {code: rating for code, rating in card.ratings.items() if rating is not None}
    now = timezone.now()
    result = AssessmentResult(
        source=scorecards.SOURCE,
        external_id=scorecards.external_id(interview.pk, interviewer.pk),
        external_interview_id=scorecards.panel_key(interview.pk),
        kind=Assessment.Kind.INTERVIEW_FEEDBACK,
        status=Assessment.Status.COMPLETED if complete else Assessment.Status.IN_PROGRESS,
        scoring_status=Assessment.Scoring.FINAL if complete else Assessment.Scoring.PARTIAL,
        overall_score=scorecards.overall_score(rated.values()),
        overall_raw=str(scorecards.mean_rating(rated.values())),
        overall_scale=scorecards.RAW_SCALE,
        vendor_verdict=scorecards.VERDICTS[scorecards.Recommendation(card.recommendation)],
        vendor_verdict_raw=card.recommendation,
        dimensions=tuple(
            DimensionResult(
                code=code,
                score=scorecards.rating_score(rating),
                raw_score=str(rating),
                raw_scale=scorecards.RAW_SCALE,
            )
            for code, rating in sorted(rated.items())
        ),
        media={"summary": card.notes.strip()} if card.notes.strip() else {},
        raw={
            "interview": interview.pk,
            "interviewer": interviewer.pk,
            "ratings": dict(sorted(rated.items())),
            "recommendation": card.recommendation,
        },
        completed_at=now,
        vendor_updated_at=now,
    )
    assessment, outcome = record_assessment_result(result=result, application=interview.application)
    changed = outcome in (RecordOutcome.CREATED, RecordOutcome.UPDATED)
    if changed:
        Assessment.objects.filter(pk=assessment.pk).update(entered_by=interviewer)
        assessment.entered_by = interviewer
        audit_record(
            actor=interviewer,
            action="recruiting.scorecard_submit",
            target=interview.application,
            changes={
                "interview": interview.pk,
                "recommendation": card.recommendation,
                "ratings": dict(sorted(rated.items())),
                "overall": str(result.overall_score),
            },
        )
    rescreen = panel_settle(interview=interview) if complete else changed
    return ScorecardRecorded(assessment=assessment, rescreen=rescreen)


def panel_settle(*, interview: Interview) -> bool:
    """If everyone on the panel has submitted, make their scorecards count and mark the
    interview completed. Says whether it did (then the rules need running again)."""
    if interview.starts_at > timezone.now():
        return False  # moved to a later time: its panel meets (again) then
    panel = set(interview.interviewers.values_list("pk", flat=True))
    if not panel or not panel <= _submitted(interview):
        return False
    # A direct update: only the status moves, the scores stay as submitted. The
    # stored content hash then predates the new status, so an identical later
    # resubmission counts as an update, which is harmless.
    Assessment.objects.filter(
        source=scorecards.SOURCE,
        external_interview_id=scorecards.panel_key(interview.pk),
        status=Assessment.Status.IN_PROGRESS,
    ).update(
        status=Assessment.Status.COMPLETED,
        scoring_status=Assessment.Scoring.FINAL,
        updated_at=timezone.now(),
    )
    if interview.status == Interview.Status.SCHEDULED:
        interview.status = Interview.Status.COMPLETED
        interview.save(update_fields=["status", "updated_at"])
    return True


def _submitted(interview: Interview) -> set[int]:
    """Who has a scorecard for this interview (by user id)."""
    ids = Assessment.objects.filter(
        source=scorecards.SOURCE, external_interview_id=scorecards.panel_key(interview.pk)
    ).values_list("external_id", flat=True)
    return {int(external_id.rsplit(":", 1)[1]) for external_id in ids}


def _check(interview: Interview, interviewer: User, card: Scorecard) -> None:
    if not interview.interviewers.filter(pk=interviewer.pk).exists():
        raise ApplicationError(_("Only the interview's panel fills its scorecards."))
    if interview.status == Interview.Status.CANCELLED:
        raise ApplicationError(_("This interview was cancelled."))
    if interview.starts_at > timezone.now():
        raise ApplicationError(_("The scorecard opens when the interview begins."))
    problems = []
    ratings = {code: rating for code, rating in card.ratings.items() if rating is not None}
    if not ratings:
        problems.append(_("Rate at least one dimension."))
    if any(
        not isinstance(rating, int) or not scorecards.RATING_MIN <= rating <= scorecards.RATING_MAX
        for rating in ratings.values()
    ):
        problems.append(_("Ratings go from 1 to 5."))
    unknown = set(card.ratings) - set(
        Dimension.objects.filter(code__in=list(card.ratings)).values_list("code", flat=True)
    )
    if unknown:
        problems.append(_("Unknown dimensions: %s.") % ", ".join(sorted(unknown)))
    if card.recommendation not in scorecards.Recommendation.values:
        problems.append(_("Choose your recommendation."))
    if len(card.notes) > NOTES_MAX:
        problems.append(_("The notes are too long."))
    if problems:
        raise ApplicationError(" ".join(problems), extra={"problems": problems})
