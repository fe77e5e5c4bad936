"""Screening rules as pure functions: a composite score over weighted parts, and an outcome.

No database here: the service (recruiting.screening.services) gathers an
application's scores into `inputs`, and stores what these functions decide with
the inputs and the rule version, so every decision can be explained and
replayed. Scores are 0-100 decimals; a part without a score is "missing".
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext as _

TWO_PLACES = Decimal("0.01")


class Source(StrEnum):
    """Where a part's score comes from."""

    AI_OVERALL = "ai_overall"  # the AI interview's overall score (the attempt that counts)
    AI_DIMENSION = "ai_dimension"  # one canonical dimension of that AI interview
    RESUME_MATCH = "resume_match"
    WRITTEN_TEST = "written_test"
    INTERVIEW_FEEDBACK = "interview_feedback"  # interviewers' scorecards, averaged


class MissingPolicy(StrEnum):
    REWEIGHT = "reweight"  # leave the part out and share its weight among the others
    WAIT = "wait"  # decide nothing until every part has a score


class Outcome(StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"  # a person decides
    REJECT = "reject"
    WAITING = "waiting"  # parts missing under the "wait" policy: nothing decided yet


@dataclass(frozen=True)
class Part:
    source: Source
    weight: Decimal
    dimension: str = ""  # the canonical dimension code, for AI_DIMENSION only

    @property
    def key(self) -> str:
        return f"{self.source}:{self.dimension}" if self.dimension else str(self.source)


@dataclass(frozen=True)
class RuleSpec:
    parts: tuple[Part, ...]
    missing: MissingPolicy
    advance_at: Decimal  # composite >= this advances
    reject_below: Decimal | None  # composite < this rejects; None: never rejects


@dataclass(frozen=True)
class Composite:
    value: Decimal | None  # None when nothing could be computed
    used: tuple[tuple[Part, Decimal, Decimal], ...]  # (part, effective weight, score)
    missing: tuple[Part, ...]


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    composite: Composite


def composite(spec: RuleSpec, inputs: dict[str, Decimal | None]) -> Composite:
    """The weighted mean of the parts that have a score (weights re-scaled to sum to 1).

    Under WAIT, any missing part leaves the composite empty; under REWEIGHT
    only a rule whose every part is missing does.
    """
    present = [(part, inputs.get(part.key)) for part in spec.parts]
    missing = tuple(part for part, score in present if score is None)
    scored = [(part, score) for part, score in present if score is not None]
    if not scored or (missing and spec.missing == MissingPolicy.WAIT):
        return Composite(None, (), missing)
    total = sum((part.weight for part, _score in scored), Decimal(0))
    used = tuple((part, part.weight / total, score) for part, score in scored)
    value = sum((weight * score for _part, weight, score in used), Decimal(0))
    return Composite(value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP), used, missing)


def decide(spec: RuleSpec, inputs: dict[str, Decimal | None]) -> Verdict:
    """Advance at or above `advance_at`, reject below `reject_below`, else hold.

    The boundaries are inclusive for advancing: exactly 80 against "80 and
    over" advances; exactly 60 against "below 60" is held.
    """
    result = composite(spec, inputs)
    if result.value is None:
        return Verdict(Outcome.WAITING, result)
    if result.value >= spec.advance_at:
        return Verdict(Outcome.ADVANCE, result)
    if spec.reject_below is not None and result.value < spec.reject_below:
        return Verdict(Outcome.REJECT, result)
    return Verdict(Outcome.HOLD, result)


def spec_problems(spec: RuleSpec) -> list[str]:
    """Everything wrong with a rule, in words for the person editing it (empty: fine)."""
    problems = []
    if not spec.parts:
        problems.append(_("A rule needs at least one part."))
    keys = [part.key for part in spec.parts]
    if len(set(keys)) < len(keys):
        problems.append(_("A part appears twice."))
    for part in spec.parts:
        if part.weight <= 0:
            problems.append(_("The weight of %(part)s must be above 0.") % {"part": part.key})
        if (part.source == Source.AI_DIMENSION) != bool(part.dimension):
            problems.append(
                _("%(part)s: only an AI dimension part names a dimension.") % {"part": part.key}
            )
    for name, value in ((_("Advance at"), spec.advance_at), (_("Reject below"), spec.reject_below)):
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            problems.append(_("'%(name)s' must lie between 0 and 100.") % {"name": name})
    if spec.reject_below is not None and spec.reject_below > spec.advance_at:
        problems.append(_("'Reject below' cannot be above 'advance at'."))
    return problems
