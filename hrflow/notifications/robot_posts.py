"""Staff notices a team-chat robot posts to its group, for the events HR chose for it.

A robot whose event list is empty posts every HR alert (an integration that needs
a person, recruiting/vendors/alerts.py), not these: a notice such as a waiting
leave request names a person and their request, so a group reads it only when
HR named the event on that robot on purpose. Each robot gets one message per key
however often it is called (the outbox's idempotency key), in the company's
language (the site's default), on the `chat` channel's wording if HR wrote one.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation

from hrflow.notifications.events import event_for
from hrflow.notifications.models import ChatRobot, OutboxMessage
from hrflow.notifications.rendering import Wording, render, templates_loaded
from hrflow.notifications.services import outbox_enqueue


def robot_link(robot: ChatRobot, label: str, url: str) -> str:
    """A link as the robot's message shows it: WeCom and DingTalk post markdown, where
    `[label](url)` is one tap; Feishu posts plain text, which links a bare address."""
    if robot.kind in (ChatRobot.Kind.WECOM, ChatRobot.Kind.DINGTALK):
        plain = label.replace("[", "(").replace("]", ")")  # a bracket would end the label
        return f"[{plain}]({url})"
    return f"{label}: {url}"


def robots_post(*, event: str, key: str, values: Callable[[ChatRobot], dict[str, Any]]) -> int:
    """Queue `event` to each active robot that names it; `values` is called per robot,
    in the company's language. How many were new."""
    robots = list(ChatRobot.objects.filter(is_active=True, events__contains=[event]).order_by("pk"))
    if not robots:
        return 0
    spec = event_for(event)
    wordings = templates_loaded([event])
    language = str(settings.LANGUAGE_CODE)
    queued = 0
    for robot in robots:
        with translation.override(language):
            filled = {name: str(value) for name, value in values(robot).items()}
        wording = render(spec, OutboxMessage.Channel.CHAT, language, filled, wordings)
        queued += robot_enqueue(
            robot=robot, key=key, event=event, wording=wording, language=language, variables=filled
        )
    return queued


def robot_enqueue(
    *,
    robot: ChatRobot,
    key: str,
    event: str,
    wording: Wording,
    language: str,
    variables: dict[str, str],
) -> bool:
    """Queue one robot's message (once per key and robot); whether it was new."""
    _message, created = outbox_enqueue(
        idempotency_key=f"{key}:robot{robot.pk}",
        channel=OutboxMessage.Channel.CHAT,
        event=event,
        recipient=str(robot.pk),
        subject=wording.subject,
        body=wording.body,
        language=language,
        variables=variables,
    )
    return created
