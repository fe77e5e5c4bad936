"""Screening rules of some jobs, their versions over time, and what each version decided.

A share of the recent jobs (SCREENED_SHARE; rules are hrflow's, so none before the
go-live, and none on last year's drive) judge their AI interview with a rule: the
AI overall score, advancing at the funnel's pass mark to the next stage and
rejecting below it for "score below threshold". The mark is the one the funnel
decides by (funnel.PASS_MARK), so a rule's verdict is always what happened to the
application: the seed adds who decided, and when.

Versions: v1 when the rule was made, where a person confirms each suggested reject;
v2 some weeks later, rejecting without review; for some a v3 that asks for
confirmation again. The version in force when an AI result arrived judged it:

- advance: applied at once; the application moved on when the result came in,
  by the rule (no actor, `rule` is rule_label's "<name> v<n>");
- reject under an auto-reject version: applied at once, ended by the rule;
- reject otherwise: waiting for review, then confirmed by the recruiter when the
  funnel decided, who ends it with the rule's label (decisions_review's confirm).

Applications whose result came before v1, or that waited, withdrew or had no AI
result, have no decision.
"""

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from hrflow.core.pgcopy import ids_reserve, line
from recruiting.models import (
    Application,
    ScreeningDecision,
    ScreeningRule,
    ScreeningRuleVersion,
    StageKind,
)
from recruiting.screening.rules import MissingPolicy, Outcome, Source
from recruiting.seeding.funnel import DAY_SECONDS, PASS_MARK
from recruiting.seeding.plan import ApplicationPlan, Context, JobPlan, Plan

SCREENED_SHARE = 0.3
RULE_NAME = "AI面试初筛 AI screen"
REJECT_REASON = "score_below_threshold"
THIRD_VERSION_SHARE = 0.5
PARTS = [{"source": Source.AI_OVERALL.value, "weight": "1", "dimension": ""}]
State = ScreeningDecision.State


@dataclass(slots=True)
class VersionPlan:
    pk: int
    number: int
    created_at: datetime
    auto_reject: bool


@dataclass(slots=True)
class RulePlan:
    pk: int
    job: JobPlan
    stage_index: int  # the AI interview's; it advances to the next stage
    versions: list[VersionPlan]

    @property
    def name(self) -> str:
        return RULE_NAME

    def label(self, version: VersionPlan) -> str:
        """As recruiting.screening.services.rule_label signs: "<name> v<number>"."""
        return f"{self.name} v{version.number}"


@dataclass(slots=True)
class DecisionPlan:
    application: int  # index into Plan.applications
    rule: RulePlan
    version: VersionPlan
    composite: float
    outcome: str
    state: str
    created_at: datetime
    decided_at: datetime | None  # confirmed by the recruiter then


@dataclass
class Screening:
    rules: list[RulePlan]
    decisions: list[DecisionPlan]


def screening_plan(rng: random.Random, plan: Plan, *, now: datetime) -> Screening:
    """Pick the screened jobs, date their rules' versions, and let the versions judge the
    AI results that arrived while they were in force (adjusting who moved them, when)."""
    go_live = plan.go_live or now
    rules = _rules_plan(rng, plan.jobs, go_live=go_live, now=now)
    by_job = {rule.job.pk: rule for rule in rules}
    decisions = []
    for index, application in enumerate(plan.applications):
        rule = by_job.get(application.job.pk)
        if rule is not None and application.journey.ai is not None:
            decision = _judge(index, application, rule)
            if decision is not None:
                decisions.append(decision)
    return Screening(rules, decisions)


def _rules_plan(
    rng: random.Random, jobs: list[JobPlan], *, go_live: datetime, now: datetime
) -> list[RulePlan]:
    open_jobs = [job for job in jobs if job.closed_at is None]
    chosen = sorted(
        rng.sample(open_jobs, round(len(open_jobs) * SCREENED_SHARE)), key=lambda job: job.pk
    )
    plans = []
    for job in chosen:
        kinds = [kind for _name, kind in job.stages]
        if StageKind.AI_INTERVIEW not in kinds:
            continue
        first = max(go_live, job.opened_at) + timedelta(
            seconds=int(rng.uniform(0.1, 3) * DAY_SECONDS)
        )
        if first >= now:
            continue
        moments = [first]
        moments.append(moments[-1] + (now - moments[-1]) * rng.uniform(0.25, 0.5))
        if rng.random() < THIRD_VERSION_SHARE:
            moments.append(moments[-1] + (now - moments[-1]) * rng.uniform(0.3, 0.6))
        # v1 asks for a confirmation, v2 rejects without review, v3 asks again.
        versions = [
            VersionPlan(0, number, at.replace(microsecond=0), auto_reject=number == 2)
            for number, at in enumerate(moments, 1)
        ]
        plans.append(RulePlan(0, job, kinds.index(StageKind.AI_INTERVIEW), versions))
    for rule, pk in zip(plans, ids_reserve(ScreeningRule, len(plans)), strict=True):
        rule.pk = pk
    versions = [version for rule in plans for version in rule.versions]
    for version, pk in zip(versions, ids_reserve(ScreeningRuleVersion, len(versions)), strict=True):
        version.pk = pk
    return plans


