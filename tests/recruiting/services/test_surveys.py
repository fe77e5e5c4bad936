"""Satisfaction surveys: answering once per moment when it is due, and the summary for analytics."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from recruiting.models import Application, Assessment, SurveyResponse
from recruiting.selectors.surveys import survey_is_due, survey_summary
from recruiting.services.applications import application_reject, application_withdraw
from recruiting.services.surveys import COMMENT_MAX, survey_answer
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, reason

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages and labels are compared in English, the source language."""
    with translation.override("en"):
        yield


AFTER_AI = SurveyResponse.Moment.AFTER_AI_INTERVIEW
AFTER_DECISION = SurveyResponse.Moment.AFTER_DECISION


def ai_interview_done(application: Application, status: str = Assessment.Status.COMPLETED) -> None:
    """An AI interview of the application, as a vendor result would leave it."""
    Assessment.objects.create(
        application=application,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=status,
        source="manual",
        external_id=f"test-{application.pk}-{Assessment.objects.count()}",
        completed_at=timezone.now() if status == Assessment.Status.COMPLETED else None,
    )


def hired(application: Application) -> Application:
    # Hiring goes through the offer flow; the survey only cares about the status.
    Application.objects.filter(pk=application.pk).update(status=Application.Status.HIRED)
    application.refresh_from_db()
    return application


def test_answer_after_ai_interview_is_recorded_and_audited():
    """A completed AI interview opens its survey; the answer is kept with its comment."""
    # given
    application = ApplicationFactory()
    ai_interview_done(application)
    # when
    response = survey_answer(
        application=application,
        candidate=application.candidate,
        moment=AFTER_AI,
        rating=4,
        comment="  Clear questions.  ",
    )
    # then
    assert response.pk is not None
    assert (response.moment, response.rating, response.comment) == (AFTER_AI, 4, "Clear questions.")
    assert AuditEvent.objects.filter(
        action="recruiting.survey_answered", target_id=str(response.pk)
    ).exists()


@pytest.mark.parametrize("end", ["rejected", "hired"])
def test_answer_after_decision_is_due_once_hired_or_rejected(end):
    application = ApplicationFactory()
    if end == "rejected":
        application = application_reject(application=application, reason=reason())
    else:
        application = hired(application)
    response = survey_answer(
        application=application,
        candidate=application.candidate,
        moment=AFTER_DECISION,
        rating=5,
    )
    assert response.rating == 5
    assert response.comment == ""


@pytest.mark.parametrize(
    ("setup", "moment"),
    [
        ("nothing", AFTER_AI),
        ("ai_invited", AFTER_AI),
        ("nothing", AFTER_DECISION),
        ("withdrawn", AFTER_DECISION),
    ],
)
def test_answer_refused_when_the_moment_is_not_due(setup, moment):
    """No completed AI interview, or no hire/rejection yet: nothing is recorded."""
    application = ApplicationFactory()
    if setup == "ai_invited":
        ai_interview_done(application, status=Assessment.Status.INVITED)
    if setup == "withdrawn":
        application = application_withdraw(application=application)
    with pytest.raises(ApplicationError, match="not open"):
        survey_answer(
            application=application, candidate=application.candidate, moment=moment, rating=3
        )
    assert not SurveyResponse.objects.exists()


def test_answering_twice_keeps_the_first_answer():
    application = ApplicationFactory()
    ai_interview_done(application)
    first = survey_answer(
        application=application, candidate=application.candidate, moment=AFTER_AI, rating=2
    )
    with pytest.raises(ApplicationError, match="already answered"):
        survey_answer(
            application=application,
            candidate=application.candidate,
            moment=AFTER_AI,
            rating=5,
            comment="Changed my mind",
        )
    assert list(SurveyResponse.objects.values_list("pk", "rating", "comment")) == [
        (first.pk, 2, "")
    ]


@pytest.mark.parametrize("rating", [0, 6, -1, "5", 3.0, None, True])
def test_rating_outside_1_to_5_changes_nothing(rating):
    application = ApplicationFactory()
    ai_interview_done(application)
    with pytest.raises(ApplicationError, match="1 to 5"):
        survey_answer(
            application=application,
            candidate=application.candidate,
            moment=AFTER_AI,
            rating=rating,
        )
    assert not SurveyResponse.objects.exists()


