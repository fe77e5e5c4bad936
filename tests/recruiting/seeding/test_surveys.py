"""The seed's survey answers: only where the survey was due, rated as the cohort felt."""

import re
from datetime import datetime
from statistics import mean

import pytest

from recruiting.models import Application, Assessment, Job, SurveyResponse
from recruiting.seeding.plan import go_live_at
from recruiting.seeding.surveys import ANSWER_SHARE, COMMENT_SHARE
from recruiting.selectors.surveys import survey_is_due
from tests.recruiting.seeding.conftest import NOW

pytestmark = pytest.mark.django_db
Moment = SurveyResponse.Moment
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_answers_exist_only_where_the_survey_was_due_and_after_the_moment(seeded):
    answers = list(SurveyResponse.objects.select_related("application"))
    assert seeded["survey answers"] == len(answers) > 500
    completed = dict(
        Assessment.objects.filter(
            kind=Assessment.Kind.AI_INTERVIEW, status=Assessment.Status.COMPLETED
        ).values_list("application_id", "completed_at")
    )
    for answer in answers:
        application = answer.application
        assert survey_is_due(application=application, moment=answer.moment)
        assert 1 <= answer.rating <= 5
        assert answer.created_at <= NOW
        if answer.moment == Moment.AFTER_AI_INTERVIEW:
            assert answer.created_at > completed[application.pk]
        else:
            assert answer.created_at > application.stage_entered_at


def test_about_a_third_of_those_asked_answer_and_one_in_five_says_why(seeded):
    with_ai = Assessment.objects.filter(
        kind=Assessment.Kind.AI_INTERVIEW, status=Assessment.Status.COMPLETED
    ).values("application_id")
    due = {
        Moment.AFTER_AI_INTERVIEW: Application.objects.filter(pk__in=with_ai).count(),
        Moment.AFTER_DECISION: Application.objects.filter(
            status__in=[Application.Status.HIRED, Application.Status.REJECTED]
        ).count(),
    }
    for moment, asked in due.items():
        answered = SurveyResponse.objects.filter(moment=moment).count()
        # A few were asked too lately to have answered by now.
        assert ANSWER_SHARE - 0.06 < answered / asked <= ANSWER_SHARE + 0.04
    comments = list(SurveyResponse.objects.exclude(comment="").values_list("comment", flat=True))
    share = len(comments) / SurveyResponse.objects.count()
    assert COMMENT_SHARE - 0.04 < share < COMMENT_SHARE + 0.04
    assert all(CJK.search(comment) for comment in comments)


def test_ratings_are_lower_before_the_go_live_and_after_a_rejection(seeded):
    go_live = go_live_read_back()
    answers = list(SurveyResponse.objects.values_list("rating", "application__applied_at"))
    before = [rating for rating, applied in answers if applied < go_live]
    after = [rating for rating, applied in answers if applied >= go_live]
    assert 2.9 < mean(before) < 3.5
    assert 3.7 < mean(after) < 4.3
    decided = SurveyResponse.objects.filter(moment=Moment.AFTER_DECISION)
    rejected = decided.filter(application__status=Application.Status.REJECTED)
    hired = decided.filter(application__status=Application.Status.HIRED)
    assert mean(hired.values_list("rating", flat=True)) > mean(
        rejected.values_list("rating", flat=True)
    )


def go_live_read_back() -> datetime:
    """plan.go_live_at over the recent history (the open jobs' applications)."""
    applied = Application.objects.filter(job__status=Job.Status.OPEN).values_list(
        "applied_at", flat=True
    )
    return go_live_at(list(applied), now=NOW)
