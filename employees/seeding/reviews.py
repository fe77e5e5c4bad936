"""Write the outcomes the plan drew (outcomes.py) with COPY: the closed probation cycles
and their reviews with KPI goals, the probation decisions, and every Outcome row.

As the services record them: a review Outcome per review of a closed cycle, on the
day it closed, with its final rating and the KPI results in `details` (review_details'
shape); a probation Outcome per decided ProbationReview; a leaving Outcome on the last
day. `origin_ref` names the row that decided it, so each is recorded once.

The reviews are the manager's alone (the seeded people have no accounts to write a
self review with), rated without scoring every section: no computed score, as a
cycle closed on the managers' ratings leaves it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from employees.models import (
    Goal,
    Metric,
    Outcome,
    ProbationReview,
    Review,
    ReviewCycle,
    ReviewTemplate,
    SectionKind,
    TemplateSection,
)
from employees.models.performance import CycleKind, default_rating_bounds
from employees.seeding.contracts import add_months
from employees.seeding.outcomes import (
    FAILED_REASON,
    PASSED_REASON,
    REVIEW_OPENS_DAYS_BEFORE_END,
    Kpi,
    cycle_closes_on,
)
from employees.seeding.plan import EmployeePlan
from hrflow.competencies.models import Competency
from hrflow.core.pgcopy import ids_reserve, line, lines_copy

TEMPLATE_NAME = "试用期转正考核模板"
# (kind, title, weight %, competency codes): KPI goals, the manager's view, comments.
TEMPLATE_SECTIONS = (
    (SectionKind.KPI, "KPI 目标", 50, ()),
    (
        SectionKind.COMPETENCIES,
        "能力素质",
        50,
        ("professional_skill", "learning_ability", "teamwork", "communication"),
    ),
    (SectionKind.COMMENTS, "转正评语", 0, ()),
)
CLOSING_HOUR = 18


@dataclass(frozen=True)
class ReviewSetup:
    """What the reviews point at: the template, its KPI section, the metrics."""

    template_id: int
    kpi_section_id: int
    metrics: dict[str, int]


def review_template_ensure() -> ReviewSetup:
    """The probation reviews' template with its sections (made once, by name)."""
    template, created = ReviewTemplate.objects.get_or_create(name=TEMPLATE_NAME)
    if created:
        for position, (kind, title, weight, codes) in enumerate(TEMPLATE_SECTIONS):
            section = TemplateSection.objects.create(
                template=template, kind=kind, title=title, weight=Decimal(weight), position=position
            )
            section.competencies.set(Competency.objects.filter(code__in=codes))
    kpi = template.sections.filter(kind=SectionKind.KPI).order_by("position", "pk").first()
    assert kpi is not None
    return ReviewSetup(template.pk, kpi.pk, dict(Metric.objects.values_list("code", "pk")))


