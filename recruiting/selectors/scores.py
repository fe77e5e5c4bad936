"""The composite score sheet of a job: one row per application with every score.

Sorting and filtering go through allowlists (user input never names a column
directly). The composite is Application.composite: the job's weighted mean of the
AI interview, written test and resume match scores, empty until every weighted score
is in (recruiting/composite.py); stored and indexed per job for the default order.
Empty composites ("incomplete") sort last in either direction.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    F,
    OuterRef,
    QuerySet,
    Subquery,
)

from hrflow.competencies.models import Dimension
from recruiting.composite import composite_missing, listed, score_rounded
from recruiting.models import Application, Assessment, AssessmentDimensionScore, Job

SORTS = {
    "name": "candidate__full_name",
    "stage": "stage__position",
    "status": "status",
    "applied": "applied_at",
    "ai": "ai_score",
    "written": "written_test_score",
    "resume": "resume_match_score",
    "composite": "composite",
}
PAGE_SIZE = 100
NEVER_EMPTY = {"candidate__full_name", "stage__position", "status", "applied_at"}


@dataclass
class ScoreRow:
    """One application's scores as shown and exported: rounded once, by score_rounded."""

    application: Application
    dimensions: dict[str, Decimal] = field(default_factory=dict)
    ai: Decimal | None = None
    written: Decimal | None = None
    resume: Decimal | None = None
    composite: Decimal | None = None
    missing: list[str] = field(default_factory=list)  # weighted scores not yet in

    @property
    def missing_text(self) -> str:
        return listed(self.missing)


# Minimum-score filters: query parameter -> column.
# Scores are shown rounded to one decimal, halves up: a minimum is met by what rounds up to it.
HALF_OF_SHOWN_PLACE = Decimal("0.05")
MINIMUMS = {
    "min_ai": "ai_score",
    "min_written": "written_test_score",
    "min_resume": "resume_match_score",
    "min_composite": "composite",
}
DIMENSION_SORT_PREFIX = "dim:"


def score_sheet_queryset(
    *,
    job: Job,
    sort: str = "composite",
    descending: bool = True,
    stage_id: int | None = None,
    status: str = "",
    minimums: dict[str, Decimal] | None = None,
) -> QuerySet[Application]:
    """Rows of the sheet; `sort` is a key of SORTS or "dim:<dimension code>"."""
    applications = (
        Application.objects.filter(job=job)
        .exclude(status=Application.Status.MERGED)
        .select_related("candidate", "stage")
    )
    if stage_id:
        applications = applications.filter(stage_id=stage_id)
    if status:
        applications = applications.filter(status=status)
    for key, value in (minimums or {}).items():
        if key in MINIMUMS and value is not None:
            # As shown (one decimal, halves up): a stored 79.95 reads 80.0 and meets 80.
            shown_from = Decimal(value) - HALF_OF_SHOWN_PLACE
            applications = applications.filter(**{f"{MINIMUMS[key]}__gte": shown_from})
    if sort.startswith(DIMENSION_SORT_PREFIX):
        code = sort.removeprefix(DIMENSION_SORT_PREFIX)
        applications = applications.annotate(sort_dimension=_latest_dimension_score(code))
        column = "sort_dimension"
    else:
        column = SORTS.get(sort, SORTS["composite"])
    # Empty scores last either way; columns that are never empty get a plain order, and
    # ties follow the direction, so that the (job, column, id) indexes serve a page of a
    # 100,000-application job in either direction (recruiting/models/applications.py).
    nulls_last = True if column not in NEVER_EMPTY else None
    order = (
        F(column).desc(nulls_last=nulls_last)
        if descending
        else F(column).asc(nulls_last=nulls_last)
    )
    return applications.order_by(order, "-pk" if descending else "pk")


def _latest_dimension_score(code: str) -> Subquery:
    """The application's latest completed AI-interview score on one dimension (SQL)."""
    return Subquery(
        AssessmentDimensionScore.objects.filter(
            assessment__application=OuterRef("pk"),
            assessment__kind=Assessment.Kind.AI_INTERVIEW,
            assessment__status=Assessment.Status.COMPLETED,
            dimension__code=code,
        )
        .order_by(F("assessment__completed_at").desc(nulls_last=True), "-assessment_id")
        .values("score")[:1]
    )


def score_sheet_dimensions(rows: list[ScoreRow]) -> list[Dimension]:
    """The dimensions scored on these rows, as sheet columns (one small query).

    Taken from the rows already loaded rather than from every score of the job:
    a job's AI interviews share one vendor's dimensions, and scanning all of a
    10,000-application job's scores cost more than the rest of the page.
    """
    codes = {code for row in rows for code in row.dimensions}
    return list(Dimension.objects.filter(code__in=codes).order_by("code")) if codes else []


def score_sheet_rows(job: Job, applications: list[Application]) -> list[ScoreRow]:
    """Each application's scores, rounded for people, with its latest AI-interview
    dimension scores (one query) and what its composite still lacks."""
    scores: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        AssessmentDimensionScore.objects.filter(
            assessment__application__in=applications,
            assessment__kind=Assessment.Kind.AI_INTERVIEW,
            assessment__status=Assessment.Status.COMPLETED,
            # Unmapped vendor dimensions and "not assessed" are not scores to sort by.
            dimension__isnull=False,
            score__isnull=False,
        )
        .order_by("assessment__application_id", "assessment__completed_at", "assessment_id")
        .values_list("assessment__application_id", "dimension__code", "score")
    )
    for application_id, code, score in rows:
        if code is not None and score is not None:
            scores[application_id][code] = score  # later attempts overwrite earlier ones
    return [
        ScoreRow(
            application,
            {code: score_rounded(value) for code, value in scores.get(application.pk, {}).items()},
            ai=score_rounded(application.ai_score),
            written=score_rounded(application.written_test_score),
            resume=score_rounded(application.resume_match_score),
            composite=score_rounded(application.composite),
            missing=composite_missing(job, application),
        )
        for application in applications
    ]
