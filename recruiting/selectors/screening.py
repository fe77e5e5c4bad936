"""What a person sees of screening: the review queue, and what a proposed rule would do."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, F, OuterRef, Q, QuerySet, Subquery

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Job,
    ScreeningDecision,
)
from recruiting.screening import RuleSpec, Source, decide
from recruiting.services.card_scores import ATTEMPT_ORDER, COUNTED_SCORING


def review_queue(*, viewer: User, job_id: int | None = None) -> QuerySet[ScreeningDecision]:
    """Decisions waiting for a person, oldest first, within what the viewer may see."""
    queue = scoped(ScreeningDecision.objects.all(), viewer).filter(
        state=ScreeningDecision.State.REVIEW
    )
    if job_id is not None:
        queue = queue.filter(application__job_id=job_id)
    return queue.select_related(
        "application__candidate",
        "application__job",
        "application__stage",
        "version__rule",
        "version__reject_reason",
    ).order_by("created_at", "pk")


@dataclass(frozen=True)
class WhatIf:
    """How many of a job's applications each outcome would get under a proposed rule."""

    current: dict[str, int]  # applications still in process
    past: dict[str, int]  # ended ones (hired, rejected, withdrawn), for calibration

    @property
    def total(self) -> int:
        return sum(self.current.values()) + sum(self.past.values())


def rule_what_if(*, job: Job, spec: RuleSpec) -> WhatIf:
    """Run a proposed rule over every application of the job, deciding nothing, in two
    queries whatever their number: the applications with their card scores, counted AI
    attempt and interview feedback average, then that attempt's dimensions."""
    codes = {part.dimension for part in spec.parts if part.source == Source.AI_DIMENSION}
    counted = (
        Assessment.objects.filter(
            application=OuterRef("pk"),
            kind=Assessment.Kind.AI_INTERVIEW,
            status=Assessment.Status.COMPLETED,
            scoring_status__in=COUNTED_SCORING,
        )
        .order_by(*ATTEMPT_ORDER[job.retake_policy], F("completed_at").desc(nulls_last=True), "-pk")
        .values("pk")[:1]
    )
    rows = list(
        Application.objects.filter(job=job)
        .exclude(status=Application.Status.MERGED)
        .annotate(
            counted_ai=Subquery(counted),
            feedback=Avg(
                "assessments__overall_score",
                filter=Q(
                    assessments__kind=Assessment.Kind.INTERVIEW_FEEDBACK,
                    assessments__status=Assessment.Status.COMPLETED,
                ),
            ),
        )
        .values_list(
            "pk",
            "status",
            "ai_score",
            "written_test_score",
            "resume_match_score",
            "counted_ai",
            "feedback",
        )
    )
    dimensions: dict[int, dict[str, Decimal | None]] = {}
    if codes:
        for assessment_id, code, score in AssessmentDimensionScore.objects.filter(
            assessment_id__in=[row[5] for row in rows if row[5]], dimension__code__in=codes
        ).values_list("assessment_id", "dimension__code", "score"):
            dimensions.setdefault(assessment_id, {})[f"{Source.AI_DIMENSION}:{code}"] = score
    current: Counter[str] = Counter()
    past: Counter[str] = Counter()
    for _pk, status, ai, written, resume, counted_ai, feedback in rows:
        inputs: dict[str, Decimal | None] = {
            Source.AI_OVERALL.value: ai,
            Source.WRITTEN_TEST.value: written,
            Source.RESUME_MATCH.value: resume,
            Source.INTERVIEW_FEEDBACK.value: None
            if feedback is None
            else Decimal(feedback).quantize(Decimal("0.01")),
            **dimensions.get(counted_ai, {}),
        }
        outcome = decide(spec, inputs).outcome.value
        (current if status == Application.Status.ACTIVE else past)[outcome] += 1
    return WhatIf(current=dict(current), past=dict(past))
