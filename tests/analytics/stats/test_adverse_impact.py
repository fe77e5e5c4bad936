"""Selection and scoring rates, impact ratios, intersections and small groups."""

import pytest
from scipy import stats

from analytics.stats.adverse_impact import (
    UNKNOWN,
    Measure,
    RowRole,
    ScoreRecord,
    SelectionRecord,
    SmallGroupExclusion,
    Tally,
    impact_table,
    scoring_rate_impact,
    selection_rate_impact,
)


def _rows(table):
    return {row.category: row for row in table.rows}


def test_ll144_published_scoring_rate_example():
    """Male 54.3 % -> 1.00, female 44.7 % -> 0.82 (DCWP's example).

    Of 2,000 scores, 1,010 are 50 and 990 are 80, so the sample median is 50
    and only the 80s are above it: 543 of 1,000 men, 447 of 1,000 women.
    """
    records = (
        [ScoreRecord({"sex": "male"}, 80.0)] * 543
        + [ScoreRecord({"sex": "male"}, 50.0)] * 457
        + [ScoreRecord({"sex": "female"}, 80.0)] * 447
        + [ScoreRecord({"sex": "female"}, 50.0)] * 553
    )

    table = scoring_rate_impact(records, questions=["sex"])

    rows = _rows(table)
    assert table.measure is Measure.SCORING_RATE
    assert table.sample_median == 50.0
    assert table.reference == ("male",)
    assert rows[("male",)].rate == pytest.approx(0.543)
    assert rows[("female",)].rate == pytest.approx(0.447)
    assert round(rows[("male",)].impact_ratio, 2) == 1.00
    assert round(rows[("female",)].impact_ratio, 2) == 0.82
    assert rows[("female",)].below_four_fifths is False
    assert rows[("male",)].fisher_p is None
    assert rows[("female",)].fisher_p == pytest.approx(
        stats.fisher_exact([[447, 553], [543, 457]]).pvalue, rel=1e-9
    )


def test_a_score_equal_to_the_median_is_not_above_it():
    records = [ScoreRecord({"sex": "f"}, score) for score in (1.0, 2.0, 3.0)]

    table = scoring_rate_impact(records, questions=["sex"])

    assert table.sample_median == 2.0
    assert table.rows[0].favourable == 1


@pytest.mark.parametrize(
    ("selected_of_200", "ratio", "flagged"),
    [(79, 0.79, True), (80, 0.80, False), (81, 0.81, False)],
)
def test_four_fifths_flag_at_the_boundary(selected_of_200, ratio, flagged):
    """The best group selects 50 of 100; the other 79, 80 or 81 of 200."""
    tallies = {("a",): Tally(100, 50), ("b",): Tally(200, selected_of_200)}

    table = impact_table(tallies, measure=Measure.SELECTION_RATE, questions=["group"])

    row = _rows(table)[("b",)]
    assert row.impact_ratio == pytest.approx(ratio, abs=1e-12)
    assert row.below_four_fifths is flagged
    assert _rows(table)[("a",)].below_four_fifths is False


def test_intersections_of_two_questions_with_unknowns_counted_not_compared():
    records = (
        [SelectionRecord({"sex": "female", "ethnicity": "han"}, True)] * 30
        + [SelectionRecord({"sex": "female", "ethnicity": "han"}, False)] * 70
        + [SelectionRecord({"sex": "male", "ethnicity": "han"}, True)] * 50
        + [SelectionRecord({"sex": "male", "ethnicity": "han"}, False)] * 50
        + [SelectionRecord({"sex": "female", "ethnicity": "hui"}, True)] * 8
        + [SelectionRecord({"sex": "female", "ethnicity": "hui"}, False)] * 12
        + [SelectionRecord({"sex": "male"}, True)] * 6  # declined the ethnicity question
        + [SelectionRecord({"sex": "male", "ethnicity": ""}, False)] * 4
    )

    table = selection_rate_impact(records, questions=["sex", "ethnicity"])

    rows = _rows(table)
    assert list(rows) == [
        ("female", "han"),
        ("female", "hui"),
        ("male", "han"),
        ("male", UNKNOWN),
    ]
    assert table.reference == ("male", "han")
    assert rows[("female", "han")].impact_ratio == pytest.approx(0.6)
    assert rows[("female", "han")].below_four_fifths is True
    assert rows[("female", "hui")].impact_ratio == pytest.approx(0.8)
    unknown = rows[("male", UNKNOWN)]
    assert (unknown.role, unknown.total, unknown.favourable) == (RowRole.UNKNOWN, 10, 6)
    assert unknown.impact_ratio is None
    assert unknown.fisher_p is None


def test_groups_under_two_percent_are_excluded_with_their_counts_disclosed():
    """A category of 15 in 1,000 (1.5 %) with a 100 % rate would otherwise be the
    reference and make every other group look adversely impacted."""
    tallies = {
        ("han",): Tally(800, 400),
        ("hui",): Tally(185, 80),
        ("tibetan",): Tally(15, 15),
    }
    exclusion = SmallGroupExclusion("under 2 % of applicants; a rate of 15 people is unstable")

    excluded = impact_table(
        tallies, measure=Measure.SELECTION_RATE, questions=["ethnicity"], exclusion=exclusion
    )
    included = impact_table(tallies, measure=Measure.SELECTION_RATE, questions=["ethnicity"])

    small = _rows(excluded)[("tibetan",)]
    assert small.role is RowRole.EXCLUDED
    assert (small.total, small.favourable, small.rate) == (15, 15, 1.0)
    assert small.share_of_data == pytest.approx(0.015)
    assert small.impact_ratio is None
    assert excluded.reference == ("han",)
    assert excluded.exclusion_justification == exclusion.justification
    assert _rows(excluded)[("hui",)].impact_ratio == pytest.approx((80 / 185) / 0.5)
    assert included.reference == ("tibetan",)
    assert _rows(included)[("han",)].impact_ratio == pytest.approx(0.5)


def test_exclusion_needs_a_reason_and_at_most_two_percent():
    with pytest.raises(ValueError, match="justification"):
        SmallGroupExclusion("  ")
    with pytest.raises(ValueError, match="2 %"):
        SmallGroupExclusion("too small", below_share=0.05)


def test_no_favourable_outcome_anywhere_gives_no_ratio():
    tallies = {("a",): Tally(10, 0), ("b",): Tally(12, 0)}

    table = impact_table(tallies, measure=Measure.SELECTION_RATE, questions=["group"])

    assert [row.impact_ratio for row in table.rows] == [None, None]
    assert [row.below_four_fifths for row in table.rows] == [None, None]


def test_impossible_counts_raise_value_error():
    with pytest.raises(ValueError, match="favourable"):
        impact_table({("a",): Tally(5, 6)}, measure=Measure.SELECTION_RATE, questions=["g"])
