"""What a person sees of screening: the review queue, a job's rules, and what a proposed
rule would do (counted here, and per group in recruiting.screening.fairness)."""

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Job,
    ScreeningDecision,
    ScreeningRule,
    ScreeningRuleVersion,
)
from recruiting.models.self_identification import FAIRNESS_DIMENSIONS
from recruiting.screening.rules import Outcome, RuleSpec, Source, decide
from recruiting.services.card_scores import COUNTED_SCORING, attempt_ordering


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


def screening_rule_list(*, job: Job) -> QuerySet[ScreeningRule]:
    """The job's rules, each with its latest version's number, author and time and the
    decisions all its versions made: one query for any number of rules."""
    latest = ScreeningRuleVersion.objects.filter(rule=OuterRef("pk")).order_by("-number")
    decisions = (
        ScreeningDecision.objects.filter(version__rule=OuterRef("pk"))
        .order_by()
        .values("version__rule")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        ScreeningRule.objects.filter(job=job)
        .select_related("stage")
        .annotate(
            version_number=Subquery(latest.values("number")[:1]),
            edited_at=Subquery(latest.values("created_at")[:1]),
            edited_by_name=Subquery(latest.values("created_by__full_name")[:1]),
            edited_by_email=Subquery(latest.values("created_by__email")[:1]),
            decision_count=Coalesce(Subquery(decisions), 0),
        )
        .order_by("name", "pk")
    )


def screening_rule_get(*, viewer: User, pk: int) -> ScreeningRule:
    """A rule of a job the viewer may see, or 404 exactly like a rule that does not exist."""
    jobs = scoped(Job.objects.all(), viewer)
    return get_object_or_404(
        ScreeningRule.objects.filter(job__in=jobs).select_related("stage"), pk=pk
    )


def screening_rule_versions(*, rule: ScreeningRule) -> list[ScreeningRuleVersion]:
    """Every version of the rule, newest first, with who saved it and its decisions."""
    return list(
        rule.versions.select_related("created_by", "advance_to", "reject_reason")
        .annotate(decision_count=Count("decisions"))
        .order_by("-number")
    )


@dataclass(frozen=True)
class ApplicationInputs:
    """One application of a job with every score a rule may use (None: not scored yet)."""

    active: bool  # still in process; otherwise ended (hired, rejected, withdrawn)
    inputs: dict[str, Decimal | None]
    # The candidate's answer to the self-identification question asked for; None
    # where the candidate gave no answers at all (or none was asked for).
    group: str | None = None


@dataclass(frozen=True)
class Judged:
    """What a proposed rule would decide for one application, deciding nothing."""

    active: bool
    outcome: Outcome
    group: str | None = None


@dataclass(frozen=True)
class WhatIf:
    """How many of a job's applications each outcome would get under a proposed rule."""

    current: dict[str, int]  # applications still in process
    past: dict[str, int]  # ended ones (hired, rejected, withdrawn), for calibration

    @property
    def total(self) -> int:
        return sum(self.current.values()) + sum(self.past.values())


def application_inputs(
    *, job: Job, dimensions: Collection[str] = (), group_by: str = ""
) -> list[ApplicationInputs]:
    """Every application of the job with its scores, in two queries whatever their number:
    the applications with their card scores, counted AI attempt, interview feedback
    average (and, with `group_by`, the candidate's self-identification answer), then
    that attempt's scores on `dimensions` (skipped when none are asked for)."""
    if group_by and group_by not in FAIRNESS_DIMENSIONS:
        raise ValueError(f"not a self-identification question: {group_by!r}")
    counted = (
        Assessment.objects.filter(
            application=OuterRef("pk"),
            kind=Assessment.Kind.AI_INTERVIEW,
            status=Assessment.Status.COMPLETED,
            scoring_status__in=COUNTED_SCORING,
        )
        .order_by(*attempt_ordering(job.retake_policy))
        .values("pk")[:1]
    )
    group = f"candidate__self_identification__{group_by}" if group_by else "pk"
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
            "status",
            "ai_score",
            "written_test_score",
            "resume_match_score",
            "counted_ai",
            "feedback",
            group,
        )
    )
    scores: dict[int, dict[str, Decimal | None]] = {}
    if dimensions:
        for assessment_id, code, score in AssessmentDimensionScore.objects.filter(
            assessment_id__in=[row[4] for row in rows if row[4]], dimension__code__in=dimensions
        ).values_list("assessment_id", "dimension__code", "score"):
            scores.setdefault(assessment_id, {})[f"{Source.AI_DIMENSION}:{code}"] = score
    return [
        ApplicationInputs(
            active=status == Application.Status.ACTIVE,
            inputs={
                Source.AI_OVERALL.value: ai,
                Source.WRITTEN_TEST.value: written,
                Source.RESUME_MATCH.value: resume,
                Source.INTERVIEW_FEEDBACK.value: None
                if feedback is None
                else Decimal(feedback).quantize(Decimal("0.01")),
                **scores.get(counted_ai, {}),
            },
            group=answer if group_by else None,
        )
        for status, ai, written, resume, counted_ai, feedback, answer in rows
    ]


def rule_judge(*, job: Job, spec: RuleSpec, group_by: str = "") -> list[Judged]:
    """What the proposed rule would decide for each application of the job (two queries)."""
    codes = {part.dimension for part in spec.parts if part.source == Source.AI_DIMENSION}
    return [
        Judged(row.active, decide(spec, row.inputs).outcome, row.group)
        for row in application_inputs(job=job, dimensions=codes, group_by=group_by)
    ]


def what_if_tally(judged: Iterable[Judged]) -> WhatIf:
    current: Counter[str] = Counter()
    past: Counter[str] = Counter()
    for item in judged:
        (current if item.active else past)[item.outcome.value] += 1
    return WhatIf(current=dict(current), past=dict(past))


def rule_what_if(*, job: Job, spec: RuleSpec) -> WhatIf:
    """Run a proposed rule over every application of the job, deciding nothing, in two
    queries whatever their number (see application_inputs)."""
    return what_if_tally(rule_judge(job=job, spec=spec))
