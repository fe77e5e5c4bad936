"""The score sheet's composite: what it is made of, when it exists, how scores are rounded.

The rule (a product decision, as Moka and Beisen show a 综合分): the composite is the
job's weighted mean of the AI interview, written test and resume match scores, and it
exists only when every score the job weighs (weight above 0) is in. Until then the
sheet says "incomplete" and names what is missing, rather than ranking a candidate with
one resume match above candidates with every score. The weights are the job's data
(Job.weight_*, percentages adding up to 100). The database stores the composite: the
SQL function recruiting_composite and its trigger (migration 0024) apply this rule on
every write of a score.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from recruiting.models import Application, Job

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
