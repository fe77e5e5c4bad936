"""The portal's home page: each application as a timeline, with what happens next."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from recruiting.models import Application, Assessment, Interview, Stage, StageKind
from recruiting.selectors.portal import portal_timeline
from recruiting.services.applications import application_move, application_reject
from tests.portal.helpers import portal_client
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, reason

pytestmark = pytest.mark.django_db


def stage(application: Application, kind: str) -> Stage:
    return application.job.stages.filter(kind=kind).order_by("position").first()


def ai_assessment(application: Application, **fields) -> Assessment:
    values = {
        "application": application,
        "kind": Assessment.Kind.AI_INTERVIEW,
        "status": Assessment.Status.INVITED,
        "source": "vuesim",
        "external_id": f"iv-{application.pk}-{Assessment.objects.count()}",
        "invite_url": "https://vendor.example.com/i/abc",
        "invite_expires_at": timezone.now() + timedelta(days=3),
    }
    values.update(fields)
    return Assessment.objects.create(**values)


def states(item) -> dict[str, str]:
    return {step.code: step.state for step in item.steps}


def only(candidate):
    (item,) = portal_timeline(candidate)
    return item


def test_a_new_application_is_applied_with_the_rest_to_come():
    application = ApplicationFactory()

    item = only(application.candidate)

    assert states(item) == {
        "applied": "done",
        "ai_invited": "upcoming",
        "result": "upcoming",
        "interview": "upcoming",
        "offer": "upcoming",
        "decision": "upcoming",
    }
    assert item.next_step.url == ""


def test_an_open_ai_interview_is_the_next_step_with_its_link():
    application = ApplicationFactory()
    application_move(application=application, to_stage=stage(application, StageKind.AI_INTERVIEW))
    invite = ai_assessment(application)

    item = only(application.candidate)

    assert states(item)["ai_invited"] == "done"
    assert states(item)["ai_done"] == "current"
    assert item.next_step.url == invite.invite_url
    assert item.next_step.external
    assert item.next_step.when == invite.invite_expires_at
    assert item.next_step.deadline  # "at the latest by", not "when"
    with translation.override("en"):
        labels = {step.code: str(step.label) for step in item.steps}
    assert labels["ai_done"] == "AI interview to take"  # not "done" while it is still open


def test_an_expired_ai_link_is_not_offered():
    application = ApplicationFactory()
    ai_assessment(application, invite_expires_at=timezone.now() - timedelta(minutes=1))

    assert only(application.candidate).next_step.url == ""


def test_a_finished_ai_interview_waits_for_its_result_then_shows_it_passed():
    application = ApplicationFactory()
    application_move(application=application, to_stage=stage(application, StageKind.AI_INTERVIEW))
    ai_assessment(
        application,
        status=Assessment.Status.COMPLETED,
        completed_at=timezone.now(),
        overall_score=Decimal("88"),
    )

    waiting = only(application.candidate)
    assert states(waiting)["ai_done"] == "done"
    assert states(waiting)["result"] == "upcoming"
    with translation.override("en"):
        assert "being assessed" in str(waiting.next_step.text)
    assert waiting.surveys_due == ["after_ai_interview"]

    application_move(application=application, to_stage=stage(application, StageKind.INTERVIEW))
    passed = only(application.candidate)
    assert states(passed)["result"] == "done"
    with translation.override("en"):
        assert str(next(s for s in passed.steps if s.code == "result").detail) == "Passed"


def test_a_rejection_at_the_ai_interview_closes_every_step_after_it():
    application = ApplicationFactory()
    application_move(application=application, to_stage=stage(application, StageKind.AI_INTERVIEW))
    application_reject(application=application, reason=reason())

    item = only(application.candidate)

    assert states(item)["result"] == "closed"
    assert states(item)["decision"] == "closed"
    assert "upcoming" not in states(item).values()
    assert not item.is_open
    assert item.surveys_due == ["after_decision"]


def test_an_interview_to_answer_comes_before_anything_else():
    application = ApplicationFactory()
    application_move(application=application, to_stage=stage(application, StageKind.INTERVIEW))
    interview = Interview.objects.create(
        application=application,
        kind=Interview.Kind.VIDEO,
        starts_at=timezone.now() + timedelta(days=2),
        meeting_url="https://meet.example.com/x",
    )

    item = only(application.candidate)

    assert states(item)["interview"] == "current"
    assert item.next_step.url == reverse("portal:interview", args=[interview.pk])
    assert item.next_step.when == interview.starts_at


def test_the_timeline_shows_only_the_candidates_own_applications():
    mine = ApplicationFactory()
    ApplicationFactory()  # someone else's

    assert [item.application.pk for item in portal_timeline(mine.candidate)] == [mine.pk]


def test_the_home_page_costs_the_same_queries_for_one_or_four_applications(
    client, django_assert_num_queries
):
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate)
    portal_client(candidate, client)
    client.get(reverse("portal:home"))  # warm the session and the content types
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("portal:home"))
    for _ in range(3):
        application = ApplicationFactory(candidate=candidate)
        ai_assessment(application)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("portal:home"))
    assert response.content.decode().count('data-testid="portal-application"') == 4
