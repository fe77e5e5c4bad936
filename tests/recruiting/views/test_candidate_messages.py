"""A recruiter writes to the candidate from the profile; the candidate reads it in the portal."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from hrflow.accounts.roles import Role
from hrflow.notifications.models import OutboxMessage
from tests.hrflow.factories import UserFactory
from tests.portal.helpers import portal_client
from tests.recruiting.factories import ApplicationFactory, recruiter_for

pytestmark = pytest.mark.django_db


def _send(client, application, **fields):
    data = {"subject": "关于面试", "body": "请带上身份证原件。\n谢谢！", "key": "abc123"} | fields
    return client.post(reverse("recruiting:candidate-message", args=[application.pk]), data)


def test_the_candidate_gets_it_in_the_portal_and_by_email_once(client):
    application = ApplicationFactory()
    recruiter = recruiter_for(application.job)
    client.force_login(recruiter)

    first = _send(client, application)
    _send(client, application)  # a double click: the same form, the same key

    assert first.status_code == 302
    sent = OutboxMessage.objects.filter(event="hr_message", application_ref=application.pk)
    assert sorted(sent.values_list("channel", flat=True)) == ["email", "portal"]
    for message in sent:
        assert message.subject == "关于面试"
        assert "请带上身份证原件。\n谢谢！" in message.body
        assert application.candidate.full_name in message.body
        assert recruiter.full_name in message.body
    page = portal_client(application.candidate).get(reverse("portal:messages")).content.decode()
    assert "关于面试" in page
    assert page.count('data-testid="portal-message"') == 1


def test_a_new_form_sends_a_new_message(client):
    application = ApplicationFactory()
    client.force_login(recruiter_for(application.job))
    profile = client.get(reverse("recruiting:candidate-detail", args=[application.candidate_id]))
    key = re.search(r'name="key" value="([0-9a-f]+)"', profile.content.decode()).group(1)

    _send(client, application, key=key)
    _send(client, application, key=key + "0", subject="第二封")

    assert OutboxMessage.objects.filter(event="hr_message", channel="portal").count() == 2


@pytest.mark.parametrize(
    "fields", [{"subject": ""}, {"body": "  "}, {"subject": "x" * 151}, {"key": "../x"}]
)
def test_a_bad_message_is_refused_and_nothing_is_queued(client, fields):
    application = ApplicationFactory()
    client.force_login(recruiter_for(application.job))

    with translation.override("en"):
        response = _send(client, application, **fields)

    assert response.status_code == 302
    assert not OutboxMessage.objects.filter(event="hr_message").exists()


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER])
def test_staff_who_do_not_work_on_the_job_get_404(client, role):
    application = ApplicationFactory()
    outsider = UserFactory(roles=[role])
    if role == Role.HIRING_MANAGER:
        application.job.hiring_managers.add(outsider)  # reads the job, does not write for it
    client.force_login(outsider)

    assert _send(client, application).status_code == 404
    assert not OutboxMessage.objects.filter(event="hr_message").exists()
