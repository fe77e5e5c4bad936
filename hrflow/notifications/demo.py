"""The demo's notification providers: the local SMS and chat-robot simulators, wired in.

`make demo` starts both (manage.py notification_simulator); this points the SMS
settings at the SMS simulator (through the environment the web, worker and beat
processes inherit) and registers the chat simulator's WeCom robot for HR alerts.
"""

import os

from hrflow.notifications.models import ChatRobot
from hrflow.notifications.services_robots import chat_robot_save

DEMO_ROBOT_NAME = "HR 群 (WeCom demo)"
# The token the simulator's demo WeCom robot listens on (notification_simulator DEMO_ROBOTS).
DEMO_WECOM_TOKEN = "demo-wecom"  # noqa: S105 - the local simulator's, not a secret


def demo_sms_environment(sms_url: str) -> None:
    """SMS settings for the child processes: the simulator's endpoint and keys."""
    os.environ.setdefault("HRFLOW_SMS_ENDPOINT", f"{sms_url}/")
    os.environ.setdefault("HRFLOW_SMS_ACCESS_KEY_ID", "hrflow-sim-key")
    os.environ.setdefault("HRFLOW_SMS_ACCESS_KEY_SECRET", "hrflow-sim-secret")
    os.environ.setdefault("HRFLOW_SMS_SIGN_NAME", "hrflow")


def demo_chat_robot_ensure(chat_url: str) -> ChatRobot:
    """The demo's WeCom robot, pointed at this run's chat simulator (its port may change)."""
    robot = ChatRobot.objects.filter(name=DEMO_ROBOT_NAME).first()
    return chat_robot_save(
        robot=robot,
        name=DEMO_ROBOT_NAME,
        kind=ChatRobot.Kind.WECOM,
        webhook_url=f"{chat_url}/wecom/cgi-bin/webhook/send?key={DEMO_WECOM_TOKEN}",
        secret="",
    )
