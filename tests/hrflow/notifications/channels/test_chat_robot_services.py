"""Saving and testing chat robots: credentials encrypted at rest, checked with a real post."""

import pytest
from django.db import connection
from django.utils import translation

from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import ChatRobot
from hrflow.notifications.services_robots import chat_robot_save, chat_robot_test

pytestmark = pytest.mark.django_db

SECRET = "SECf00dfacecafe0123456789"


def raw_credentials(robot: ChatRobot) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM notifications_chatrobot WHERE id = %s", [robot.pk])
        return cursor.fetchone()[0]


def test_webhook_url_and_secret_are_unreadable_in_the_database(chat_sim):
    """The URL carries the robot's key and the secret signs its posts: a dump shows neither."""
    registered = chat_sim.app.register("dingtalk", secret=SECRET)

    robot = chat_robot_save(
        name="招聘群", kind="dingtalk", webhook_url=registered["webhook_url"], secret=SECRET
    )

    stored = raw_credentials(robot)
    assert SECRET not in stored
    assert registered["token"] not in stored
    assert "webhook" not in stored
    assert ChatRobot.objects.get(pk=robot.pk).credentials == {
        "webhook_url": registered["webhook_url"],
        "secret": SECRET,
    }


@pytest.mark.parametrize("url", ["ftp://example.com/hook", "javascript:alert(1)", "not a url", ""])
def test_webhook_url_must_be_http_or_https(url):
    with pytest.raises(ApplicationError) as raised:
        chat_robot_save(name="HR", kind="wecom", webhook_url=url)

    assert raised.value.extra == {"field": "webhook_url"}
    assert not ChatRobot.objects.exists()


def test_unknown_kind_and_unknown_events_are_refused():
    with pytest.raises(ApplicationError):
        chat_robot_save(name="HR", kind="slack", webhook_url="https://example.com/hook")
    with pytest.raises(ApplicationError, match="no_such_event"):
        chat_robot_save(
            name="HR",
            kind="wecom",
            webhook_url="https://example.com/hook",
            events=["integration_alert", "no_such_event"],
        )
    assert not ChatRobot.objects.exists()


def test_change_keeps_credentials_not_given_and_audits_without_values():
    robot = chat_robot_save(
        name="HR", kind="feishu", webhook_url="https://example.com/hook/abc", secret=SECRET
    )

    changed = chat_robot_save(robot=robot, name="HR 告警", kind="feishu", secret="")

    assert changed.name == "HR 告警"
    assert ChatRobot.objects.get(pk=robot.pk).credentials == {
        "webhook_url": "https://example.com/hook/abc",
        "secret": "",
    }
    update = AuditEvent.objects.get(action="notifications.chat_robot_update")
    assert update.changes["name"] == ["HR", "HR 告警"]
    assert update.changes["credentials"] == ["(hidden)", "(hidden; changed: secret)"]
    assert SECRET not in str(update.changes)
    assert "example.com" not in str(update.changes)


def test_test_message_reaches_the_group(chat_sim):
    registered = chat_sim.app.register("feishu", secret=SECRET)
    robot = chat_robot_save(
        name="HR",
        kind="feishu",
        webhook_url=registered["webhook_url"],
        secret=SECRET,
        is_active=False,
    )

    with translation.override("en"):
        result = chat_robot_test(robot)

    assert "sent" in result
    [posted] = chat_sim.app.messages("feishu")
    assert "HR" in posted["text"]


def test_test_message_with_a_wrong_secret_says_why(chat_sim):
    registered = chat_sim.app.register("dingtalk", secret=SECRET)
    robot = chat_robot_save(
        name="HR", kind="dingtalk", webhook_url=registered["webhook_url"], secret="SECwrong"
    )

    with translation.override("en"):
        result = chat_robot_test(robot)

    assert "refused" in result
    assert "310000" in result
    assert chat_sim.app.messages() == []
