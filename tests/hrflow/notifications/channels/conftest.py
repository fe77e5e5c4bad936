"""Real provider simulators on loopback, and channels pointed at them."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hrflow.notifications.channels.chat_robots import ChatRobotChannel
from hrflow.notifications.channels.sms_aliyun import AliyunSmsChannel, sms_channel_from_settings
from hrflow.notifications.models import ChatRobot
from hrflow.notifications.simulators import (
    AliyunSmsSimulator,
    ChatRobotSimulator,
    RunningSimulator,
    start_aliyun_sms_simulator,
    start_chat_robot_simulator,
)
from hrflow.notifications.simulators.aliyun_sms import DEFAULT_ACCESS_KEYS


@pytest.fixture
def sms_sim() -> Iterator[RunningSimulator[AliyunSmsSimulator]]:
    with start_aliyun_sms_simulator() as sim:
        yield sim


@pytest.fixture
def sms_settings(settings, sms_sim: RunningSimulator[AliyunSmsSimulator]):
    """The SMS settings of a deployment that points at the simulator."""
    [(key_id, secret)] = DEFAULT_ACCESS_KEYS.items()
    settings.HRFLOW_SMS_ENDPOINT = f"{sms_sim.url}/"
    settings.HRFLOW_SMS_ACCESS_KEY_ID = key_id
    settings.HRFLOW_SMS_ACCESS_KEY_SECRET = secret
    settings.HRFLOW_SMS_SIGN_NAME = "hrflow"
    return settings


@pytest.fixture
def sms_channel(sms_settings) -> Iterator[AliyunSmsChannel]:
    """Built by the factory, as the delivery loop builds it; a short timeout keeps the
    slow-answer test quick."""
    channel = sms_channel_from_settings(timeout_seconds=1.0)
    yield channel
    channel.close()


@pytest.fixture
def chat_sim() -> Iterator[RunningSimulator[ChatRobotSimulator]]:
    with start_chat_robot_simulator() as sim:
        yield sim


@pytest.fixture
def sms_channel_now(sms_settings) -> Iterator[Callable[..., AliyunSmsChannel]]:
    """Make the SMS channel from the settings as they are at the call (closed afterwards)."""
    made: list[AliyunSmsChannel] = []

    def make(**options: Any) -> AliyunSmsChannel:
        made.append(sms_channel_from_settings(**options))
        return made[-1]

    yield make
    for channel in made:
        channel.close()


@pytest.fixture
def robot_channel() -> Iterator[Callable[..., ChatRobotChannel]]:
    """Make a ChatRobotChannel that is closed after the test."""
    made: list[ChatRobotChannel] = []

    def make(robot: ChatRobot, **options: Any) -> ChatRobotChannel:
        made.append(ChatRobotChannel(robot, **options))
        return made[-1]

    yield make
    for channel in made:
        channel.close()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the channels' error texts, written in English and translated."""
    from django.utils import translation

    with translation.override("en"):
        yield
