"""The seed's screening rules: versions over time, and decisions that match what happened."""

from decimal import Decimal

import pytest

from recruiting.models import (
    Application,
    Assessment,
    ScreeningDecision,
    ScreeningRule,
    StageTransition,
)
from recruiting.screening.services import rule_label
from recruiting.seeding.funnel import PASS_MARK
from tests.recruiting.seeding.test_surveys import go_live_read_back

pytestmark = pytest.mark.django_db
State = ScreeningDecision.State


def test_some_jobs_have_a_rule_with_two_or_three_versions_made_after_the_go_live(seeded):
    rules = list(ScreeningRule.objects.prefetch_related("versions").select_related("stage"))
    assert seeded["screening rules"] == len(rules) >= 2
    go_live = go_live_read_back()
    for rule in rules:
        versions = sorted(rule.versions.all(), key=lambda version: version.number)
        assert [version.number for version in versions] in ([1, 2], [1, 2, 3])
        moments = [version.created_at for version in versions]
        assert moments == sorted(moments)
        assert moments[0] >= max(go_live, rule.job.opened_at)
        assert rule.stage.kind == "ai_interview"
        for version in versions:
            assert version.advance_to.position == rule.stage.position + 1
            assert version.advance_at == version.reject_below == Decimal(PASS_MARK)
            assert version.auto_reject == (version.number == 2)


def test_each_decision_was_made_by_the_version_in_force_and_is_what_happened(seeded, recruiter):
    decisions = list(
        ScreeningDecision.objects.select_related("version__rule", "application", "version")
    )
    assert seeded["screening decisions"] == len(decisions) > 50
    assert {(d.outcome, d.state) for d in decisions} == {
        ("advance", State.APPLIED),
        ("reject", State.APPLIED),
        ("reject", State.CONFIRMED),
    }
    results = dict(
        Assessment.objects.filter(kind=Assessment.Kind.AI_INTERVIEW).values_list(
            "application_id", "completed_at"
        )
    )
    for decision in decisions:
        application, version = decision.application, decision.version
        arrived = results[application.pk]
        assert decision.created_at == arrived
        in_force = version.rule.versions.filter(created_at__lte=arrived).order_by("-number")
        assert in_force.first() == version
        assert decision.composite == application.ai_score
        assert decision.inputs == {
            "parts": [{"key": "ai_overall", "weight": "1", "score": str(application.ai_score)}]
        }
        label = rule_label(version)
        moves = StageTransition.objects.filter(application=application, rule=label)
        if decision.outcome == "advance":
            assert application.ai_score >= PASS_MARK
            move = moves.get()
            assert (move.from_stage, move.to_stage) == (version.rule.stage, version.advance_to)
            assert (move.actor, move.created_at) == (None, arrived)
        else:
            assert application.ai_score < PASS_MARK
            assert application.status == Application.Status.REJECTED
            end = moves.get()
            assert end.to_status == Application.Status.REJECTED
            assert end.rejection_reason.code == "score_below_threshold"
            assert end.created_at == application.archived_at
            if decision.state == State.APPLIED:  # rejected without review, at once
                assert version.auto_reject
                assert (end.actor, end.created_at) == (None, arrived)
            else:  # the recruiter confirmed the suggestion later
                assert not version.auto_reject
                assert end.actor == decision.decided_by == recruiter
                assert end.created_at == decision.decided_at > arrived
    # No move is signed by a rule without the decision behind it.
    signed = StageTransition.objects.exclude(rule="").values_list("application_id", flat=True)
    assert set(signed) == {decision.application_id for decision in decisions}
