"""Which channel object delivers a given outbox message, for one delivery loop."""

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hrflow.notifications.channels.base import Channel, PermanentDeliveryError
from hrflow.notifications.channels.chat_robots import ChatRobotChannel
from hrflow.notifications.channels.email import EmailChannel
from hrflow.notifications.channels.portal import PortalChannel
from hrflow.notifications.channels.sms_aliyun import sms_channel_from_settings
from hrflow.notifications.models import ChatRobot, OutboxMessage


class ChannelSet:
    """Channels made on first use and kept for the loop (one SMTP session, one HTTP pool)."""

    def __init__(self) -> None:
        self._email = EmailChannel()
        self._portal = PortalChannel()
        self._sms: Any = None
        self._robots: dict[int, Any] = {}

    @classmethod
    @contextmanager
    def opened(cls) -> Iterator["ChannelSet"]:
        channels = cls()
        try:
            yield channels
        finally:
            channels.close()

    def close(self) -> None:
        self._email.close()
        for channel in [self._sms, *self._robots.values()]:
            close = getattr(channel, "close", None)
            if close is not None:
                close()

    def prepare(self, kind: str) -> None:
        """Get ready to send on a channel (open the SMTP session); failures surface in send()."""
        if kind == OutboxMessage.Channel.EMAIL:
            with contextlib.suppress(Exception):
                self._email.prepare()

    def for_message(self, message: OutboxMessage) -> Channel:
        kind = message.channel
        if kind == OutboxMessage.Channel.EMAIL:
            return self._email
        if kind == OutboxMessage.Channel.PORTAL:
            return self._portal
        if kind == OutboxMessage.Channel.SMS:
            if self._sms is None:
                self._sms = sms_channel_from_settings()
            return self._sms
        if kind == OutboxMessage.Channel.CHAT:
            return self._robot(message.recipient)
        raise PermanentDeliveryError(f"unknown channel {kind!r}")

    def _robot(self, recipient: str) -> Channel:
        try:
            robot_id = int(recipient)
        except ValueError:
            raise PermanentDeliveryError(f"not a chat robot: {recipient!r}") from None
        if robot_id not in self._robots:
            robot = ChatRobot.objects.filter(pk=robot_id, is_active=True).first()
            if robot is None:
                raise PermanentDeliveryError("the chat robot was removed or switched off")
            self._robots[robot_id] = ChatRobotChannel(robot)
        return self._robots[robot_id]
