"""The composite score sheet of a job: one row per application with every score.

Sorting and filtering go through allowlists (user input never names a column
directly). The composite here is the mean of the scores an application has
(AI interview, written test, resume match); the screening rules of a later
issue replace it with weighted, versioned formulas.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from recruiting.models import Application, Assessment, AssessmentDimensionScore, Dimension, Job

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


@dataclass
class ScoreRow:
    application: Application
    dimensions: dict[str, Decimal] = field(default_factory=dict)


SCORE_COLUMNS = ("ai_score", "written_test_score", "resume_match_score")


def _composite() -> Any:
    """SQL for the mean of the non-empty score columns (NULL when all are empty)."""
    total = sum((Coalesce(F(name), Value(Decimal(0))) for name in SCORE_COLUMNS), Value(Decimal(0)))
    present = sum(
        (
            Case(
                When(Q(**{f"{name}__isnull": False}), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for name in SCORE_COLUMNS
        ),
        Value(0),
    )
    divisor = Cast(
        NullIf(present, Value(0)), output_field=DecimalField(max_digits=5, decimal_places=2)
    )
    return ExpressionWrapper(
        total / divisor, output_field=DecimalField(max_digits=7, decimal_places=2)
    )


# Minimum-score filters: query parameter -> column.
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
        .annotate(composite=_composite())
    )
    if stage_id:
        applications = applications.filter(stage_id=stage_id)
    if status:
        applications = applications.filter(status=status)
    for key, value in (minimums or {}).items():
        if key in MINIMUMS and value is not None:
            applications = applications.filter(**{f"{MINIMUMS[key]}__gte": value})
    if sort.startswith(DIMENSION_SORT_PREFIX):
        code = sort.removeprefix(DIMENSION_SORT_PREFIX)
        applications = applications.annotate(sort_dimension=_latest_dimension_score(code))
        column = "sort_dimension"
    else:
        column = SORTS.get(sort, SORTS["composite"])
    order = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
    return applications.order_by(order, "pk")


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


def score_sheet_rows(applications: list[Application]) -> list[ScoreRow]:
    """Attach each application's latest AI-interview dimension scores (one query)."""
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
    return [ScoreRow(application, scores.get(application.pk, {})) for application in applications]
