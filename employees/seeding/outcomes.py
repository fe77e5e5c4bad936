"""What became of the people hired lately: probation reviews, ratings and leavers.

hrflow keeps outcomes (employees.Outcome) for the analytics of what the AI
scores predicted. The seed writes those of the last OUTCOME_MONTHS months, the
way the services would have (earlier history predates them and has none):

- each member whose probation ended in that time was reviewed in the month's
  probation cycle (转正考核, a closed ReviewCycle of kind "probation"): their
  manager's rating 1-5 is the Review's final rating, with KPI goals for the plant
  and sales teams (KPI_BY_TEAM), and a review Outcome when the cycle closed;
- the probation was decided (ProbationReview, and a probation Outcome) in the days
  before it ended: passed, unless the rating was 1 (or, for some, 2): then it
  ended, and so did their employment, on the probation's last day;
- some left within their first year (FIRST_YEAR_LEAVING), mostly of their own
  accord; like everyone who left in the window (the plan's older leavers too),
  they have a leaving Outcome on their last day.

A pipeline hire's rating follows their AI interview: a standard normal "how good
they turned out" is RATING_VALIDITY times their standardised AI overall score plus
noise, cut into ratings at RATING_CUTS (a true correlation of about 0.4 between
the rating and the score). Everyone else's is the noise alone. The KPI results
follow the same measure. Drawn from a random stream of its own.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from employees.performance.scoring import band_score
from employees.seeding.contracts import add_months

OUTCOME_MONTHS = 12
# A probation cycle closes this many days after its month ends.
CYCLE_CLOSE_DAYS = 3
# The probation is decided within the last days before it ends, after the review opens.
DECIDED_DAYS_BEFORE_END = (0, 10)
REVIEW_OPENS_DAYS_BEFORE_END = 14  # employees.services.probation_reviews.REVIEW_DAYS_BEFORE
# Standardising a pipeline hire's AI overall score: about the mean and spread of the
# scores of those hired (the pass mark is 60).
AI_MEAN, AI_SPREAD = 79.0, 10.0
RATING_VALIDITY = 0.45
# "How good" below each cut earns 1, 2, 3, 4; above the last, 5: about 4 %, 11 %,
# 45 %, 30 % and 10 %.
RATING_CUTS = (-1.75, -1.08, 0.15, 1.28)
FAILS_WITH_TWO = 0.3  # share of those rated 2 whose probation is ended
# Chance of leaving in the first year after passing probation, by rating.
FIRST_YEAR_LEAVING = {1: 0.2, 2: 0.2, 3: 0.12, 4: 0.08, 5: 0.08}
VOLUNTARY_SHARE = 0.85
PASSED_REASON = "试用期表现符合岗位要求，按期转正。"
FAILED_REASON = "试用期考核未达到录用条件，依法解除劳动合同。"
VOLUNTARY_REASONS = (
    "个人原因：回老家发展。",
    "个人原因：继续深造。",
    "个人原因：家庭原因需要照顾家人。",
    "个人原因：已接受其他公司的录用。",
    "个人原因：通勤时间太长。",
)
INVOLUNTARY_REASONS = (
    "不能胜任工作，经培训仍未达到要求，协商解除劳动合同。",
    "严重违反公司安全操作规程，依法解除劳动合同。",
)


@dataclass(frozen=True)
class Kpi:
    metric: str  # employees.metrics.catalogue code
    direction: str
    target: Decimal
    bands: tuple[tuple[Decimal, Decimal], ...]  # (bound, percent), as Goal.bands reads them
    actual: Decimal
    score: Decimal
    weight: Decimal


@dataclass
class ProbationPlan:
    ends_on: date
    decided_at: datetime
    passed: bool
    rating: int
    reviewed_in: date | None  # first day of the closed probation cycle's month
    kpi: list[Kpi] = field(default_factory=list)


@dataclass(frozen=True)
class LeavingPlan:
    on: date
    voluntary: bool
    reason: str


def window_start(today: date) -> date:
    """The first day of the outcome window: OUTCOME_MONTHS months back, a month's start."""
    return add_months(today.replace(day=1), -OUTCOME_MONTHS)


def cycle_closes_on(month: date) -> date:
    """The day the probation cycle of `month` (its first day) closes."""
    return add_months(month, 1) + timedelta(days=CYCLE_CLOSE_DAYS - 1)


def rating_for(measure: float) -> int:
    return 1 + sum(measure >= cut for cut in RATING_CUTS)


