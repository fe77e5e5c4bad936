"""Selection rates per group of voluntary self-identification, and their impact ratio."""

from decimal import Decimal

import pytest

from recruiting.models import SelfIdentification
from recruiting.screening.fairness import fairness_tally, rule_fairness, rule_preview
from recruiting.screening.rules import MissingPolicy, Outcome, Part, RuleSpec, Source
from recruiting.screening.selectors import Judged, rule_what_if
from recruiting.services.applications import application_reject
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason
from tests.recruiting.screening.test_what_if import CAMPUS, _with_result

pytestmark = pytest.mark.django_db


def _applicant(job, score, **answers):
    """An application with an AI-interview score whose candidate answered `answers`."""
    application = _with_result(job, score)
    SelfIdentification.objects.create(candidate=application.candidate, **answers)
    return application


def _judged(group, advanced, total):
    return [Judged(True, Outcome.ADVANCE, group)] * advanced + [
        Judged(True, Outcome.HOLD, group)
    ] * (total - advanced)


def _rows(fairness):
    return {group.group: group for group in fairness.groups}


def test_rates_and_impact_ratio_per_group_flag_under_four_fifths():
    """Women 3 of 10 (30%) against men 6 of 10 (60%): ratio 0.5, flagged."""
    judged = _judged("female", 3, 10) + _judged("male", 6, 10)

    fairness = fairness_tally(judged, dimension="gender")
    rows = _rows(fairness)

    assert (rows["female"].applicants, rows["female"].advanced) == (10, 3)
    assert rows["female"].rate == Decimal("0.3000")
    assert rows["female"].rate_percent == Decimal("30.0")
    assert rows["female"].ratio == Decimal("0.50")
    assert rows["female"].flagged
    assert (rows["male"].ratio, rows["male"].flagged) == (Decimal("1.00"), False)
    assert fairness.flagged
    assert fairness.comparable


@pytest.mark.parametrize(
    ("advanced", "flagged"),
    [(4, False), (3, True)],  # 4/10 over 5/10 is exactly 0.8: not under it
)
def test_the_four_fifths_boundary(advanced, flagged):
    judged = _judged("female", advanced, 10) + _judged("male", 5, 10)

    rows = _rows(fairness_tally(judged, dimension="gender"))

    assert rows["female"].flagged is flagged
    assert (rows["female"].ratio < Decimal("0.80")) is flagged


def test_a_ratio_just_under_four_fifths_never_shows_as_0_80():
    """7/12 over 11/15 is 0.7954...: rounded down to 0.79, so the figure agrees with the flag."""
    judged = _judged("female", 7, 12) + _judged("male", 11, 15)

    female = _rows(fairness_tally(judged, dimension="gender"))["female"]

    assert (female.ratio, female.flagged) == (Decimal("0.79"), True)


def test_a_small_group_is_too_few_to_judge_and_not_the_reference():
    """Two people of another gender, both advanced: no rate shown, no flag, and their
    100% is not the rate the others are compared with. ("Prefer not to say" is
    withheld with them, so the totals do not give their count back.)"""
    judged = (
        _judged("female", 4, 10)
        + _judged("male", 5, 10)
        + _judged("other", 2, 2)
        + _judged("undisclosed", 3, 6)
    )

    rows = _rows(fairness_tally(judged, dimension="gender"))

    other = rows["other"]
    assert other.too_few
    assert (other.applicants, other.advanced, other.rate, other.ratio) == (2, None, None, None)
    assert not other.flagged
    assert rows["female"].ratio == Decimal("0.80")  # against men's 50%, not the 100%
    assert not rows["female"].flagged
    assert rows["undisclosed"].withheld


def test_prefer_not_to_say_has_its_own_row_but_is_not_compared():
    """Those who would not say advance at 90%: shown, yet neither compared nor the reference."""
    judged = _judged("female", 4, 10) + _judged("male", 5, 10) + _judged("undisclosed", 9, 10)

    rows = _rows(fairness_tally(judged, dimension="gender"))

    undisclosed = rows["undisclosed"]
    assert (undisclosed.applicants, undisclosed.advanced) == (10, 9)
    assert undisclosed.rate == Decimal("0.9000")
    assert (undisclosed.ratio, undisclosed.flagged) == (None, False)
    assert rows["male"].ratio == Decimal("1.00")


def test_only_candidates_who_answered_count_and_waiting_ones_are_left_out():
    judged = [
        *_judged("female", 5, 5),
        *_judged("male", 5, 5),
        Judged(True, Outcome.ADVANCE, None),  # gave no data
        Judged(True, Outcome.WAITING, "female"),  # no score yet: neither selected nor refused
    ]

    fairness = fairness_tally(judged, dimension="gender")

    assert (fairness.total, fairness.answered, fairness.waiting) == (12, 11, 1)
    assert _rows(fairness)["female"].applicants == 5


def test_nobody_advanced_gives_no_ratio_and_no_flag():
    fairness = fairness_tally(_judged("female", 0, 6) + _judged("male", 0, 6), dimension="gender")

    assert all(group.ratio is None and not group.flagged for group in fairness.groups)
    assert not fairness.comparable


def test_an_unknown_question_is_refused():
    with pytest.raises(ValueError, match="self-identification"):
        fairness_tally([], dimension="salary")