def test_comment_longer_than_the_limit_changes_nothing():
    application = ApplicationFactory()
    ai_interview_done(application)
    with pytest.raises(ApplicationError, match="comment"):
        survey_answer(
            application=application,
            candidate=application.candidate,
            moment=AFTER_AI,
            rating=4,
            comment="x" * (COMMENT_MAX + 1),
        )
    assert not SurveyResponse.objects.exists()


def test_comment_at_the_limit_is_accepted():
    application = ApplicationFactory()
    ai_interview_done(application)
    response = survey_answer(
        application=application,
        candidate=application.candidate,
        moment=AFTER_AI,
        rating=4,
        comment="x" * COMMENT_MAX,
    )
    assert len(response.comment) == COMMENT_MAX


def test_another_candidates_application_is_refused():
    application = ApplicationFactory()
    ai_interview_done(application)
    with pytest.raises(ApplicationError, match="not yours"):
        survey_answer(
            application=application, candidate=CandidateFactory(), moment=AFTER_AI, rating=4
        )
    assert not SurveyResponse.objects.exists()


def test_unknown_moment_is_refused():
    application = ApplicationFactory()
    ai_interview_done(application)
    with pytest.raises(ApplicationError, match="no such survey"):
        survey_answer(
            application=application, candidate=application.candidate, moment="whenever", rating=4
        )
    assert not SurveyResponse.objects.exists()


def test_survey_is_due_follows_the_application():
    application = ApplicationFactory()
    assert not survey_is_due(application=application, moment=AFTER_AI)
    ai_interview_done(application)
    assert survey_is_due(application=application, moment=AFTER_AI)
    assert not survey_is_due(application=application, moment=AFTER_DECISION)
    application = application_reject(application=application, reason=reason())
    assert survey_is_due(application=application, moment=AFTER_DECISION)
    assert not survey_is_due(application=application, moment="whenever")


def _answers(ratings_by_moment: dict[str, list[int]]) -> None:
    for moment, ratings in ratings_by_moment.items():
        for rating in ratings:
            SurveyResponse.objects.create(
                application=ApplicationFactory(), moment=moment, rating=rating
            )


def test_summary_counts_averages_and_distributes_per_moment():
    _answers({AFTER_AI: [5, 4, 4, 1], AFTER_DECISION: [3]})
    summary = survey_summary()
    ai = summary[AFTER_AI]
    assert (ai.count, ai.average) == (4, 3.5)
    assert ai.distribution == {1: 1, 2: 0, 3: 0, 4: 2, 5: 1}
    decision = summary[AFTER_DECISION]
    assert (decision.count, decision.average) == (1, 3.0)
    assert decision.distribution == {1: 0, 2: 0, 3: 1, 4: 0, 5: 0}


def test_summary_lists_every_moment_even_without_answers():
    summary = survey_summary()
    assert set(summary) == set(SurveyResponse.Moment.values)
    assert all(s.count == 0 and s.average is None for s in summary.values())
    assert summary[AFTER_AI].distribution == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}


def test_summary_since_leaves_out_older_answers():
    _answers({AFTER_AI: [1, 5]})
    SurveyResponse.objects.filter(rating=1).update(created_at=timezone.now() - timedelta(days=40))
    summary = survey_summary(since=timezone.now() - timedelta(days=30))
    assert (summary[AFTER_AI].count, summary[AFTER_AI].average) == (1, 5.0)


@pytest.mark.parametrize("answers", [1, 12])
def test_summary_costs_one_query_whatever_the_number_of_answers(answers, django_assert_num_queries):
    _answers({AFTER_AI: [(n % 5) + 1 for n in range(answers)], AFTER_DECISION: [2] * answers})
    with django_assert_num_queries(1):
        summary = survey_summary()
    assert summary[AFTER_AI].count == answers
    assert summary[AFTER_DECISION].count == answers
