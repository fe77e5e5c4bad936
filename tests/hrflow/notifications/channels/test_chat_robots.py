"""The team-chat robot channel against the WeCom/DingTalk/Feishu simulator, over real sockets."""

from datetime import UTC, datetime

import pytest

from hrflow.notifications.channels.base import (
    Outgoing,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from hrflow.notifications.models import ChatRobot

KINDS = ["wecom", "dingtalk", "feishu"]


def robot_at(sim, kind: str, *, secret: str = "", signs_with: str | None = None, **fields):
    """A robot registered in the simulator (with `secret`), as HR saved it (`signs_with`)."""
    registered = sim.app.register(kind, secret=secret)
    credentials = {
        "webhook_url": registered["webhook_url"],
        "secret": secret if signs_with is None else signs_with,
    }
    return ChatRobot(pk=3, name=f"HR {kind}", kind=kind, credentials=credentials, **fields)


def alert(recipient: str = "3") -> Outgoing:
    return Outgoing(
        key="integration_alert:vuesim:1",
        event="integration_alert",
        recipient=recipient,
        subject="VueSim: sign-in failed",
        body="VueSim: sign-in failed\n\nThe client secret was refused.",
        language="zh-hans",
    )


def test_wecom_gets_markdown_with_the_subject_in_bold(chat_sim, robot_channel):
    robot_channel(robot_at(chat_sim, "wecom")).send(alert())

    [posted] = chat_sim.app.messages()
    assert posted["body"] == {
        "msgtype": "markdown",
        "markdown": {
            "content": "**VueSim: sign-in failed**\n"
            "VueSim: sign-in failed\n\nThe client secret was refused."
        },
    }


def test_dingtalk_gets_markdown_with_a_title(chat_sim, robot_channel):
    robot_channel(robot_at(chat_sim, "dingtalk")).send(alert())

    [posted] = chat_sim.app.messages()
    assert posted["body"]["msgtype"] == "markdown"
    assert posted["body"]["markdown"]["title"] == "VueSim: sign-in failed"
    assert posted["body"]["markdown"]["text"].startswith("#### VueSim: sign-in failed\n\n")
    assert "The client secret was refused." in posted["text"]


def test_feishu_gets_plain_text(chat_sim, robot_channel):
    robot_channel(robot_at(chat_sim, "feishu")).send(alert())

    [posted] = chat_sim.app.messages()
    assert posted["body"] == {
        "msg_type": "text",
        "content": {
            "text": "VueSim: sign-in failed\n"
            "VueSim: sign-in failed\n\nThe client secret was refused."
        },
    }


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_signed_post_is_accepted_by_a_robot_with_a_secret(chat_sim, kind, robot_channel):
    """The simulator checks the signature from the vendor's docs, not with our code."""
    robot = robot_at(chat_sim, kind, secret="SECc0ffee+/=signing")

    receipt = robot_channel(robot).send(alert())

    assert len(chat_sim.app.messages(kind)) == 1
    assert kind in receipt.detail


@pytest.mark.parametrize(("kind", "code"), [("dingtalk", "310000"), ("feishu", "19021")])
def test_wrong_secret_is_refused_as_permanent(chat_sim, kind, code, robot_channel):
    robot = robot_at(chat_sim, kind, secret="the-real-secret", signs_with="an-old-secret")

    with pytest.raises(PermanentDeliveryError, match=code):
        robot_channel(robot).send(alert())
    assert chat_sim.app.messages() == []


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_unsigned_post_to_a_signing_robot_is_refused(chat_sim, kind, robot_channel):
    robot = robot_at(chat_sim, kind, secret="the-real-secret", signs_with="")

    with pytest.raises(PermanentDeliveryError):
        robot_channel(robot).send(alert())
    assert chat_sim.app.messages() == []


@pytest.mark.parametrize(
    ("kind", "code"), [("wecom", 45009), ("dingtalk", 130101), ("feishu", 11232)]
)
def test_rate_limit_is_transient(chat_sim, kind, code, robot_channel):
    chat_sim.app.faults.add({"kind": "rate_limit", "match": kind})

    with pytest.raises(TransientDeliveryError, match=str(code)):
        robot_channel(robot_at(chat_sim, kind)).send(alert())
    assert chat_sim.app.messages() == []


@pytest.mark.parametrize("kind", KINDS)
def test_more_than_the_robots_share_a_minute_is_transient(chat_sim, kind, robot_channel):
    """Real robots take 20 a minute; the simulator counts the same way."""
    chat_sim.app.per_minute = 2
    channel = robot_channel(robot_at(chat_sim, kind))
    channel.send(alert())
    channel.send(alert())

    with pytest.raises(TransientDeliveryError, match="too fast"):
        channel.send(alert())
    assert len(chat_sim.app.messages()) == 2


def test_unknown_robot_is_permanent(chat_sim, robot_channel):
    """A robot removed from its group: retrying cannot bring it back."""
    robot = robot_at(chat_sim, "wecom")
    robot.credentials["webhook_url"] = robot.credentials["webhook_url"].replace("key=", "key=x")

    with pytest.raises(PermanentDeliveryError, match="93000"):
        robot_channel(robot).send(alert())


@pytest.mark.parametrize("fault", [{"kind": "server_error"}, {"kind": "slow", "delay": 2}])
def test_gateway_error_and_slow_answer_are_transient(chat_sim, fault, robot_channel):
    chat_sim.app.faults.add(fault)

    with pytest.raises(TransientDeliveryError):
        robot_channel(robot_at(chat_sim, "feishu"), timeout_seconds=0.5).send(alert())


def test_message_for_another_robot_is_refused(chat_sim, robot_channel):
    with pytest.raises(PermanentDeliveryError, match="not 3"):
        robot_channel(robot_at(chat_sim, "wecom")).send(alert(recipient="4"))
    assert chat_sim.app.messages() == []


def test_switched_off_robot_is_refused(chat_sim, robot_channel):
    robot = robot_at(chat_sim, "wecom", is_active=False)

    with pytest.raises(PermanentDeliveryError, match="switched off"):
        robot_channel(robot).send(alert())
    assert chat_sim.app.messages() == []


def test_long_wecom_message_is_cut_to_fit(chat_sim, robot_channel):
    """WeCom refuses markdown over 4096 bytes; the channel cuts instead of failing."""
    long_alert = Outgoing(**{**alert().__dict__, "body": "数据同步失败。" * 1000})

    robot_channel(robot_at(chat_sim, "wecom")).send(long_alert)

    [posted] = chat_sim.app.messages()
    assert len(posted["text"].encode()) <= 4096
    assert posted["text"].endswith("…")


def test_was_sent_cannot_tell(robot_channel):
    """Robots keep no history to ask: the loop must mark an interrupted post uncertain."""
    robot = ChatRobot(pk=3, name="HR", kind="wecom", credentials={})

    assert robot_channel(robot).was_sent(alert(), datetime.now(UTC)) is None
