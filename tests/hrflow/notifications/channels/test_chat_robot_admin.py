"""The chat robot admin: saves through the service, never shows credentials, tests a robot."""

import pytest

from hrflow.notifications.models import ChatRobot

pytestmark = pytest.mark.django_db

SECRET = "SECadmin-test-secret-0123"


def test_added_robot_is_encrypted_and_its_page_shows_no_credentials(superuser_client, chat_sim):
    registered = chat_sim.app.register("dingtalk", secret=SECRET)

    response = superuser_client.post(
        "/admin/notifications/chatrobot/add/",
        {
            "name": "招聘群",
            "kind": "dingtalk",
            "webhook_url": registered["webhook_url"],
            "secret": SECRET,
            "events": "[]",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    robot = ChatRobot.objects.get()
    assert robot.credentials["secret"] == SECRET
    page = superuser_client.get(f"/admin/notifications/chatrobot/{robot.pk}/change/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert registered["token"] not in page.content.decode()


def test_test_message_action_posts_to_the_group(superuser_client, chat_sim):
    registered = chat_sim.app.register("wecom")
    superuser_client.post(
        "/admin/notifications/chatrobot/add/",
        {
            "name": "HR",
            "kind": "wecom",
            "webhook_url": registered["webhook_url"],
            "events": '["integration_alert"]',
            "is_active": "on",
        },
    )
    robot = ChatRobot.objects.get()

    response = superuser_client.post(
        "/admin/notifications/chatrobot/",
        {"action": "send_test_message", "_selected_action": [robot.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert len(chat_sim.app.messages("wecom")) == 1
    assert "HR" in response.content.decode()


def test_unknown_event_is_a_form_error(superuser_client):
    response = superuser_client.post(
        "/admin/notifications/chatrobot/add/",
        {
            "name": "HR",
            "kind": "wecom",
            "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
            "events": '["no_such_event"]',
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "no_such_event" in response.content.decode()
    assert not ChatRobot.objects.exists()
