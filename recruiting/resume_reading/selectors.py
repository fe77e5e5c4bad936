"""What the profile shows of a resume's reading: the fields to confirm and each job's match."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import cast

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from recruiting.models import Application, Assessment, Resume
from recruiting.resume_reading.models import ResumeFieldSuggestion
from recruiting.services.assessments import RESUME_MATCH_SOURCE

# Decided fields shown under the ones waiting, newest first: the record of who confirmed.
DECIDED_SHOWN = 7


@dataclass(frozen=True)
class ResumeFields:
    pending: list[ResumeFieldSuggestion]
    decided: list[ResumeFieldSuggestion]


@dataclass(frozen=True)
class ResumeMatchView:
    score: Decimal
    matched: list[str]
    missing: list[str]
    resume_name: str
    scored_at: datetime | None


def profile_resume_fields(*, viewer: User, resumes: list[Resume]) -> ResumeFields:
    """The suggestions read from these resumes (the profile's), in field order; no query
    for someone without a resume."""
    if not resumes:
        return ResumeFields(pending=[], decided=[])
    rows = list(
        scoped(ResumeFieldSuggestion.objects.filter(resume__in=resumes), viewer)
        .select_related("resume", "decided_by")
        .order_by("-decided_at", "-pk")
    )
    order = {value: index for index, value in enumerate(ResumeFieldSuggestion.Field.values)}
    pending = sorted(
        (row for row in rows if row.status == ResumeFieldSuggestion.Status.PENDING),
        key=lambda row: order[row.field],
    )
    decided = [row for row in rows if row.status != ResumeFieldSuggestion.Status.PENDING]
    return ResumeFields(pending=pending, decided=decided[:DECIDED_SHOWN])


def profile_resume_matches(
    *, applications: list[Application], resumes: list[Resume]
) -> dict[int, ResumeMatchView]:
    """Each application's resume match (hrflow's own), by application id: one query, none
    for someone without a resume (then there is nothing to match).

    The applications and resumes are the ones the profile already scoped to the viewer.
    """
    if not resumes or not applications:
        return {}
    rows = Assessment.objects.filter(
        application__in=[application.pk for application in applications],
        kind=Assessment.Kind.RESUME_MATCH,
        source=RESUME_MATCH_SOURCE,
        overall_score__isnull=False,
    ).values_list("application_id", "overall_score", "raw", "completed_at")
    return {
        application_id: ResumeMatchView(
            score=cast(Decimal, score),  # rows without a score are filtered out
            matched=[str(word) for word in raw.get("matched", [])],
            missing=[str(word) for word in raw.get("missing", [])],
            resume_name=str(raw.get("resume_name", "")),
            scored_at=completed_at,
        )
        for application_id, score, raw, completed_at in rows
    }
