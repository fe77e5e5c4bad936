"""Staff notices posted by team-chat robots: only robots that name the event, once per
key, with a one-tap link in each vendor's own form."""

import pytest

from hrflow.notifications.models import ChatRobot, OutboxMessage
from hrflow.notifications.robot_posts import robot_link, robots_post

pytestmark = pytest.mark.django_db

EVENT = "attendance_request_waiting"  # registered by the employees app


def _robot(name: str, kind: str, events: list[str], *, active: bool = True) -> ChatRobot:
    return ChatRobot.objects.create(
        name=name, kind=kind, events=events, is_active=active,
        credentials={"webhook_url": "http://127.0.0.1:9/hook"},
    )  # fmt: skip


def test_only_active_robots_that_name_the_event_post_it_once_per_key():
    chosen = _robot("研发部群", ChatRobot.Kind.DINGTALK, [EVENT, "integration_alert"])
    _robot("告警群", ChatRobot.Kind.WECOM, [])  # every HR alert: not staff notices
    _robot("停用", ChatRobot.Kind.FEISHU, [EVENT], active=False)
    values = {
        "employee_name": "陈静",
        "request_kind": "加班",
        "request_summary": "2026-11-04 18:00–20:00",
        "approve_link": "https://hr.example.com/a/",
        "approvals_link": "https://hr.example.com/b/",
    }

    assert robots_post(event=EVENT, key="k:1", values=lambda robot: values) == 1
    assert robots_post(event=EVENT, key="k:1", values=lambda robot: values) == 0

    posted = OutboxMessage.objects.get()
    assert (posted.channel, posted.recipient) == ("chat", str(chosen.pk))
    assert "陈静" in posted.body
    assert "https://hr.example.com/a/" in posted.body


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        (ChatRobot.Kind.WECOM, "[张伟 (经理)](https://x/)"),
        (ChatRobot.Kind.DINGTALK, "[张伟 (经理)](https://x/)"),
        (ChatRobot.Kind.FEISHU, "张伟 [经理]: https://x/"),
    ],
)
def test_a_link_is_one_tap_in_each_vendors_message(kind, shown):
    """Markdown robots get a [label](url) (a bracket in the label would end it early);
    Feishu's plain text links a bare address."""
    robot = ChatRobot(name="r", kind=kind)
    assert robot_link(robot, "张伟 [经理]", "https://x/") == shown
