"""Interviewer scorecards: interview_feedback assessments that rules use once the panel is done."""

from decimal import Decimal

import pytest

from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from recruiting.interviews import scorecards
from recruiting.interviews.rescreening import interview_change, scorecard_submit
from recruiting.interviews.scorecard_services import Scorecard
from recruiting.models import Application, Assessment, Interview, ScreeningDecision
from recruiting.screening.rules import MissingPolicy, Part, Source
from recruiting.screening.services import screening_rule_save
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import reason
from tests.recruiting.interviews.test_services import (
    ALL_GOOD,
    interview_stage,
    plan,
    ready,
    rows,
    scheduled,
)

pytestmark = pytest.mark.django_db


def _card(ratings=None, recommendation="yes", notes="逻辑清晰，基础扎实。") -> Scorecard:
    return Scorecard(
        ratings=ratings if ratings is not None else dict(ALL_GOOD),
        recommendation=recommendation,
        notes=notes,
    )


def test_a_scorecard_is_an_interview_feedback_assessment_on_the_0_100_scale():
    interview, (first, _second), _hr = scheduled()
    ready(interview)
    ratings = {"communication": 4, "logical_thinking": 3, "professional_skill": 5, "teamwork": None}

    assessment = scorecard_submit(
        interview=interview, interviewer=first, card=_card(ratings, "strong_yes")
    )

    assessment.refresh_from_db()
    assert assessment.kind == Assessment.Kind.INTERVIEW_FEEDBACK
    assert (assessment.source, assessment.external_id) == (
        "scorecard",
        f"interview:{interview.pk}:{first.pk}",
    )
    assert assessment.entered_by == first
    assert assessment.application == interview.application
    assert assessment.overall_score == Decimal("80.00")  # (4 + 3 + 5) / 3 x 20
    assert (assessment.overall_raw, assessment.overall_scale) == ("4.0", "1-5")
    assert (assessment.vendor_verdict, assessment.vendor_verdict_raw) == ("pass", "strong_yes")
    assert assessment.media["summary"] == "逻辑清晰，基础扎实。"
    scores = {
        s.dimension.code: (s.score, s.raw_score, s.raw_scale)
        for s in assessment.dimension_scores.select_related("dimension")
    }
    assert scores == {
        "communication": (Decimal("80.00"), "4", "1-5"),
        "logical_thinking": (Decimal("60.00"), "3", "1-5"),
        "professional_skill": (Decimal("100.00"), "5", "1-5"),
    }
    # the rest of the panel has not submitted: it does not count yet
    assert (assessment.status, assessment.scoring_status) == ("in_progress", "partial")
    assert AuditEvent.objects.get(action="recruiting.scorecard_submit").actor == first


def test_resubmitting_updates_the_same_scorecard():
    interview, (first, _second), _hr = scheduled()
    ready(interview)
    original = scorecard_submit(interview=interview, interviewer=first, card=_card())

    again = scorecard_submit(
        interview=interview,
        interviewer=first,
        card=_card({"communication": 2}, "no", notes="复盘后改为不推荐。"),
    )

    assert again.pk == original.pk
    assert Assessment.objects.filter(kind="interview_feedback").count() == 1
    again.refresh_from_db()
    assert again.overall_score == Decimal("40.00")
    assert (again.vendor_verdict, again.vendor_verdict_raw) == ("fail", "no")
    assert list(again.dimension_scores.values_list("dimension__code", flat=True)) == [
        "communication"
    ]
    assert again.media["summary"] == "复盘后改为不推荐。"


def test_the_last_scorecard_completes_the_panel_and_the_interview():
    interview, (first, second), _hr = scheduled()
    ready(interview)
    scorecard_submit(interview=interview, interviewer=first, card=_card())

    scorecard_submit(interview=interview, interviewer=second, card=_card(recommendation="no"))

    cards = Assessment.objects.filter(source="scorecard")
    assert set(cards.values_list("status", "scoring_status")) == {("completed", "final")}
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED


def test_only_the_panel_scores_and_only_once_the_interview_began():
    interview, (first, _second), hr = scheduled()
    outsider = UserFactory(roles=[Role.INTERVIEWER])

    with pytest.raises(ApplicationError):
        scorecard_submit(interview=interview, interviewer=first, card=_card())  # not begun
    ready(interview)
    with pytest.raises(ApplicationError):
        scorecard_submit(interview=interview, interviewer=outsider, card=_card())
    with pytest.raises(ApplicationError):
        scorecard_submit(interview=interview, interviewer=hr, card=_card())
    assert not Assessment.objects.filter(kind="interview_feedback").exists()


@pytest.mark.parametrize(
    "card",
    [
        Scorecard(ratings={}, recommendation="yes"),
        Scorecard(ratings={"communication": None}, recommendation="yes"),
        Scorecard(ratings={"communication": 6}, recommendation="yes"),
        Scorecard(ratings={"communication": 0}, recommendation="yes"),
        Scorecard(ratings={"charisma": 4}, recommendation="yes"),
        Scorecard(ratings={"communication": 4}, recommendation="maybe"),
    ],
)
def test_a_malformed_scorecard_is_refused(card):
    interview, (first, _second), _hr = scheduled()
    ready(interview)

    with pytest.raises(ApplicationError):
        scorecard_submit(interview=interview, interviewer=first, card=card)

    assert not Assessment.objects.filter(kind="interview_feedback").exists()


def test_taking_the_last_missing_interviewer_off_the_panel_completes_it():
    interview, (first, second), hr = scheduled()
    ready(interview)
    scorecard_submit(interview=interview, interviewer=first, card=_card())

    interview_change(
        interview=interview, plan=plan([first], starts_at=interview.starts_at), actor=hr
    )

    assert Assessment.objects.get(source="scorecard").status == "completed"
    assert Interview.objects.get(pk=interview.pk).status == Interview.Status.COMPLETED
    assert rows("interviewer_released").get().recipient == second.email


def test_a_rule_with_an_interview_feedback_part_decides_after_both_scorecards():
    """The panel's average decides, once the whole panel has spoken: 100 and 60 make 80."""
    interview, (first, second), _hr = scheduled()
    application = interview.application
    job = application.job
    version = screening_rule_save(
        job=job,
        name="Interview panel",
        stage=interview_stage(job),
        parts=[Part(Source.INTERVIEW_FEEDBACK, Decimal(1))],
        missing=MissingPolicy.WAIT,
        advance_at=Decimal(80),
        advance_to=interview_stage(job, 1),
        reject_below=Decimal(60),
        reject_reason=reason("not_a_fit"),
    )
    ready(interview)

    scorecard_submit(interview=interview, interviewer=first, card=_card(ALL_GOOD, "strong_yes"))

    waiting = ScreeningDecision.objects.filter(version=version)
    assert [d.outcome for d in waiting] == ["waiting"]
    assert Application.objects.get(pk=application.pk).stage == interview_stage(job)

    three = dict.fromkeys(scorecards.DEFAULT_DIMENSIONS, 3)
    scorecard_submit(interview=interview, interviewer=second, card=_card(three, "yes"))

    decision = ScreeningDecision.objects.filter(version=version).latest("created_at")
    assert (decision.outcome, decision.composite) == ("advance", Decimal("80.00"))
    assert decision.state == ScreeningDecision.State.APPLIED
    assert Application.objects.get(pk=application.pk).stage == interview_stage(job, 1)
