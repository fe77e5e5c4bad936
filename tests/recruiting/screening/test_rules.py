"""Screening rules as pure functions: the composite and the outcome (screening/rules.py)."""

from decimal import Decimal

import pytest
from django.utils import translation

from recruiting.screening.rules import (
    MissingPolicy,
    Outcome,
    Part,
    RuleSpec,
    Source,
    composite,
    decide,
    spec_problems,
)

AI = Part(Source.AI_OVERALL, Decimal("0.6"))
TEST = Part(Source.WRITTEN_TEST, Decimal("0.4"))
CAMPUS = RuleSpec((AI, TEST), MissingPolicy.REWEIGHT, Decimal(80), Decimal(60))


def _scores(ai=None, test=None):
    return {
        "ai_overall": None if ai is None else Decimal(ai),
        "written_test": None if test is None else Decimal(test),
    }


@pytest.mark.parametrize(
    ("ai", "outcome"),
    [
        ("100", Outcome.ADVANCE),
        ("80", Outcome.ADVANCE),  # the boundary advances: "80 and over"
        ("79.99", Outcome.HOLD),
        ("60", Outcome.HOLD),  # "below 60" rejects; 60 itself waits for a person
        ("59.99", Outcome.REJECT),
        ("0", Outcome.REJECT),
    ],
)
def test_the_out_of_the_box_example_advances_holds_and_rejects_at_its_boundaries(ai, outcome):
    rule = RuleSpec((AI,), MissingPolicy.REWEIGHT, Decimal(80), Decimal(60))

    assert decide(rule, _scores(ai=ai)).outcome == outcome


def test_the_composite_is_the_weighted_mean_and_says_what_it_used():
    result = composite(CAMPUS, _scores(ai="88", test="79"))

    assert result.value == Decimal("84.40")  # 0.6 x 88 + 0.4 x 79
    assert [(part.key, weight, score) for part, weight, score in result.used] == [
        ("ai_overall", Decimal("0.6"), Decimal(88)),
        ("written_test", Decimal("0.4"), Decimal(79)),
    ]
    assert result.missing == ()


def test_a_missing_part_is_left_out_and_its_weight_shared_under_reweight():
    result = composite(CAMPUS, _scores(ai="88"))

    assert result.value == Decimal("88.00")
    assert [part.key for part in result.missing] == ["written_test"]
    assert [weight for _part, weight, _score in result.used] == [Decimal(1)]


def test_under_wait_a_missing_part_decides_nothing_yet():
    rule = RuleSpec((AI, TEST), MissingPolicy.WAIT, Decimal(80), Decimal(60))

    verdict = decide(rule, _scores(ai="95"))

    assert verdict.outcome == Outcome.WAITING
    assert verdict.composite.value is None
    assert decide(rule, _scores(ai="95", test="90")).outcome == Outcome.ADVANCE


def test_nothing_scored_decides_nothing_whatever_the_policy():
    assert decide(CAMPUS, _scores()).outcome == Outcome.WAITING


def test_a_rule_without_a_reject_threshold_never_rejects():
    rule = RuleSpec((AI,), MissingPolicy.REWEIGHT, Decimal(80), None)

    assert decide(rule, _scores(ai="3")).outcome == Outcome.HOLD


def test_dimension_parts_read_their_dimension():
    logic = Part(Source.AI_DIMENSION, Decimal(1), "logical_thinking")
    rule = RuleSpec((logic,), MissingPolicy.REWEIGHT, Decimal(70), None)

    assert decide(rule, {"ai_dimension:logical_thinking": Decimal(75)}).outcome == Outcome.ADVANCE


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        (RuleSpec((), MissingPolicy.REWEIGHT, Decimal(80), None), "at least one part"),
        (RuleSpec((AI, AI), MissingPolicy.REWEIGHT, Decimal(80), None), "appears twice"),
        (
            RuleSpec((Part(Source.AI_OVERALL, Decimal(0)),), MissingPolicy.WAIT, Decimal(8), None),
            "above 0",
        ),
        (
            RuleSpec(
                (Part(Source.AI_DIMENSION, Decimal(1)),), MissingPolicy.WAIT, Decimal(8), None
            ),
            "names a dimension",
        ),
        (RuleSpec((AI,), MissingPolicy.WAIT, Decimal(101), None), "between 0 and 100"),
        (RuleSpec((AI,), MissingPolicy.WAIT, Decimal(50), Decimal(60)), "cannot be above"),
    ],
)
def test_a_rule_with_a_mistake_is_told_what_is_wrong(spec, problem):
    with translation.override("en"):
        assert any(problem in message for message in spec_problems(spec))


def test_a_sound_rule_has_no_problems():
    assert spec_problems(CAMPUS) == []