def _judge(index: int, application: ApplicationPlan, rule: RulePlan) -> DecisionPlan | None:
    journey = application.journey
    assert journey.ai is not None
    arrived = journey.ai.completed_at
    starts = [version.created_at for version in rule.versions]
    at = bisect_right(starts, arrived)
    if at == 0:
        return None  # before the rule was made
    version = rule.versions[at - 1]
    label = rule.label(version)
    score = journey.ai.overall
    passed = [step for step, (stage, _at) in enumerate(journey.steps) if stage > rule.stage_index]
    if score >= PASS_MARK:
        if not passed:
            return None
        # The funnel moved it on when it decided; the rule did so when the result came.
        step = passed[0]
        journey.steps[step] = (journey.steps[step][0], arrived)
        journey.advanced_by, journey.advanced_step = label, step
        return DecisionPlan(
            index, rule, version, score, Outcome.ADVANCE, State.APPLIED, arrived, None
        )
    if passed or journey.status != Application.Status.REJECTED:
        return None  # not what the funnel decided on this score: no rule was involved
    journey.ended_by = label
    if version.auto_reject:
        journey.ended_at, journey.ended_by_rule_alone = arrived, True
        return DecisionPlan(
            index, rule, version, score, Outcome.REJECT, State.APPLIED, arrived, None
        )
    return DecisionPlan(
        index, rule, version, score, Outcome.REJECT, State.CONFIRMED, arrived, journey.ended_at
    )


RULE_FIELDS = ["id", "created_at", "updated_at", "job", "stage", "name", "is_active"]
VERSION_FIELDS = [
    "id", "rule", "number", "parts", "missing_policy", "advance_at", "advance_to",
    "reject_below", "reject_reason", "auto_reject", "created_by", "created_at",
]  # fmt: skip
DECISION_FIELDS = [
    "application", "version", "inputs", "composite", "outcome", "state", "decided_by",
    "decided_at", "note", "created_at",
]  # fmt: skip


def rule_lines(screening: Screening) -> list[str]:
    return [
        line(
            rule.pk,
            rule.versions[0].created_at,
            rule.versions[-1].created_at,
            rule.job.pk,
            rule.job.stage_ids[rule.stage_index],
            rule.name,
            True,
        )
        for rule in screening.rules
    ]


def version_lines(screening: Screening, context: Context) -> list[str]:
    mark = Decimal(str(PASS_MARK)).quantize(Decimal("0.01"))
    reason = context.reasons.get(REJECT_REASON) or next(iter(context.reasons.values()))
    return [
        line(
            version.pk,
            rule.pk,
            version.number,
            PARTS,
            MissingPolicy.WAIT.value,
            mark,
            rule.job.stage_ids[rule.stage_index + 1],
            mark,
            reason,
            version.auto_reject,
            context.recruiter_id,
            version.created_at,
        )
        for rule in screening.rules
        for version in rule.versions
    ]


def decision_lines(screening: Screening, application_ids: list[int], context: Context) -> list[str]:
    """As recruiting.screening.services._decide stores them: the inputs with the part's
    weight and score, the composite, the outcome and the state."""
    lines = []
    for d in screening.decisions:
        score = f"{d.composite:.2f}"
        inputs = {"parts": [{"key": Source.AI_OVERALL.value, "weight": "1", "score": score}]}
        confirmed = d.state == State.CONFIRMED
        lines.append(
            line(
                application_ids[d.application],
                d.version.pk,
                inputs,
                score,
                d.outcome,
                d.state,
                context.recruiter_id if confirmed else None,
                d.decided_at,
                "",
                d.created_at,
            )
        )
    return lines
