"""Adverse impact of a proposed screening rule: selection rates per group, and their ratio.

Voluntary self-identification is read here only in aggregate. For one question
(gender unless another is asked for) each answer is a group, and for each
group: its applicants (applications the rule decides; those still waiting for
a score are neither selected nor refused, so they are left out), how many the
rule would advance, the selection rate (advanced / applicants), and the impact
ratio (the rate over the highest rate among the groups large enough to judge).
A ratio under 0.8 is flagged: the four-fifths rule of thumb for adverse impact
(US Uniform Guidelines, 29 CFR 1607.4(D)), a prompt to look closer, not a
finding. "Prefer not to say" keeps its own row but is no group to compare.

A group under `min_group` applicants is "too few to judge": no rate, no ratio,
no flag, and its advanced count is withheld too, since with one or two people
it would tell how a person who answered the question fared. Withholding one
cell is not enough when totals are shown (the what-if counts add up to every
group's advanced): subtracting the others would give it back. So, as
statistical offices do (complementary suppression), more groups are withheld
with it until the withheld ones hold at least `min_group` applicants together,
number at least two, and neither all nor none of them advanced; "prefer not to
say" goes first (it is compared with nobody), then the smallest groups, the
reference group last. When the reference is withheld no ratio is shown (each
would give its rate back), though groups are still flagged.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from django.db import models

from recruiting.models import Job, SelfIdentification
from recruiting.models.self_identification import FAIRNESS_DIMENSIONS, UNDISCLOSED
from recruiting.screening.rules import Outcome, RuleSpec
from recruiting.screening.selectors import Judged, WhatIf, rule_judge, what_if_tally

DEFAULT_DIMENSION = "gender"
MIN_GROUP = 5
FOUR_FIFTHS = Fraction(4, 5)


@dataclass(frozen=True)
class GroupRate:
    """One answer to the question, and how the rule would treat those who gave it."""

    group: str  # the answer's code: "female", "undisclosed", ...
    label: str
    applicants: int
    advanced: int | None  # None: withheld, too few to judge
    rate: Decimal | None  # None: too few to judge (or nobody)
    ratio: Decimal | None  # None: too few, "prefer not to say", or nobody to compare with
    flagged: bool  # impact ratio under 0.8
    too_few: bool
    undisclosed: bool
    # Large enough, but withheld so that a smaller group's figures cannot be
    # worked out from the totals (complementary suppression).
    withheld: bool = False

    @property
    def rate_percent(self) -> Decimal | None:
        return None if self.rate is None else (self.rate * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Fairness:
    """Selection rates of a proposed rule across the answers to one question."""

    dimension: str
    groups: tuple[GroupRate, ...]
    total: int  # every application previewed
    answered: int  # of those, applications whose candidate gave voluntary data
    waiting: int  # of those, ones the rule cannot decide yet (not counted as applicants)
    min_group: int

    @property
    def flagged(self) -> bool:
        return any(group.flagged for group in self.groups)

    @property
    def comparable(self) -> bool:
        """At least two groups large enough to compare, one of them with someone advanced."""
        return sum(group.ratio is not None for group in self.groups) >= 2


@dataclass(frozen=True)
class Preview:
    """What a proposed rule would do: counts per outcome and the fairness figures."""

    what_if: WhatIf
    fairness: Fairness


def fairness_dimension_choices() -> list[tuple[str, str]]:
    """The questions a fairness table can group by, with their names in the current language."""
    return [(name, str(_question(name).verbose_name).capitalize()) for name in FAIRNESS_DIMENSIONS]


def rule_fairness(
    *, job: Job, spec: RuleSpec, dimension: str = DEFAULT_DIMENSION, min_group: int = MIN_GROUP
) -> Fairness:
    """The proposed rule's selection rates over the job's current and past applications,
    in two queries whatever their number (recruiting.screening.selectors)."""
    judged = rule_judge(job=job, spec=spec, group_by=dimension)
    return fairness_tally(judged, dimension=dimension, min_group=min_group)


def rule_preview(
    *, job: Job, spec: RuleSpec, dimension: str = DEFAULT_DIMENSION, min_group: int = MIN_GROUP
) -> Preview:
    """Both the what-if counts and the fairness figures from one pass: two queries."""
    judged = rule_judge(job=job, spec=spec, group_by=dimension)
    return Preview(
        what_if=what_if_tally(judged),
        fairness=fairness_tally(judged, dimension=dimension, min_group=min_group),
    )


def fairness_tally(
    judged: Iterable[Judged], *, dimension: str, min_group: int = MIN_GROUP
) -> Fairness:
    """Group what a rule decided by the candidates' answers (see the module docstring)."""
    if dimension not in FAIRNESS_DIMENSIONS:
        raise ValueError(f"not a self-identification question: {dimension!r}")
    applicants: Counter[str] = Counter()
    advanced: Counter[str] = Counter()
    total = answered = waiting = 0
    for item in judged:
        total += 1
        if item.group is None:
            continue
        answered += 1
        if item.outcome == Outcome.WAITING:
            waiting += 1
            continue
        applicants[item.group] += 1
        advanced[item.group] += item.outcome == Outcome.ADVANCE
    choices = _answers(dimension)
    known = {code for code, _label in choices}
    # An answer no longer offered still counts, under its stored code.
    choices += [(code, code) for code in sorted(applicants) if code not in known]
    rates = {
        code: Fraction(advanced[code], applicants[code])
        for code, _label in choices
        if code != UNDISCLOSED and applicants[code] >= min_group
    }
    top = max(rates.values(), default=Fraction(0))
    withheld = _withheld(applicants, advanced, rates, min_group)
    # A shown ratio over a withheld reference would give the reference's rate back.
    reference_shown = not any(rates[code] == top for code in rates if code in withheld)
    groups = []
    for code, label in choices:
        rate = rates.get(code)
        if code == UNDISCLOSED and applicants[code] >= min_group:
            rate = Fraction(advanced[code], applicants[code])
        ratio = rates[code] / top if code in rates and top else None
        too_few = applicants[code] < min_group
        hidden = code in withheld
        groups.append(
            GroupRate(
                group=code,
                label=label,
                applicants=applicants[code],
                advanced=None if hidden else advanced[code],
                rate=None if hidden or rate is None else _decimal(rate, "0.0001"),
                # Rounded down, so a ratio shown as 0.80 is never a flagged 0.7996.
                ratio=(
                    None
                    if hidden or not reference_shown or ratio is None
                    else _decimal(ratio, "0.01")
                ),
                flagged=ratio is not None and ratio < FOUR_FIFTHS,
                too_few=too_few,
                undisclosed=code == UNDISCLOSED,
                withheld=hidden and not too_few,
            )
        )
    return Fairness(dimension, tuple(groups), total, answered, waiting, min_group)