def outcomes_write(
    people: list[EmployeePlan], ids: list[int], setup: ReviewSetup, now: datetime
) -> dict[str, int]:
    """Write what `people` (the whole plan) holds of outcomes; rows per table."""
    probations = [e for e in people if e.probation is not None]
    reviewed = [e for e in probations if e.probation and e.probation.reviewed_in]
    months = sorted({month for e in reviewed if e.probation and (month := e.probation.reviewed_in)})
    cycle_ids = dict(zip(months, ids_reserve(ReviewCycle, len(months)), strict=True))
    review_ids = ids_reserve(Review, len(reviewed))
    decision_ids = ids_reserve(ProbationReview, len(probations))
    rows = {
        "review cycles": lines_copy(
            ReviewCycle, CYCLE_FIELDS, [_cycle_line(cycle_ids[m], m, setup) for m in months]
        )
    }
    reviews, goals, outcomes = [], [], []
    for e, pk in zip(reviewed, review_ids, strict=True):
        p = e.probation
        assert p is not None
        assert p.reviewed_in is not None
        first = e.rows[0].job
        closed = _closing(cycle_closes_on(p.reviewed_in))
        submitted = min(now, _aware(p.decided_at))
        opened = _aware(datetime.combine(p.reviewed_in, time(9, 0)))
        reviews.append(line(
            pk, opened, closed, cycle_ids[p.reviewed_in], ids[e.index],
            ids[first.manager] if first.manager is not None else None, first.department_id,
            setup.template_id, Review.Stage.FINISHED, None, p.rating, p.rating, None, submitted,
            None,
        ))  # fmt: skip
        for kpi in p.kpi:
            goals.append(line(
                pk, setup.kpi_section_id, setup.metrics[kpi.metric], kpi.direction, kpi.target,
                [[str(bound), str(percent)] for bound, percent in kpi.bands], kpi.weight,
                kpi.actual, kpi.score,
            ))  # fmt: skip
        details = {"kpi": [_kpi_detail(kpi) for kpi in p.kpi], "competencies": []}
        outcomes.append(line(
            ids[e.index], Outcome.Kind.REVIEW, closed.date(), pk, CycleKind.PROBATION, p.rating,
            None, None, None, "", details, f"employees.review:{pk}", closed,
        ))  # fmt: skip
    decisions = []
    for e, pk in zip(probations, decision_ids, strict=True):
        p = e.probation
        assert p is not None
        decided = min(now, _aware(p.decided_at))
        outcome = ProbationReview.Outcome.PASSED if p.passed else ProbationReview.Outcome.ENDED
        reason = PASSED_REASON if p.passed else FAILED_REASON
        due_on = p.ends_on - timedelta(days=REVIEW_OPENS_DAYS_BEFORE_END)
        decisions.append(line(
            pk, _aware(datetime.combine(due_on, time(1, 0))), decided, ids[e.index],
            e.contracts[0].id, due_on, p.ends_on, outcome, None, decided, reason, None,
        ))  # fmt: skip
        outcomes.append(line(
            ids[e.index], Outcome.Kind.PROBATION, decided.date(), None, "", None, None,
            p.passed, None, reason, {}, f"employees.probationreview:{pk}", decided,
        ))  # fmt: skip
    for e in people:
        if e.leaving is not None:
            left = e.leaving
            recorded = min(now, _closing(left.on))
            outcomes.append(line(
                ids[e.index], Outcome.Kind.LEAVING, left.on, None, "", None, None, None,
                left.voluntary, left.reason, {}, f"employees.leaving:{ids[e.index]}", recorded,
            ))  # fmt: skip
    rows["reviews"] = lines_copy(Review, REVIEW_FIELDS, reviews)
    rows["review goals"] = lines_copy(Goal, GOAL_FIELDS, goals)
    rows["probation decisions"] = lines_copy(ProbationReview, PROBATION_FIELDS, decisions)
    rows["outcomes"] = lines_copy(Outcome, OUTCOME_FIELDS, outcomes)
    return rows


CYCLE_FIELDS = [
    "id", "created_at", "updated_at", "name", "kind", "period_start", "period_end", "template",
    "status", "self_review", "peer_review", "upward_review", "anonymity_minimum",
    "rating_bounds", "opened_by", "closed_at",
]  # fmt: skip
REVIEW_FIELDS = [
    "id", "created_at", "updated_at", "cycle", "employee", "manager", "department", "template",
    "stage", "score", "manager_rating", "final_rating", "self_submitted_at",
    "manager_submitted_at", "acknowledged_at",
]  # fmt: skip
GOAL_FIELDS = [
    "review", "section", "metric", "direction", "target", "bands", "weight", "actual", "score",
]  # fmt: skip
PROBATION_FIELDS = [
    "id", "created_at", "updated_at", "employee", "contract", "due_on", "ends_on", "outcome",
    "decided_by", "decided_at", "reason", "new_end_date",
]  # fmt: skip
OUTCOME_FIELDS = [
    "employee", "kind", "occurred_on", "review", "cycle_kind", "rating", "score", "passed",
    "voluntary", "reason", "details", "origin_ref", "recorded_at",
]  # fmt: skip


def _cycle_line(pk: int, month: date, setup: ReviewSetup) -> str:
    end = add_months(month, 1) - timedelta(days=1)
    closed = _closing(cycle_closes_on(month))
    return line(
        pk, _aware(datetime.combine(month, time(9, 0))), closed,
        f"{month.year}年{month.month}月转正考核", CycleKind.PROBATION, month, end,
        setup.template_id, ReviewCycle.Status.CLOSED, False, False, False, 3,
        default_rating_bounds(), None, closed,
    )  # fmt: skip


def _kpi_detail(kpi: Kpi) -> dict[str, str]:
    """As employees.performance.outcome_details writes a goal (Decimal text, 4 places)."""
    return {
        "metric": kpi.metric,
        "actual": str(kpi.actual.quantize(Decimal("0.0001"))),
        "target": str(kpi.target.quantize(Decimal("0.0001"))),
        "score": str(kpi.score.quantize(Decimal("0.01"))),
    }


def _closing(day: date) -> datetime:
    return _aware(datetime.combine(day, time(CLOSING_HOUR, 0)))


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
