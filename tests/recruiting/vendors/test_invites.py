"""Invitations: entering an AI-interview stage invites once, tells the candidate, and the
vendor's result later completes that same row."""

import pytest

from hrflow.notifications.models import OutboxMessage
from integrations.connections import adapter_for
from recruiting.models import Assessment
from recruiting.models.jobs import StageKind
from recruiting.services.applications import application_move
from recruiting.vendors.invites import application_invite
from tests.recruiting.vendors.harness import Harness, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["vuesim", "mianshibao"])
def harness(request, celery_worker_process):
    running = Harness(request.param)
    adapter = adapter_for(running.connection)
    try:
        test_id = adapter.list_tests()[0].id
    finally:
        adapter.close()
    running.connection.default_test_id = test_id
    running.connection.save()
    yield running
    running.close()


def _invitations(harness: Harness) -> list[dict]:
    return harness.control("GET", "invitations")["invitations"]


def test_entering_the_ai_stage_invites_once_and_queues_the_candidates_message(harness):
    application = harness.applications[0]
    stage = harness.job.stages.get(kind=StageKind.AI_INTERVIEW)

    application_move(application=application, to_stage=stage, actor=None)

    invited = wait_until(
        lambda: Assessment.objects.filter(application=application, status="invited").first()
    )
    assert invited.external_interview_id
    assert invited.invite_url.startswith("http")
    messages = OutboxMessage.objects.filter(event="ai_interview_invitation")
    # E-mail, and the same text in the candidate's portal; an SMS too when they have a phone.
    by_channel = {message.channel: message for message in messages}
    assert {"email", "portal"} <= set(by_channel)
    assert by_channel["email"].recipient == application.candidate.email
    # The link goes whole in the e-mail and the portal; texts point to them (SMS
    # providers cut long variables, so a link would arrive broken).
    assert all(invited.invite_url in m.body for m in messages if m.channel != "sms")
    assert {message.candidate_ref for message in messages} == {application.candidate_id}
    sent_before = messages.count()
    # A retried task (the worker died after the vendor answered) invites no one twice.
    again = application_invite(application_id=application.pk, stage_id=stage.pk)
    assert again.pk == invited.pk
    assert len(_invitations(harness)) == 1
    assert OutboxMessage.objects.filter(event="ai_interview_invitation").count() == sent_before


def test_a_retry_after_a_lost_answer_gets_the_vendors_first_answer_back(harness):
    """Case 31: the idempotency key comes from (connection, application, test)."""
    application = harness.applications[1]
    stage = harness.job.stages.get(kind=StageKind.AI_INTERVIEW)
    application.stage = stage
    application.save()

    first = application_invite(application_id=application.pk, stage_id=stage.pk)
    Assessment.objects.filter(pk=first.pk).delete()  # as if we never stored the answer
    second = application_invite(application_id=application.pk, stage_id=stage.pk)

    assert second.external_interview_id == first.external_interview_id
    assert len(_invitations(harness)) == 1


def test_the_vendors_result_completes_the_invited_row(harness):
    application = harness.applications[2]
    stage = harness.job.stages.get(kind=StageKind.AI_INTERVIEW)
    application_move(application=application, to_stage=stage, actor=None)
    invited = wait_until(
        lambda: Assessment.objects.filter(application=application, status="invited").first()
    )
    key = "interview_id"

    harness.control("POST", "complete", {key: invited.external_interview_id})
    harness.sync_in_worker()

    [assessment] = Assessment.objects.filter(application=application, kind="ai_interview")
    assert assessment.pk == invited.pk
    assert (assessment.status, assessment.scoring_status) == ("completed", "final")
    assert assessment.overall_score is not None
    application.refresh_from_db()
    assert application.ai_score == assessment.overall_score


def test_leaving_the_stage_before_the_task_runs_invites_no_one(harness):
    application = harness.applications[0]
    stage = harness.job.stages.get(kind=StageKind.AI_INTERVIEW)

    assert application_invite(application_id=application.pk, stage_id=stage.pk) is None
    assert _invitations(harness) == []
