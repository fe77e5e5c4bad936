"""What candidates are told, on which channels, once, and when."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hrflow.notifications.models import NotificationTemplate, OutboxMessage
from recruiting.models import StageKind
from recruiting.services.applications import (
    application_bulk_move,
    application_create,
    application_move,
    application_reject,
    application_withdraw,
)
from recruiting.services.candidate_notices import applications_notify
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory, reason

pytestmark = pytest.mark.django_db


def _messages(application, event):
    return {
        m.channel: m
        for m in OutboxMessage.objects.filter(application_ref=application.pk, event=event)
    }


def test_a_candidate_hears_on_the_channels_they_chose_in_their_language():
    english = CandidateFactory(language="en", notify_by_sms=False)
    chinese = CandidateFactory(language="zh-hans")
    job = JobFactory()
    first = application_create(candidate=english, job=job, acknowledge=True)
    second = application_create(candidate=chinese, job=job, acknowledge=True)

    by_channel = _messages(first, "application_received")
    # No SMS for application_received (not a texted event), and this candidate said no SMS anyway.
    assert set(by_channel) == {"email", "portal"}
    assert by_channel["email"].recipient == english.email
    assert by_channel["email"].language == "en"
    assert job.title in by_channel["email"].subject
    assert by_channel["portal"].candidate_ref == english.pk
    chinese_mail = _messages(second, "application_received")["email"]
    assert chinese_mail.language == "zh-hans"
    assert chinese_mail.body != by_channel["email"].body


def test_applications_made_by_hr_are_not_acknowledged():
    application = ApplicationFactory()
    assert not OutboxMessage.objects.filter(application_ref=application.pk).exists()


def test_the_same_event_twice_queues_nothing_new():
    application = ApplicationFactory()
    assert applications_notify(applications=[application], event="offer_sent", key="x") == 2 + 1
    assert applications_notify(applications=[application], event="offer_sent", key="x") == 0


def test_passing_the_ai_interview_and_reaching_the_offer_are_told_with_sms():
    application = ApplicationFactory()
    job = application.job
    ai = job.stages.get(kind=StageKind.AI_INTERVIEW)
    after_ai = job.stages.filter(position__gt=ai.position).order_by("position").first()
    offer = job.stages.get(kind=StageKind.OFFER)
    application_move(application=application, to_stage=ai)
    assert not _messages(application, "ai_interview_passed")

    application_move(application=application, to_stage=after_ai)
    passed = _messages(application, "ai_interview_passed")
    assert set(passed) == {"email", "sms", "portal"}
    assert after_ai.name in passed["email"].body
    assert passed["sms"].variables["next_step"] == after_ai.name

    application_move(application=application, to_stage=offer)
    assert set(_messages(application, "offer_sent")) == {"email", "sms", "portal"}


def test_a_bulk_move_tells_each_candidate_in_constant_queries(django_assert_max_num_queries):
    job = JobFactory()
    ai = job.stages.get(kind=StageKind.AI_INTERVIEW)
    nxt = job.stages.filter(position__gt=ai.position).order_by("position").first()

    def moved(count: int) -> int:
        apps = [ApplicationFactory(job=job) for _ in range(count)]
        application_bulk_move(application_ids=[a.pk for a in apps], to_stage=ai)
        OutboxMessage.objects.all().delete()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            application_bulk_move(application_ids=[a.pk for a in apps], to_stage=nxt)
        assert OutboxMessage.objects.filter(event="ai_interview_passed").count() == 3 * count
        return len(queries)

    moved(1)  # warm-up: the first call also makes the company's settings row
    assert moved(2) == moved(12)


def test_a_rejection_waits_the_delay_and_a_withdrawal_tells_of_the_talent_pool():
    rejected, withdrawn = ApplicationFactory(), ApplicationFactory()
    before = timezone.now()

    application_reject(application=rejected, reason=reason())
    application_withdraw(application=withdrawn)

    notice = _messages(rejected, "rejected")
    assert set(notice) == {"email", "portal"}  # never texted
    assert all(m.not_before >= before + timedelta(hours=24) for m in notice.values())
    assert "automated scoring" in notice["email"].body or "自动" in notice["email"].body
    assert set(_messages(withdrawn, "talent_pool_archived")) >= {"email", "portal"}


def test_hr_wording_is_used_for_new_messages():
    NotificationTemplate.objects.create(
        event="offer_sent",
        channel="email",
        language="zh-hans",
        subject="录用：{{ job_title }}",
        body="{{ candidate_name }}，恭喜！",
    )
    application = ApplicationFactory()
    applications_notify(applications=[application], event="offer_sent", key="x")
    mail = _messages(application, "offer_sent")["email"]
    assert mail.subject == f"录用：{application.job.title}"
    assert mail.body.startswith(f"{application.candidate.full_name}，恭喜！")


def test_messages_carry_the_company_name_and_wait_by_the_company_time_zone():
    """Both come from org's company settings: a DAYTIME notice due at 03:00 in New
    York waits for 08:00 there (in Shanghai that hour is the afternoon)."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from hrflow.org.services import company_settings_save

    new_york = ZoneInfo("America/New_York")
    company_settings_save(
        company_name="ACME Robotics",
        time_zone="America/New_York",
        working_days=[1, 2, 3, 4, 5],
        working_day_start=time(9),
        working_day_end=time(18),
    )
    application = ApplicationFactory(candidate=CandidateFactory(language="en"))
    day = (timezone.now() + timedelta(days=2)).astimezone(new_york).date()
    due = datetime(day.year, day.month, day.day, 3, 0, tzinfo=new_york)

    applications_notify(
        applications=[application], event="talent_pool_archived", key="zone", send_at=due
    )

    mail = _messages(application, "talent_pool_archived")["email"]
    assert "ACME Robotics" in mail.body
    assert mail.not_before == datetime(day.year, day.month, day.day, 8, 0, tzinfo=new_york)
