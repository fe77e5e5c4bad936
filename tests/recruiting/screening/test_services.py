"""Screening rules on applications: versions, decisions with their inputs, and what they do."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.models import Application, ScreeningDecision, Stage
from recruiting.screening.rescreening import written_test_enter
from recruiting.screening.review import ReviewAction, decisions_review
from recruiting.screening.rules import MissingPolicy, Part, Source
from recruiting.screening.selectors import review_queue
from recruiting.screening.services import (
    application_screen,
    decision_explain,
    screening_rule_save,
)
from recruiting.services.applications import application_move
from recruiting.services.assessments import record_assessment_result
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason, recruiter_for

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
State = ScreeningDecision.State


def _stage(job, kind, nth=0) -> Stage:
    return list(job.stages.filter(kind=kind).order_by("position"))[nth]


def _rule(job, *, auto_reject=False, parts=None, missing=MissingPolicy.REWEIGHT, **extra):
    return screening_rule_save(
        job=job,
        name="Campus screening",
        stage=extra.pop("stage", _stage(job, "ai_interview")),
        parts=parts or [Part(Source.AI_OVERALL, Decimal(1))],
        missing=missing,
        advance_at=Decimal(80),
        advance_to=_stage(job, "interview"),
        reject_below=Decimal(60),
        reject_reason=reason("score_below_threshold"),
        auto_reject=auto_reject,
        **extra,
    )


def _in_ai_stage(job=None) -> Application:
    application = ApplicationFactory(job=job or JobFactory())
    return application_move(
        application=application, to_stage=_stage(application.job, "ai_interview")
    )


def _ai_result(application, score, *, external_id="r-1", updated=T0, dimensions=()):
    record_assessment_result(
        result=AssessmentResult(
            source="conn:test",
            external_id=external_id,
            kind="ai_interview",
            status="completed",
            overall_score=Decimal(score),
            dimensions=dimensions,
            completed_at=T0,
            vendor_updated_at=updated,
        ),
        application=application,
    )
    application.refresh_from_db()


@pytest.mark.parametrize(
    ("score", "outcome", "state", "stage_kind"),
    [
        ("88", "advance", State.APPLIED, "interview"),
        ("80", "advance", State.APPLIED, "interview"),  # exactly 80 advances
        ("70", "hold", State.REVIEW, "ai_interview"),
        ("60", "hold", State.REVIEW, "ai_interview"),  # exactly 60 is not below 60
        ("59", "reject", State.REVIEW, "ai_interview"),  # a suggestion: a person confirms
    ],
)
def test_the_out_of_the_box_rule_advances_holds_or_suggests_a_reject(
    score, outcome, state, stage_kind
):
    application = _in_ai_stage()
    _rule(application.job)
    _ai_result(application, score)

    [decision] = application_screen(application=application)

    application.refresh_from_db()
    assert (decision.outcome, decision.state) == (outcome, state)
    assert decision.composite == Decimal(score)
    assert application.stage.kind == stage_kind
    assert application.status == Application.Status.ACTIVE  # no one rejected by a machine


def test_auto_reject_ends_the_application_only_where_the_company_turned_it_on():
    application = _in_ai_stage()
    _rule(application.job, auto_reject=True)
    _ai_result(application, "42")

    [decision] = application_screen(application=application)

    application.refresh_from_db()
    assert decision.state == State.APPLIED
    assert application.status == Application.Status.REJECTED
    assert application.rejection_reason.code == "score_below_threshold"


def test_a_decision_keeps_its_inputs_version_and_explains_itself():
    application = _in_ai_stage()
    parts = [Part(Source.AI_OVERALL, Decimal("0.6")), Part(Source.WRITTEN_TEST, Decimal("0.4"))]
    version = _rule(application.job, parts=parts)
    written_test_enter(application=application, score=Decimal(79), actor=None)
    _ai_result(application, "88")

    [decision] = application_screen(application=application)

    assert decision.version == version
    assert decision.composite == Decimal("84.40")
    assert decision.inputs["parts"] == [
        {"key": "ai_overall", "weight": "0.6", "score": "88.00"},
        {"key": "written_test", "weight": "0.4", "score": "79.00"},
    ]
    with translation.override("en"):
        assert decision_explain(decision) == (
            "advanced by rule 'Campus screening' v1: "
            "composite 84.40 = 0.6 \u00d7 AI interview 88 + 0.4 \u00d7 written test 79"
        )


def test_the_same_scores_again_change_nothing():
    application = _in_ai_stage()
    _rule(application.job)
    _ai_result(application, "70")

    first = application_screen(application=application)
    again = application_screen(application=application)

    assert len(first) == 1
    assert again == []
    assert ScreeningDecision.objects.filter(application=application).count() == 1


def test_a_corrected_score_re_runs_the_rule_while_the_application_is_in_its_stage():
    application = _in_ai_stage()
    _rule(application.job)
    _ai_result(application, "70")
    [held] = application_screen(application=application)

    _ai_result(application, "85", updated=T0 + timedelta(hours=1))  # the vendor rescored
    [advanced] = application_screen(application=application)

    held.refresh_from_db()
    application.refresh_from_db()
    assert held.state == State.SUPERSEDED  # no longer waits in the review queue
    assert (advanced.outcome, advanced.state) == ("advance", State.APPLIED)
    assert application.stage.kind == "interview"


def test_an_application_moved_on_by_hand_is_not_judged_by_the_earlier_stages_rule():
    application = _in_ai_stage()
    _rule(application.job)
    application_move(application=application, to_stage=_stage(application.job, "interview"))

    _ai_result(application, "30")  # a late result arrives

    assert application_screen(application=application) == []
    application.refresh_from_db()
    assert application.stage.kind == "interview"


def test_a_missing_part_under_wait_decides_nothing_until_it_arrives():
    application = _in_ai_stage()
    parts = [Part(Source.AI_OVERALL, Decimal("0.5")), Part(Source.WRITTEN_TEST, Decimal("0.5"))]
    _rule(application.job, parts=parts, missing=MissingPolicy.WAIT)
    _ai_result(application, "95")

    [waiting] = application_screen(application=application)
    written_test_enter(application=application, score=Decimal(90), actor=None)  # screens
    decided = ScreeningDecision.objects.filter(application=application).order_by("-pk").first()

    assert (waiting.outcome, waiting.state, waiting.composite) == ("waiting", State.WAITING, None)
    assert waiting.inputs["missing"] == ["written_test"]
    assert (decided.outcome, decided.composite) == ("advance", Decimal("92.50"))


def test_a_dimension_part_reads_the_counted_attempts_dimension():
    application = _in_ai_stage()
    _rule(application.job, parts=[Part(Source.AI_DIMENSION, Decimal(1), "logical_thinking")])
    _ai_result(
        application,
        "50",
        dimensions=(DimensionResult("logical_thinking", Decimal("91"), "4.6", "1-5"),),
    )

    [decision] = application_screen(application=application)

    assert (decision.outcome, decision.composite) == ("advance", Decimal("91.00"))


def test_an_edited_rule_is_a_new_version_and_new_results_are_judged_by_it():
    application = _in_ai_stage()
    first = _rule(application.job)
    second = screening_rule_save(
        job=application.job,
        rule=first.rule,
        name="Campus screening",
        stage=first.rule.stage,
        parts=[Part(Source.AI_OVERALL, Decimal(1))],
        missing=MissingPolicy.REWEIGHT,
        advance_at=Decimal(70),
        advance_to=_stage(application.job, "interview"),
    )
    _ai_result(application, "75")

    [decision] = application_screen(application=application)

    assert (first.number, second.number) == (1, 2)
    assert decision.version == second
    assert decision.outcome == "advance"


def test_a_rule_with_mistakes_is_refused_with_every_problem_and_nothing_saved():
    job = JobFactory()
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        screening_rule_save(
            job=job,
            name=" ",
            stage=_stage(job, "interview"),
            parts=[Part(Source.AI_OVERALL, Decimal(0))],
            missing=MissingPolicy.REWEIGHT,
            advance_at=Decimal(50),
            advance_to=_stage(job, "ai_interview"),
            reject_below=Decimal(60),
            auto_reject=True,
        )

    problems = refused.value.extra["problems"]
    assert len(problems) == 5
    assert job.screening_rules.count() == 0


def test_entering_a_written_test_by_hand_runs_the_rules():
    application = _in_ai_stage()
    _rule(application.job, parts=[Part(Source.WRITTEN_TEST, Decimal(1))])

    written_test_enter(application=application, score=Decimal(83), actor=None)

    application.refresh_from_db()
    assert application.stage.kind == "interview"
    decision = ScreeningDecision.objects.get(application=application)
    assert (decision.outcome, decision.state) == ("advance", State.APPLIED)


# -- the review queue -------------------------------------------------------------------


def _waiting(score, job=None):
    application = _in_ai_stage(job)
    if not application.job.screening_rules.exists():
        _rule(application.job)
    _ai_result(application, score, external_id=f"r-{application.pk}")
    [decision] = application_screen(application=application)
    assert decision.state == State.REVIEW
    return application, decision


def test_the_queue_is_oldest_first_and_only_what_the_viewer_may_see():
    job = JobFactory()
    first = _waiting("70", job)[1]
    second = _waiting("50", job)[1]
    _waiting("65")  # another job, no recruiter of ours on it
    recruiter = recruiter_for(job)

    assert list(review_queue(viewer=recruiter)) == [first, second]
    assert list(review_queue(viewer=UserFactory(roles=[Role.RECRUITER]))) == []


def test_confirming_suggested_rejects_ends_them_with_the_rules_reason():
    job = JobFactory()
    applications, decisions = zip(*(_waiting(score, job) for score in ("41", "55")), strict=True)
    hr = UserFactory(roles=[Role.HR_ADMIN])

    settled = decisions_review(
        decision_ids=[d.pk for d in decisions], action=ReviewAction.CONFIRM, actor=hr
    )

    assert settled == 2
    for application, decision in zip(applications, decisions, strict=True):
        application.refresh_from_db()
        decision.refresh_from_db()
        assert application.status == Application.Status.REJECTED
        assert application.rejection_reason.code == "score_below_threshold"
        assert (decision.state, decision.decided_by) == (State.CONFIRMED, hr)


def test_going_against_a_suggested_reject_needs_a_note_and_is_recorded_as_overridden():
    application, decision = _waiting("55")
    hr = UserFactory(roles=[Role.HR_ADMIN])

    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        decisions_review(decision_ids=[decision.pk], action=ReviewAction.ADVANCE, actor=hr)
    decisions_review(
        decision_ids=[decision.pk],
        action=ReviewAction.ADVANCE,
        actor=hr,
        note="Strong portfolio; the AI interview had audio problems.",
    )

    assert "Say why" in str(refused.value)
    application.refresh_from_db()
    decision.refresh_from_db()
    assert application.stage.kind == "interview"
    assert decision.state == State.OVERRIDDEN
    assert decision.note.startswith("Strong portfolio")


def test_a_hold_has_nothing_to_confirm_and_a_refused_bulk_action_changes_nothing():
    job = JobFactory()
    _held_app, held = _waiting("70", job)
    low_app, low = _waiting("50", job)
    hr = UserFactory(roles=[Role.HR_ADMIN])

    with pytest.raises(ApplicationError):
        decisions_review(decision_ids=[held.pk, low.pk], action=ReviewAction.CONFIRM, actor=hr)

    low_app.refresh_from_db()
    assert low_app.status == Application.Status.ACTIVE
    assert set(ScreeningDecision.objects.values_list("state", flat=True)) == {State.REVIEW}


def test_a_decision_settled_twice_is_settled_once():
    application, decision = _waiting("70")
    hr = UserFactory(roles=[Role.HR_ADMIN])

    first = decisions_review(
        decision_ids=[decision.pk], action=ReviewAction.REJECT, actor=hr, reason=reason()
    )
    second = decisions_review(decision_ids=[decision.pk], action=ReviewAction.KEEP, actor=hr)

    assert (first, second) == (1, 0)
    decision.refresh_from_db()
    assert decision.state == State.OVERRIDDEN  # a hold rejected by a person
    application.refresh_from_db()
    assert application.rejection_reason.code == "not_qualified"


def test_the_demo_puts_the_example_rule_on_each_ai_stage_once():
    from recruiting.demo.screening import demo_screening_rules_ensure

    jobs = [JobFactory(), JobFactory()]

    made = demo_screening_rules_ensure()
    again = demo_screening_rules_ensure()

    assert (made, again) == (2, 0)
    for job in jobs:
        [rule] = job.screening_rules.all()
        version = rule.versions.get()
        assert rule.stage == _stage(job, "ai_interview")
        assert (version.advance_at, version.reject_below, version.auto_reject) == (80, 60, False)
        assert version.advance_to == _stage(job, "interview")


def test_screening_a_set_costs_the_same_queries_whatever_its_size():
    """A page of results is decided set-based: 2 or 12 applications, the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from recruiting.models import Application as App
    from recruiting.screening.services import applications_screen

    job = JobFactory()
    _rule(job, auto_reject=True)

    def screened(count: int) -> int:
        scores = ["90", "70", "40"] * count
        applications = [_in_ai_stage(job) for _ in range(count * 3)]
        for application, score in zip(applications, scores, strict=True):
            App.objects.filter(pk=application.pk).update(ai_score=Decimal(score))
        with CaptureQueriesContext(connection) as queries:
            made = applications_screen(application_ids={a.pk for a in applications})
        assert sorted(d.outcome for d in made) == sorted(["advance", "hold", "reject"] * count)
        return len(queries)

    screened(1)  # warm-up: the company's notification settings row is made once
    assert screened(2) == screened(12)


def test_the_demo_gives_about_two_in_three_candidates_voluntary_answers_once():
    from recruiting.demo.screening import demo_self_identification_ensure
    from recruiting.models import SelfIdentification

    for _ in range(30):
        ApplicationFactory()
    made = demo_self_identification_ensure()
    assert 10 <= made <= 28
    assert SelfIdentification.objects.count() == made
    assert demo_self_identification_ensure() == 0  # once