def test_a_jobs_applications_grouped_by_the_question_asked():
    """Through the database: gender and age band of real applications under a real rule."""
    job = JobFactory()
    for score in ("90", "85", "50", "40", "30"):  # women: 2 of 5 advance (80 and over)
        _applicant(job, score, gender="female", age_band="under_25")
    for score in ("95", "88", "82", "81", "20"):  # men: 4 of 5
        _applicant(job, score, gender="male", age_band="25_34")
    _with_result(job, "99")  # no voluntary data: not in the table
    ended = _applicant(job, "10", gender="female", age_band="25_34")
    application_reject(application=ended, reason=reason())  # past ones count too

    by_gender = _rows(rule_fairness(job=job, spec=CAMPUS))
    by_age = _rows(rule_fairness(job=job, spec=CAMPUS, dimension="age_band"))

    assert (by_gender["female"].applicants, by_gender["female"].advanced) == (6, 2)
    assert by_gender["female"].ratio == Decimal("0.41")  # (2/6) / (4/5) = 0.4166...
    assert by_gender["female"].flagged
    assert (by_gender["male"].applicants, by_gender["male"].advanced) == (5, 4)
    assert by_gender["undisclosed"].applicants == 0
    assert (by_age["under_25"].applicants, by_age["25_34"].applicants) == (5, 6)


def test_the_preview_matches_what_if_and_costs_the_same_queries_for_few_or_many(
    django_assert_num_queries,
):
    logic = Part(Source.AI_DIMENSION, Decimal(1), "logical_thinking")
    spec = RuleSpec(
        (logic, Part(Source.AI_OVERALL, Decimal(1))), MissingPolicy.REWEIGHT, Decimal(80), None
    )
    few, many = JobFactory(), JobFactory()
    _applicant(few, "90", gender="female")
    for score, gender in zip(("90", "70", "85", "60", "95", "81", "30"), "ffmmffm", strict=True):
        _applicant(many, score, gender="female" if gender == "f" else "male")
    ApplicationFactory(job=many)  # no score, no data

    with django_assert_num_queries(2):
        rule_preview(job=few, spec=spec)
    with django_assert_num_queries(2):
        preview = rule_preview(job=many, spec=spec, dimension="gender")
    with django_assert_num_queries(2):
        fairness = rule_fairness(job=many, spec=spec)

    assert preview.what_if == rule_what_if(job=many, spec=spec)
    assert preview.fairness == fairness
    assert preview.fairness.total == 8
    assert preview.fairness.answered == 7


def _published(fairness, judged):
    """What the rule editor shows: each group's applicants, the advanced counts it
    does not withhold, and the what-if total of advanced (everyone answered here)."""
    total = sum(item.outcome == Outcome.ADVANCE for item in judged)
    shown = {g.group: g.advanced for g in fairness.groups if g.advanced is not None}
    hidden = {g.group: g.applicants for g in fairness.groups if g.advanced is None}
    return total - sum(shown.values()), hidden


def _possible_counts(remaining, hidden):
    """Every advanced count each withheld group could have, given what is published."""
    codes = list(hidden)
    possible = {code: set() for code in codes}

    def walk(index, left, chosen):
        if index == len(codes):
            if left == 0:
                for code, value in zip(codes, chosen, strict=True):
                    possible[code].add(value)
            return
        for value in range(min(left, hidden[codes[index]]) + 1):
            walk(index + 1, left - value, [*chosen, value])

    walk(0, remaining, [])
    return possible


@pytest.mark.parametrize(
    "groups",
    [
        # one small group beside two large ones, everyone answered
        {"female": (3, 10), "male": (6, 10), "other": (1, 2)},
        # the small group could only be hidden behind the reference
        {"male": (6, 10), "other": (1, 2)},
        # two small groups that together are still too few
        {"female": (3, 10), "male": (6, 12), "other": (1, 2), "undisclosed": (0, 1)},
        # the complement is all-advanced on its own: another one is needed
        {"female": (5, 5), "male": (4, 9), "other": (0, 3), "undisclosed": (2, 7)},
    ],
)
def test_a_too_few_groups_count_cannot_be_worked_out_from_the_totals(groups):
    """Complementary suppression: from the published figures (what-if totals, each
    group's applicants, every count not withheld) a withheld group's advanced
    count is never the only one possible, and no shown ratio refers to a hidden rate."""
    judged = [item for code, (won, size) in groups.items() for item in _judged(code, won, size)]

    fairness = fairness_tally(judged, dimension="gender")

    remaining, hidden = _published(fairness, judged)
    small = [g.group for g in fairness.groups if g.too_few and g.applicants]
    assert small
    assert all(code in hidden for code in small)
    possible = _possible_counts(remaining, hidden)
    assert all(len(possible[code]) > 1 for code in small), possible
    for group in fairness.groups:
        if group.advanced is None:
            assert (group.rate, group.ratio) == (None, None)
    ratios = [g.ratio for g in fairness.groups if g.ratio is not None]
    assert not ratios or Decimal("1.00") in ratios  # the reference itself is shown


def test_with_no_small_group_nothing_is_withheld():
    judged = _judged("female", 3, 10) + _judged("male", 6, 10) + _judged("undisclosed", 2, 5)

    fairness = fairness_tally(judged, dimension="gender")

    assert all(g.advanced is not None for g in fairness.groups if g.applicants)
    assert not any(g.withheld for g in fairness.groups)