class OutcomeDraw:
    """The outcomes of one employee at a time, from the seed's own outcome stream."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.start = window_start(today)

    def measure(self, ai_overall: Decimal | None) -> float:
        """How good they turned out, standard normal; correlated with the AI score."""
        noise = self.rng.gauss(0, 1)
        if ai_overall is None:
            return noise
        z = (float(ai_overall) - AI_MEAN) / AI_SPREAD
        return RATING_VALIDITY * z + math.sqrt(1 - RATING_VALIDITY**2) * noise

    def probation(
        self, *, hire: date, months: int, measure: float, team: str
    ) -> ProbationPlan | None:
        """The probation's review and decision, when it ended within the window."""
        if not months:
            return None
        ends_on = add_months(hire, months) - timedelta(days=1)
        if not self.start <= ends_on <= self.today:
            return None
        rng = self.rng
        rating = rating_for(measure)
        passed = rating > 2 or (rating == 2 and rng.random() >= FAILS_WITH_TWO)
        opened = ends_on - timedelta(days=REVIEW_OPENS_DAYS_BEFORE_END)
        day = max(opened, ends_on - timedelta(days=rng.randint(*DECIDED_DAYS_BEFORE_END)))
        decided_at = datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59)))
        month = ends_on.replace(day=1)
        reviewed = month if cycle_closes_on(month) < self.today else None
        return ProbationPlan(
            ends_on, decided_at, passed, rating, reviewed, self._kpi(team, months, measure)
        )

    def leaving(self, *, hire: date, probation: ProbationPlan) -> LeavingPlan | None:
        """An ended probation ends the employment; of the others some leave later in
        their first year (the day drawn may still be to come: then not yet)."""
        rng = self.rng
        if not probation.passed:
            return LeavingPlan(probation.ends_on, False, FAILED_REASON)
        regular_from = probation.ends_on + timedelta(days=1)
        year_end = hire + timedelta(days=365)
        if regular_from >= year_end or rng.random() >= FIRST_YEAR_LEAVING[probation.rating]:
            return None
        on = regular_from + timedelta(days=rng.randint(1, (year_end - regular_from).days))
        return self.leaver(on) if on <= self.today else None

    def leaver(self, on: date) -> LeavingPlan:
        voluntary = self.rng.random() < VOLUNTARY_SHARE
        reasons = VOLUNTARY_REASONS if voluntary else INVOLUNTARY_REASONS
        return LeavingPlan(on, voluntary, self.rng.choice(reasons))

    def _kpi(self, team: str, months: int, measure: float) -> list[Kpi]:
        rng = self.rng
        kpis = []
        bands: tuple[tuple[object, object], ...]
        for metric in KPI_BY_TEAM.get(team, ()):
            if metric == "safety_incidents":
                actual = Decimal(max(0, round(1.5 - 0.9 * measure + rng.gauss(0, 0.7))))
                kpis.append(_kpi(metric, "lower", Decimal(2), ((2, 100), (3, 60)), actual))
            elif metric == "output_units":
                target = Decimal(100 * months)
                share = 1 + 0.08 * measure + rng.gauss(0, 0.05)
                actual = Decimal(round(100 * months * share))
                bands = (
                    (target, 100),
                    (target * Decimal("0.9"), 80),
                    (target * Decimal("0.8"), 50),
                )
                kpis.append(_kpi(metric, "higher", target, bands, actual))
            elif metric == "quality_defects":
                actual = Decimal(max(0, round(months * (1 - 0.4 * measure) + rng.gauss(0, 1))))
                bands = ((months, 100), (2 * months, 60))
                kpis.append(_kpi(metric, "lower", Decimal(months), bands, actual))
            elif metric == "customer_satisfaction":
                value = min(5.0, 4.3 + 0.25 * measure + rng.gauss(0, 0.15))
                actual = Decimal(str(round(value, 2)))
                bands = ((Decimal("4.5"), 100), (Decimal("4.0"), 80), (Decimal("3.5"), 50))
                kpis.append(_kpi(metric, "higher", Decimal("4.5"), bands, actual))
        weight = Decimal(100) / len(kpis) if kpis else Decimal(0)
        return [
            Kpi(k.metric, k.direction, k.target, k.bands, k.actual, k.score, weight) for k in kpis
        ]


# The KPI goals of a probation review, by team code (employees.seeding.vocabulary.TEAMS);
# the other teams' reviews have none.
KPI_BY_TEAM: dict[str, tuple[str, ...]] = {
    "sz-line1": ("safety_incidents", "output_units"),
    "sz-line2": ("safety_incidents", "output_units"),
    "sz-smt": ("safety_incidents", "output_units"),
    "sz-quality": ("quality_defects",),
    "sales-east": ("customer_satisfaction",),
    "sales-north": ("customer_satisfaction",),
    "sales-south": ("customer_satisfaction",),
}


def _kpi(
    metric: str,
    direction: str,
    target: Decimal,
    raw_bands: tuple[tuple[object, object], ...],
    actual: Decimal,
) -> Kpi:
    """A goal scored by its bands as employees.performance.scoring.band_score does."""
    bands = tuple((Decimal(str(bound)), Decimal(str(percent))) for bound, percent in raw_bands)
    score = band_score(actual, direction, bands)
    return Kpi(metric, direction, target, bands, actual, score, Decimal(0))
