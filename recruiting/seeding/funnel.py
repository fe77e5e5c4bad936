"""One application's way through its pipeline, drawn at random but plausibly.

Each stage takes a few days; then the application waits, is withdrawn, is
rejected with a reason, or moves on. A hidden quality drives the resume
match, the AI interview and the written test, so scores and outcomes agree:
whoever scores under the pass mark is rejected for it. Nothing here touches
the database.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate

from recruiting.models import Application, StageKind

PASS_MARK = 60.0
DAY_SECONDS = 86_400

# Days a stage takes before a decision: (shortest, longest).
STAGE_DAYS: dict[str, tuple[float, float]] = {
    StageKind.APPLIED: (0.02, 1.5),
    StageKind.SCREENING: (0.5, 4),
    StageKind.AI_INTERVIEW: (1, 6),
    StageKind.WRITTEN_TEST: (2, 7),
    StageKind.INTERVIEW: (2, 9),
    StageKind.BACKGROUND_CHECK: (3, 10),
    StageKind.OFFER: (2, 7),
}
DEFAULT_DAYS = (2.0, 7.0)
# Chance the application is still waiting in the stage although the time is up.
WAITING: dict[str, float] = {StageKind.APPLIED: 0.06, StageKind.AI_INTERVIEW: 0.1}
DEFAULT_WAITING = 0.12
WITHDRAWN: dict[str, float] = {
    StageKind.APPLIED: 0.01,
    StageKind.AI_INTERVIEW: 0.08,
    StageKind.WRITTEN_TEST: 0.06,
    StageKind.OFFER: 0.25,  # offer declined
}
DEFAULT_WITHDRAWN = 0.04
# Rejection odds of stages without a score to decide on.
REJECTED: dict[str, float] = {
    StageKind.APPLIED: 0.0,
    StageKind.BACKGROUND_CHECK: 0.04,
    StageKind.OFFER: 0.02,
}
DEFAULT_REJECTED = 0.3
# (reason code, weight) per stage kind.
REASONS: dict[str, tuple[tuple[str, float], ...]] = {
    StageKind.SCREENING: (("not_qualified", 5), ("experience_mismatch", 4), ("duplicate", 1)),
    StageKind.AI_INTERVIEW: (("score_below_threshold", 1),),
    StageKind.WRITTEN_TEST: (("score_below_threshold", 1),),
    StageKind.INTERVIEW: (("not_a_fit", 6), ("salary_mismatch", 2), ("no_show", 2)),
    StageKind.BACKGROUND_CHECK: (("not_qualified", 1),),
    StageKind.OFFER: (("position_filled", 1),),
}
DEFAULT_REASONS = (("not_a_fit", 1.0),)


@dataclass(frozen=True, slots=True)
class StageRule:
    """How one stage of a pipeline behaves, looked up once per job."""

    kind: str
    low_seconds: float
    span_seconds: float
    waiting: float
    withdrawn: float
    rejected: float
    reasons: tuple[str, ...]
    reason_cum_weights: tuple[float, ...]


def stage_rules(kinds: Sequence[str]) -> list[StageRule]:
    rules = []
    for kind in kinds:
        low, high = STAGE_DAYS.get(kind, DEFAULT_DAYS)
        reasons = REASONS.get(kind, DEFAULT_REASONS)
        rules.append(
            StageRule(
                kind=kind,
                low_seconds=low * DAY_SECONDS,
                span_seconds=(high - low) * DAY_SECONDS,
                waiting=WAITING.get(kind, DEFAULT_WAITING),
                withdrawn=WITHDRAWN.get(kind, DEFAULT_WITHDRAWN),
                rejected=REJECTED.get(kind, DEFAULT_REJECTED),
                reasons=tuple(code for code, _weight in reasons),
                reason_cum_weights=tuple(accumulate(weight for _code, weight in reasons)),
            )
        )
    return rules


@dataclass(slots=True)
class Score:
    overall: float
    completed_at: datetime
    dimensions: list[float] = field(default_factory=list)


@dataclass(slots=True)
class Journey:
    """Stages entered (index into the pipeline, when), and how it stands now."""

    steps: list[tuple[int, datetime]]
    status: str = Application.Status.ACTIVE
    ended_at: datetime | None = None
    reason_code: str | None = None
    resume_match: float = 0.0
    ai: Score | None = None
    written: Score | None = None
    ai_manual: bool = False  # the AI result was typed in by HR (plan.go_live_at)
    # A screening rule's doing (screening.py): the label of the rule version that moved
    # it past the AI interview (on steps[advanced_step]), or that ended it (alone, or
    # confirmed by a person).
    advanced_by: str = ""
    advanced_step: int = -1
    ended_by: str = ""
    ended_by_rule_alone: bool = False


def journey_make(
    rng: random.Random,
    *,
    rules: Sequence[StageRule],
    applied_at: datetime,
    now: datetime,
    dimension_count: int,
    pace: float = 1.0,
    penalty: tuple[int, float] | None = None,
) -> Journey:
    """Walk one application from its first stage until it waits, ends, or is hired.

    `pace` stretches every stage's time (before hrflow went live things took longer:
    plan.BASELINE_PACE); `penalty` is (stage index, added chance of rejection there),
    the deliberate adverse impact of plan.ADVERSE_IMPACT.
    """
    quality = rng.gauss(0, 1)
    journey = Journey(steps=[(0, applied_at)])
    journey.resume_match = _clamp(66 + 11 * quality + rng.gauss(0, 8))
    index, entered, last = 0, applied_at, len(rules) - 1
    while index < last and rules[index].kind != StageKind.HIRED:
        rule = rules[index]
        decided = entered + timedelta(
            seconds=int((rule.low_seconds + rng.random() * rule.span_seconds) * pace)
        )
        if decided > now or rng.random() < rule.waiting:
            return journey
        if rng.random() < rule.withdrawn:
            journey.status, journey.ended_at = Application.Status.WITHDRAWN, decided
            return journey
        extra = penalty[1] if penalty is not None and penalty[0] == index else 0.0
        if not _passes(rng, journey, rule, quality, entered, decided, dimension_count, extra):
            journey.status, journey.ended_at = Application.Status.REJECTED, decided
            journey.reason_code = rng.choices(rule.reasons, cum_weights=rule.reason_cum_weights)[0]
            return journey
        index, entered = index + 1, decided
        journey.steps.append((index, decided))
    if rules[index].kind == StageKind.HIRED:
        journey.status = Application.Status.HIRED
    return journey


def _passes(
    rng: random.Random,
    journey: Journey,
    rule: StageRule,
    quality: float,
    entered: datetime,
    decided: datetime,
    dimension_count: int,
    extra: float = 0.0,
) -> bool:
    kind = rule.kind
    if kind == StageKind.SCREENING:
        return journey.resume_match + rng.gauss(0, 6) >= 64
    if kind in (StageKind.AI_INTERVIEW, StageKind.WRITTEN_TEST):
        # The result arrives some time between the invitation and the decision.
        seconds = (decided - entered).total_seconds() * (0.3 + 0.6 * rng.random())
        completed = entered + timedelta(seconds=int(seconds))
        if kind == StageKind.AI_INTERVIEW:
            base = 64 + 13 * quality + rng.gauss(0, 6)
            dimensions = [_clamp(base + rng.gauss(0, 7)) for _ in range(dimension_count)]
            overall = round(sum(dimensions) / len(dimensions), 1) if dimensions else _clamp(base)
            journey.ai = Score(overall, completed, dimensions)
        else:
            overall = _clamp(60 + 14 * quality + rng.gauss(0, 10))
            journey.written = Score(overall, completed)
        return overall >= PASS_MARK
    if kind == StageKind.INTERVIEW:
        return rng.random() >= min(0.9, max(0.2, 0.6 - 0.15 * quality) + extra)
    return rng.random() >= rule.rejected


def _clamp(score: float) -> float:
    """Round to one decimal within 0-100, as vendors report."""
    return round(min(100.0, max(0.0, score)), 1)
