"""The weekly digest, from fact tables to a real SMTP server and the chat-robot simulator.

The fixture, all in the week Monday 2 to Sunday 8 March 2026 (Shanghai time) unless
said otherwise; every application applies on Monday 09:00 and enters the AI interview
at 10:00:

- A1 (job 1): the vendor's result Tuesday 10:00, moved on to the interview at 12:00:
  passed; first feedback 2 h after the result.
- A2 (job 1): a result typed in by hand Wednesday 10:00, rejected at 16:00: failed;
  first feedback 6 h after the result; HR handling time 1 h in "applied" plus 6 h
  after the result = 7 h.
- A3 (job 2, no recruiter of job 1): the vendor's result Thursday 10:00, still waiting:
  not judged.
- A0 (job 2): the week before (applied 23 February, typed-in result on the 24th, moved
  on an hour later): outside the week, in no figure.

So the week holds 3 AI results, 2 arrived by themselves (67 %), 1 typed in; 1 of the 2
judged passed (50.0 %). First feedback: 120 and 360 min, median 240 min = 0.2 d, p90
120 + 0.9 * 240 = 336 min = 0.2 d, n = 2. HR handling: 420 min = 0.3 d, n = 1.
"""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from analytics.digest import last_week_ending, weekly_digest_send
from analytics.facts.refresh import refresh_run
from analytics.tasks import weekly_digest_send_task
from hrflow.accounts.roles import Role
from hrflow.notifications.delivery import deliver_due
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.services_robots import chat_robot_save
from hrflow.notifications.simulators import (
    ChatRobotSimulator,
    RunningSimulator,
    start_chat_robot_simulator,
)
from recruiting.contracts import AssessmentResult
from recruiting.models import Application, Assessment, StageTransition
from recruiting.services.applications import application_move, application_reject
from recruiting.services.assessments import record_assessment_result
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason, recruiter_for

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEK_ENDING = date(2026, 3, 8)


