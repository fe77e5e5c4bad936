"""The whole loop with a real worker: a vendor result arrives -> the rule decides -> the card
moves -> the candidate's e-mail (a real SMTP server) and SMS (the Aliyun simulator) go once.
"""

import pytest
from django.urls import reverse

from hrflow.notifications.models import OutboxMessage
from integrations.models import WebhookEvent
from recruiting.models import Application, ScreeningDecision, StageKind
from recruiting.screening.rules import MissingPolicy, Part, Source
from recruiting.screening.services import screening_rule_save
from tests.recruiting.factories import reason
from tests.recruiting.vendors.harness import Harness, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _example_rule(job):
    """The issue's example: AI >= 80 advances to the interview, < 60 suggests a reject."""
    from decimal import Decimal

    onsite = job.stages.filter(kind=StageKind.INTERVIEW).order_by("position").first()
    screening_rule_save(
        job=job,
        stage=job.stages.get(kind=StageKind.AI_INTERVIEW),
        name="Campus screening",
        parts=[Part(Source.AI_OVERALL, Decimal(1))],
        missing=MissingPolicy.WAIT,
        advance_at=Decimal(80),
        advance_to=onsite,
        reject_below=Decimal(60),
        reject_reason=reason("score_below_threshold"),
    )
    return onsite


def _at_the_ai_stage(application: Application) -> None:
    stage = application.job.stages.get(kind=StageKind.AI_INTERVIEW)
    Application.objects.filter(pk=application.pk).update(stage=stage)


def _settled() -> bool:
    return not OutboxMessage.objects.filter(status__in=["pending", "sending"]).exists()


@pytest.fixture
def harness(celery_worker_process, smtp_capture, sms_phone):
    smtp_capture.clear()
    running = Harness("vuesim")
    yield running
    running.close()


def test_a_result_moves_the_card_and_the_candidate_hears_once_by_email_and_sms(
    harness, smtp_capture, sms_phone
):
    application = harness.applications[0]
    candidate = application.candidate
    onsite = _example_rule(harness.job)
    _at_the_ai_stage(application)

    harness.scenario("S1", application)  # overall 80.00: exactly the threshold advances
    harness.sync_in_worker()
    wait_until(lambda: smtp_capture.to(candidate.email) and sms_phone.app.messages())
    wait_until(_settled)

    application.refresh_from_db()
    assert application.stage == onsite
    decision = ScreeningDecision.objects.get(application=application)
    assert (decision.outcome, decision.state) == ("advance", "applied")
    [mail] = smtp_capture.to(candidate.email)
    assert harness.job.title in mail.subject
    assert onsite.name in mail.message.get_payload(decode=True).decode()
    [text] = sms_phone.app.messages()
    assert text.phone.endswith(candidate.phone[-11:])
    assert onsite.name in text.content
    sent = OutboxMessage.objects.filter(application_ref=application.pk, event="ai_interview_passed")
    assert {m.channel: m.status for m in sent} == {"email": "sent", "sms": "sent", "portal": "sent"}


@pytest.fixture
def pushed(celery_worker_process, live_server, smtp_capture, sms_phone):
    smtp_capture.clear()
    running = Harness("vuesim")
    url = live_server.url + reverse("integrations:webhook", args=[running.connection.uuid])
    running.control("POST", "config", {"webhook_url": url})
    yield running
    running.close()


def test_the_same_result_delivered_five_times_sends_one_message(pushed, smtp_capture, sms_phone):
    application = pushed.applications[0]
    _example_rule(pushed.job)
    _at_the_ai_stage(application)

    made = pushed.scenario("S1", application)
    interview_id = made["interviews"][0]["id"] if "interviews" in made else made["ids"][0]
    first = made["deliveries"][0]["webhook_id"] if made.get("deliveries") else None
    # Four more deliveries of the same result: the same webhook id twice, new ids twice.
    for webhook_id in (first, first, None, None):
        body = {"interview_id": interview_id}
        if webhook_id:
            body["webhook_id"] = webhook_id
        pushed.control("POST", "webhooks/send", body)
    pushed.sync_in_worker()  # and the pull finds it a sixth time
    wait_until(lambda: smtp_capture.to(application.candidate.email))
    wait_until(_settled)

    events = WebhookEvent.objects.filter(connection=pushed.connection)
    assert sum(1 + event.duplicates for event in events) >= 5  # five deliveries arrived
    assert len(smtp_capture.to(application.candidate.email)) == 1
    assert len(sms_phone.app.messages()) == 1
    assert ScreeningDecision.objects.filter(application=application).count() == 1
    assert OutboxMessage.objects.filter(application_ref=application.pk, status="sent").count() == 3