def _withheld(
    applicants: Counter[str],
    advanced: Counter[str],
    rates: dict[str, Fraction],
    min_group: int,
) -> set[str]:
    """The groups whose figures are not shown: those too few to judge, and enough
    others that the totals cannot give a too-few group's count back (module docstring)."""
    withheld = {code for code, count in applicants.items() if 0 < count < min_group}
    if not withheld:
        return withheld
    top = max(rates.values(), default=None)
    # Prefer-not-to-say first, then the smallest groups; the reference group last.
    candidates = sorted(
        (code for code, count in applicants.items() if count >= min_group),
        key=lambda code: (code != UNDISCLOSED, rates.get(code) == top, applicants[code], code),
    )

    def safe() -> bool:
        people = sum(applicants[code] for code in withheld)
        advancing = sum(advanced[code] for code in withheld)
        return len(withheld) >= 2 and people >= min_group and 0 < advancing < people

    for code in candidates:
        if safe():
            break
        withheld.add(code)
    return withheld


def _question(name: str) -> models.CharField:
    field = SelfIdentification._meta.get_field(name)
    assert isinstance(field, models.CharField)
    return field


def _answers(dimension: str) -> list[tuple[str, str]]:
    return [(str(code), str(label)) for code, label in _question(dimension).choices or []]


def _decimal(value: Fraction, places: str) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(places), rounding=ROUND_FLOOR)