def at(day: int, hour: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def smtp(settings, smtp_capture):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_capture.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    smtp_capture.clear()
    return smtp_capture


@pytest.fixture
def chat_sim() -> Iterator[RunningSimulator[ChatRobotSimulator]]:
    with start_chat_robot_simulator() as sim:
        yield sim


def _first(job, kind: str):
    return job.stages.filter(kind=kind).order_by("position").first()


def _application(job, *, applied: datetime, result_at: datetime, source: str,
                 then: str = "", then_at: datetime | None = None) -> Application:  # fmt: skip
    """An application through the AI interview, its history moved to the times given."""
    application = ApplicationFactory(job=job, applied_at=applied)
    application = application_move(application=application, to_stage=_first(job, "ai_interview"))
    record_assessment_result(
        result=AssessmentResult(
            source=source,
            external_id=f"r-{application.pk}",
            kind="ai_interview",
            status="completed",
            overall_score=Decimal(70),
        ),
        application=application,
    )
    if then == "interview":
        application_move(application=application, to_stage=_first(job, "interview"))
    elif then == "reject":
        application_reject(application=application, reason=reason())
    # The history happened now; move it to the fixture's week (creation, AI stage, then).
    moments = [applied, applied + timedelta(hours=1), then_at]
    moves = list(StageTransition.objects.filter(application=application).order_by("pk"))
    assert len(moves) == (3 if then else 2)
    for move, moment in zip(moves, moments, strict=False):
        StageTransition.objects.filter(pk=move.pk).update(created_at=moment)
    Assessment.objects.filter(application=application).update(
        created_at=result_at, completed_at=result_at
    )
    return application


@pytest.fixture
def week():
    job_1, job_2 = JobFactory(), JobFactory()
    recruiter = recruiter_for(job_1)
    _application(job_1, applied=at(2, 9), result_at=at(3, 10), source="acme",
                 then="interview", then_at=at(3, 12))  # fmt: skip
    _application(job_1, applied=at(2, 9), result_at=at(4, 10), source="manual",
                 then="reject", then_at=at(4, 16))  # fmt: skip
    _application(job_2, applied=at(2, 9), result_at=at(5, 10), source="acme")
    _application(job_2, applied=at(23, 9, month=2), result_at=at(24, 10, month=2),
                 source="manual", then="interview", then_at=at(24, 11, month=2))  # fmt: skip
    refresh_run(full=True)
    return recruiter


@pytest.fixture
def hr(week):
    return {
        "en": UserFactory(roles=[Role.HR_ADMIN], language="en", email="hr.en@example.com"),
        "zh": UserFactory(roles=[Role.HR_ADMIN], language="zh-hans", email="hr.zh@example.com"),
        "gone": UserFactory(roles=[Role.HR_ADMIN], is_active=False, email="gone@example.com"),
    }


def _robot(sim, kind: str = "wecom", **fields):
    registered = sim.app.register(kind)
    return chat_robot_save(
        name=f"HR {kind}", kind=kind, webhook_url=registered["webhook_url"], **fields
    )


def _body(received) -> str:
    """The mail's text as written (SMTP carries CRLF line ends)."""
    return received.message.get_payload(decode=True).decode().replace("\r\n", "\n")


EXPECTED_EN = (
    "Recruiting efficiency\n"
    "- 3 AI results; 67 % arrived by themselves, 1 were typed in by hand.\n"
    "- 50.0 % of the judged results passed.\n"
    "- AI result → first feedback to the candidate: median 0.2 d, 90th percentile 0.2 d"
    " (n = 2)\n"
    "- HR handling time per application: median 0.3 d, 90th percentile 0.3 d (n = 1)"
)


EXPECTED_ZH = (
    "招聘效率\n"
    "- AI 结果 3 条；67% 自动回传，1 条为人工录入。\n"
    "- 已有结论的结果中 50.0% 通过。\n"
    "- AI 结果 → 首次反馈候选人：中位数 0.2 天，第 90 百分位 0.2 天（n = 2）\n"
    "- 每份申请的人力资源处理时长：中位数 0.3 天，第 90 百分位 0.3 天（n = 1）"
)
DIGESTS = OutboxMessage.objects.filter(event="analytics_weekly_digest")


def test_each_hr_admin_gets_the_weeks_figures_in_their_language(smtp, hr, week):
    """The figures are the fixture's week only (A0 is outside), over every job."""
    # When
    queued = weekly_digest_send(week_ending=WEEK_ENDING)
    deliver_due(time_budget_seconds=10)

    # Then
    assert queued == 2  # the two active HR admins; no robot configured
    [english] = smtp.to("hr.en@example.com")
    body = _body(english)
    assert EXPECTED_EN in body
    assert english.subject == "Recruiting analytics, week March 2, 2026 – March 8, 2026"
    link = django_settings.HRFLOW_PUBLIC_URL.rstrip("/") + "/analytics/"
    assert link in body
    assert "(as of " in body
    [chinese] = smtp.to("hr.zh@example.com")
    zh_body = _body(chinese)
    assert chinese.subject == "招聘分析周报：2026年3月2日 – 2026年3月8日"
    assert EXPECTED_ZH in zh_body
    assert link in zh_body
    # Neither the inactive HR admin nor the recruiter of job 1 hears of it.
    assert smtp.to("gone@example.com") == []
    assert smtp.to(week.email) == []
    assert set(DIGESTS.values_list("recipient", flat=True)) == {
        "hr.en@example.com",
        "hr.zh@example.com",
    }


def test_the_robots_that_take_it_get_it_once(smtp, hr, chat_sim):
    # Given a robot for every alert, one for integration alerts only, one switched off
    _robot(chat_sim, "wecom")
    _robot(chat_sim, "feishu", events=["integration_alert"])
    _robot(chat_sim, "dingtalk", is_active=False)

    # When the digest of the same week is sent twice (the beat fired twice)
    first = weekly_digest_send(week_ending=WEEK_ENDING)
    second = weekly_digest_send(week_ending=WEEK_ENDING)
    deliver_due(time_budget_seconds=10)

    # Then
    assert (first, second) == (3, 0)
    [posted] = chat_sim.app.messages()
    assert posted["kind"] == "wecom"
    content = posted["body"]["markdown"]["content"]
    assert content.startswith("**招聘分析周报：2026年3月2日 – 2026年3月8日**\n")
    assert EXPECTED_ZH in content
    assert len(smtp.to("hr.en@example.com")) == 1
    assert len(smtp.to("hr.zh@example.com")) == 1
    assert DIGESTS.count() == 3


def test_the_next_week_is_a_digest_of_its_own_with_its_own_figures(smtp, hr):
    """Keyed by week: the week after is sent, and counts none of this week's results."""
    weekly_digest_send(week_ending=WEEK_ENDING)

    queued = weekly_digest_send(week_ending=WEEK_ENDING + timedelta(days=7))
    deliver_due(time_budget_seconds=10)

    assert queued == 2
    bodies = [_body(m) for m in smtp.to("hr.en@example.com")]
    assert len(bodies) == 2
    assert "No AI results arrived in this period." in bodies[1] + bodies[0]


def test_a_week_must_end_on_a_sunday(hr):
    with pytest.raises(ValueError, match="Sunday"):
        weekly_digest_send(week_ending=date(2026, 3, 7))
    assert not DIGESTS.exists()


@pytest.mark.parametrize(
    ("today", "week_ending"),
    [
        (date(2026, 3, 9), date(2026, 3, 8)),  # Monday: the week that ended yesterday
        (date(2026, 3, 15), date(2026, 3, 8)),  # Sunday: that week is not over yet
    ],
)
def test_the_last_full_week_ends_on_the_sunday_before(today, week_ending):
    assert last_week_ending(today) == week_ending


def test_the_task_sends_the_last_full_week_once(hr):
    """Run twice, as a redelivered task would be: one message per HR admin."""
    expected = last_week_ending(timezone.localdate()).isoformat()

    first, second = weekly_digest_send_task(), weekly_digest_send_task()

    assert first == {"week_ending": expected, "queued": 2}
    assert second == {"week_ending": expected, "queued": 0}
    keys = set(DIGESTS.values_list("idempotency_key", flat=True))
    assert keys == {
        f"analytics-digest:{expected}:{hr['en'].pk}",
        f"analytics-digest:{expected}:{hr['zh'].pk}",
    }


def test_the_command_sends_a_week_once_and_refuses_a_week_not_ending_on_sunday(hr):
    out = StringIO()

    call_command("analytics_digest", "--week-ending", "2026-03-08", stdout=out)
    call_command("analytics_digest", "--week-ending", "2026-03-08", stdout=out)

    assert out.getvalue().splitlines() == [
        "week ending 2026-03-08: 2 message(s) queued",
        "week ending 2026-03-08: 0 message(s) queued",
    ]
    with pytest.raises(CommandError, match="Sunday"):
        call_command("analytics_digest", "--week-ending", "2026-03-07")
    assert DIGESTS.count() == 2
