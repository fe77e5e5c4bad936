"""The score sheet's composite: what it is made of, when it exists, how scores are rounded.

The rule (a product decision, as Moka and Beisen show a 综合分): the composite is the
job's weighted mean of the AI interview, written test and resume match scores, and it
exists only when every score the job weighs (weight above 0) is in. Until then the
sheet says "incomplete" and names what is missing, rather than ranking a candidate with
one resume match above candidates with every score. The weights are the job's data
(Job.weight_*, percentages adding up to 100). The database stores the composite: the
SQL function recruiting_composite and its trigger (migration 0026) apply this rule on
every write of a score.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from recruiting.models import Application, Job, StageKind

ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Component:
    key: str  # the sheet's sort key
    score_field: str  # on Application
    weight_field: str  # on Job
    label: Promise


COMPONENTS = (
    Component("ai", "ai_score", "weight_ai_interview", _("AI interview")),
    Component("written", "written_test_score", "weight_written_test", _("Written test")),
    Component("resume", "resume_match_score", "weight_resume_match", _("Resume match")),
)


# A new job's weights (percent) when its pipeline has both an AI interview and a written
# test; the job keeps its own copy, which HR changes on the score sheet.
DEFAULT_WEIGHTS = {"ai": 50, "written": 30, "resume": 20}
# The stage kind that produces each score; the resume match needs no stage.
SCORE_STAGES = {"ai": StageKind.AI_INTERVIEW, "written": StageKind.WRITTEN_TEST}
STEP = 10  # defaults are whole tens: "AI interview 70% + Resume match 30%"


def default_weights(stage_kinds: Iterable[str]) -> dict[str, int]:
    """A new job's weights, by component key: the defaults, less any score its pipeline
    has no stage for (an experienced-hire pipeline without a written test would otherwise
    never have a composite), shared out in proportion and rounded to tens."""
    kinds = set(stage_kinds)
    kept = {
        key: weight
        for key, weight in DEFAULT_WEIGHTS.items()
        if key not in SCORE_STAGES or SCORE_STAGES[key] in kinds
    }
    total = sum(kept.values())
    weights = {key: round(weight * 100 / total / STEP) * STEP for key, weight in kept.items()}
    largest = max(weights, key=lambda key: weights[key])
    weights[largest] += 100 - sum(weights.values())
    return {key: weights.get(key, 0) for key in DEFAULT_WEIGHTS}


@dataclass(frozen=True)
class Weighted:
    component: Component
    percent: int


def composite_parts(job: Job) -> list[Weighted]:
    """The scores this job's composite is made of, with their weights (0 left out)."""
    parts = [Weighted(c, getattr(job, c.weight_field)) for c in COMPONENTS]
    return [part for part in parts if part.percent > 0]


def composite_formula(job: Job) -> str:
    """What the composite is made of, in words: "AI interview 50% + Written test 30% + ..."."""
    return " + ".join(f"{part.component.label} {part.percent}%" for part in composite_parts(job))


def composite_missing(job: Job, application: Application) -> list[str]:
    """The weighted scores the application still lacks (empty: the composite exists)."""
    return [
        str(part.component.label)
        for part in composite_parts(job)
        if getattr(application, part.component.score_field) is None
    ]


@overload
def score_rounded(value: Decimal) -> Decimal: ...
@overload
def score_rounded(value: Decimal | None) -> Decimal | None: ...
def score_rounded(value: Decimal | None) -> Decimal | None:
    """Every score as the sheet and its exports show it: one decimal, halves up."""
    return None if value is None else Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def listed(words: list[str]) -> str:
    """Words as a list in the page's language: "AI interview, Written test" / "AI 面试、笔试"."""
    return pgettext("list separator", ", ").join(words)
