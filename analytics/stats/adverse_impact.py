"""Selection and scoring rates per group, and impact ratios against the best group.

- Selection rate = selected / applicants of a group; impact ratio = the
  group's rate / the highest group's rate; a ratio under 0.80 is evidence of
  adverse impact (the four-fifths rule, 29 CFR 1607.4(D),
  https://www.law.cornell.edu/cfr/text/29/1607.4).
- For a tool that scores rather than selects, NYC Local Law 144 uses the
  scoring rate: the share of a group scoring strictly above the median of
  the whole sample, with impact ratios as above (DCWP rules, 6 RCNY 5-300
  and 5-301; example: male 54.3 % -> 1.00, female 44.7 % -> 0.82).
- Categories may be one question (sex) or the intersection of several
  (sex x ethnicity): a category is the tuple of answers.
- People whose answer is unknown are not compared, but their number is
  reported (6 RCNY § 5-301). A category under 2 % of the data may be
  excluded from the comparison, with a justification, while its counts and
  rate are still reported (6 RCNY § 5-301).
- Beside each ratio: the two-sided Fisher exact p of the group against the
  highest group, since with small groups a low ratio may be chance.

Ratios and the four-fifths flag are computed from the counts as exact
fractions, so 80 of 200 against 50 of 100 is 0.80 and not flagged, without
floating-point doubt at the boundary.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from analytics.stats.descriptive import median
from analytics.stats.fisher_exact import fisher_exact_p

FOUR_FIFTHS = Fraction(4, 5)
# 6 RCNY § 5-301: only a category under 2 % of the data may be excluded.
LL144_MAX_EXCLUDABLE_SHARE = Fraction(2, 100)
UNKNOWN = "unknown"

Category = tuple[str, ...]


class Measure(StrEnum):
    SELECTION_RATE = "selection rate"
    SCORING_RATE = "scoring rate"


class RowRole(StrEnum):
    COMPARED = "compared"
    UNKNOWN = "unknown"  # an answer is missing: counted, not compared
    EXCLUDED = "excluded"  # under the small-group share: counted, not compared


@dataclass(frozen=True)
class SelectionRecord:
    answers: Mapping[str, str]  # question -> category; a missing question is unknown
    selected: bool


@dataclass(frozen=True)
class ScoreRecord:
    answers: Mapping[str, str]
    score: float


@dataclass(frozen=True)
class SmallGroupExclusion:
    """Leave categories under `below_share` of the data out of the comparison.

    LL144 demands the auditor's reason in the published summary, so one is
    required here.
    """

    justification: str
    below_share: Fraction = LL144_MAX_EXCLUDABLE_SHARE

    def __post_init__(self) -> None:
        if not self.justification.strip():
            raise ValueError("excluding small categories needs a stated justification")
        if not 0 < self.below_share <= LL144_MAX_EXCLUDABLE_SHARE:
            raise ValueError("only categories under 2 % of the data may be excluded")


@dataclass(frozen=True)
class Tally:
    total: int
    favourable: int  # selected, or scored above the sample median

    @property
    def rate(self) -> Fraction:
        return Fraction(self.favourable, self.total)


@dataclass(frozen=True)
class ImpactRow:
    category: Category
    role: RowRole
    total: int
    favourable: int
    rate: float
    share_of_data: float
    impact_ratio: float | None  # None unless compared and a best rate above 0 exists
    below_four_fifths: bool | None
    fisher_p: float | None  # against the reference row; None for the reference itself


@dataclass(frozen=True)
class ImpactTable:
    measure: Measure
    questions: tuple[str, ...]
    rows: tuple[ImpactRow, ...]
    reference: Category | None  # the compared category with the highest rate
    sample_median: float | None  # the scoring rate's cut; None for selection rates
    exclusion_justification: str | None


def selection_rate_impact(
    records: Sequence[SelectionRecord],
    *,
    questions: Sequence[str],
    exclusion: SmallGroupExclusion | None = None,
) -> ImpactTable:
    """Selection rates and impact ratios per category of `questions`."""
    tallies = tally_by_category(
        [(record.answers, record.selected) for record in records], questions=questions
    )
    return impact_table(
        tallies, measure=Measure.SELECTION_RATE, questions=questions, exclusion=exclusion
    )


def scoring_rate_impact(
    records: Sequence[ScoreRecord],
    *,
    questions: Sequence[str],
    exclusion: SmallGroupExclusion | None = None,
) -> ImpactTable:
    """LL144 scoring rates: share of each category scoring above the sample median.

    The median is percentile_cont(0.5) of every score, unknowns included;
    a score equal to the median is not above it.
    """
    sample_median = median([record.score for record in records])
    tallies = tally_by_category(
        [
            (record.answers, sample_median is not None and record.score > sample_median)
            for record in records
        ],
        questions=questions,
    )
    return impact_table(
        tallies,
        measure=Measure.SCORING_RATE,
        questions=questions,
        exclusion=exclusion,
        sample_median=sample_median,
    )


def tally_by_category(
    outcomes: Sequence[tuple[Mapping[str, str], bool]], *, questions: Sequence[str]
) -> dict[Category, Tally]:
    """Count people and favourable outcomes per tuple of answers to `questions`."""
    if not questions:
        raise ValueError("name at least one group question")
    counts: dict[Category, tuple[int, int]] = {}
    for answers, favourable in outcomes:
        category = tuple(answers.get(question) or UNKNOWN for question in questions)
        total, favoured = counts.get(category, (0, 0))
        counts[category] = (total + 1, favoured + int(favourable))
    return {category: Tally(*counted) for category, counted in sorted(counts.items())}


def impact_table(
    tallies: Mapping[Category, Tally],
    *,
    measure: Measure,
    questions: Sequence[str],
    exclusion: SmallGroupExclusion | None = None,
    sample_median: float | None = None,
) -> ImpactTable:
    """Rates, impact ratios, four-fifths flags and Fisher p from counts per category."""
    if any(
        tally.total <= 0 or not 0 <= tally.favourable <= tally.total for tally in tallies.values()
    ):
        raise ValueError("each category needs total > 0 and 0 <= favourable <= total")
    everyone = sum(tally.total for tally in tallies.values())
    roles = {
        category: _role(category, Fraction(tally.total, everyone), exclusion)
        for category, tally in tallies.items()
    }
    compared = [category for category in tallies if roles[category] is RowRole.COMPARED]
    # max() keeps the first of equal rates, and tallies come sorted: deterministic.
    reference = max(compared, key=lambda category: tallies[category].rate, default=None)
    rows = tuple(
        _row(category, tallies, roles[category], reference, everyone) for category in tallies
    )
    return ImpactTable(
        measure=measure,
        questions=tuple(questions),
        rows=rows,
        reference=reference,
        sample_median=sample_median,
        exclusion_justification=exclusion.justification if exclusion else None,
    )


def _role(category: Category, share: Fraction, exclusion: SmallGroupExclusion | None) -> RowRole:
    if UNKNOWN in category:
        return RowRole.UNKNOWN
    if exclusion is not None and share < exclusion.below_share:
        return RowRole.EXCLUDED
    return RowRole.COMPARED


def _row(
    category: Category,
    tallies: Mapping[Category, Tally],
    role: RowRole,
    reference: Category | None,
    everyone: int,
) -> ImpactRow:
    tally = tallies[category]
    ratio: Fraction | None = None
    p: float | None = None
    if role is RowRole.COMPARED and reference is not None:
        best = tallies[reference]
        # When no compared group has a favourable outcome, no ratio exists.
        ratio = tally.rate / best.rate if best.rate > 0 else None
        if category != reference:
            p = fisher_exact_p(
                group_selected=tally.favourable,
                group_not_selected=tally.total - tally.favourable,
                reference_selected=best.favourable,
                reference_not_selected=best.total - best.favourable,
            )
    return ImpactRow(
        category=category,
        role=role,
        total=tally.total,
        favourable=tally.favourable,
        rate=float(tally.rate),
        share_of_data=tally.total / everyone,
        impact_ratio=None if ratio is None else float(ratio),
        below_four_fifths=None if ratio is None else ratio < FOUR_FIFTHS,
        fisher_p=p,
    )
