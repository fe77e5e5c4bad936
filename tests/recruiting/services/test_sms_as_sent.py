"""The SMS HR reads on the profile is the text the phone showed (issue 14, point 20).

A text goes out as the provider's registered template filled with the variables
it receives (each cut to Aliyun's 35 characters), in the language the templates
are registered in: the outbox row is filled the same way, so the two agree to the
character, and the profile shows the row.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.notifications.delivery import deliver_due
from hrflow.notifications.models import OutboxMessage
from recruiting.services.candidate_notices import applications_notify
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db

LONG_TITLE = "高级后端开发工程师（支付平台与风控系统方向，上海张江园区，急招，可远程一部分）"


def _texted(language: str):
    candidate = CandidateFactory(
        full_name="王芳", language=language, phone="+8613800138000", notify_by_sms=True
    )
    application = ApplicationFactory(candidate=candidate, job=JobFactory(title=LONG_TITLE))
    applications_notify(
        applications=[application],
        event="ai_interview_passed",
        key="t",
        values={application.pk: {"next_step": "终面（现场，含 CTO 面谈）"}},
    )
    return application


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_outbox_keeps_the_text_the_phone_shows(sms_phone, language):
    application = _texted(language)

    deliver_due(time_budget_seconds=10)

    [text] = sms_phone.app.messages()
    row = OutboxMessage.objects.get(application_ref=application.pk, channel="sms")
    assert row.status == OutboxMessage.Status.SENT
    assert row.body == text.content
    assert row.variables == text.params  # the same values, cut as the provider got them
    assert row.language == settings.HRFLOW_SMS_LANGUAGE


def test_the_profile_shows_that_text(sms_phone):
    application = _texted("en")
    deliver_due(time_budget_seconds=10)
    [text] = sms_phone.app.messages()
    client = Client()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    page = client.get(
        reverse("recruiting:candidate-detail", args=[application.candidate_id])
    ).content.decode()

    sms_row = [row for row in page.split('data-testid="message-row"')[1:] if "【hrflow】" in row]
    assert len(sms_row) == 1
    assert text.content in sms_row[0]
