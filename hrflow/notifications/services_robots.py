"""Team-chat robots: save one (webhook URL and secret encrypted), check one with a test line."""

import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record, diff_fields
from hrflow.core.errors import ApplicationError
from hrflow.notifications.channels.base import (
    Outgoing,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from hrflow.notifications.channels.chat_robots import ChatRobotChannel
from hrflow.notifications.events import EVENTS
from hrflow.notifications.models import ChatRobot

WEBHOOK_URL_VALIDATOR = URLValidator(schemes=["http", "https"])


@transaction.atomic
def chat_robot_save(
    *,
    robot: ChatRobot | None = None,
    name: str,
    kind: str,
    webhook_url: str | None = None,
    secret: str | None = None,
    events: Sequence[str] = (),
    is_active: bool = True,
    actor: User | None = None,
) -> ChatRobot:
    """Create a robot (`robot` None) or change one.

    On a change, `webhook_url` or `secret` None keeps the stored value: the
    admin never shows credentials back, so an empty field means "unchanged".
    An empty `secret` string removes the secret (the robot signs nothing).
    """
    if kind not in ChatRobot.Kind.values:
        raise ApplicationError(_("Unknown chat robot kind."), extra={"field": "kind"})
    chat_robot_check_events(events)
    existing = (
        ChatRobot.objects.select_for_update().get(pk=robot.pk)
        if robot is not None and robot.pk
        else None
    )
    saved = (existing.credentials or {}) if existing is not None else {}
    stored = {part: str(saved.get(part) or "") for part in ("webhook_url", "secret")}
    given = {"webhook_url": webhook_url, "secret": secret}
    credentials = {
        part: (stored[part] if given[part] is None else str(given[part])).strip() for part in stored
    }
    _check_webhook_url(credentials["webhook_url"])
    fields = {"name": name.strip(), "kind": kind, "events": list(events), "is_active": is_active}
    if existing is None:
        created = ChatRobot(**fields, credentials=credentials)
        created.full_clean()
        created.save()
        audit_record(actor=actor, action="notifications.chat_robot_create", target=created)
        return created
    changes = diff_fields(existing, fields)
    changed_parts = [part for part in credentials if credentials[part] != stored[part]]
    if changed_parts:
        # Which part changed is worth knowing; the values never enter the trail.
        changes["credentials"] = ["(hidden)", f"(hidden; changed: {', '.join(changed_parts)})"]
    if not changes:
        return existing
    for field, value in fields.items():
        setattr(existing, field, value)
    existing.credentials = credentials
    existing.full_clean()
    existing.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor, action="notifications.chat_robot_update", target=existing, changes=changes
    )
    return existing


def robot_test_message(robot: ChatRobot) -> Outgoing:
    """The line HR posts to check a robot; its own key each time, as it is never queued."""
    return Outgoing(
        key=f"chat-robot-test:{robot.pk}:{uuid.uuid4().hex}",
        event="chat_robot_test",
        recipient=str(robot.pk),
        subject=_("hrflow test message"),
        body=_("If you can read this, the robot “%(name)s” can post HR alerts to this group.")
        % {"name": robot.name},
        language="",
    )


def chat_robot_test(robot: ChatRobot) -> str:
    """Post the test line now and say in plain words how it went."""
    channel = ChatRobotChannel(robot, require_active=False)
    try:
        channel.send(robot_test_message(robot))
    except TransientDeliveryError as error:
        return _(
            "The test message to “%(name)s” did not go through this time: %(reason)s "
            "Try again in a minute."
        ) % {"name": robot.name, "reason": error}
    except PermanentDeliveryError as error:
        return _(
            "The test message to “%(name)s” was refused: %(reason)s "
            "Check the webhook URL and the signing secret."
        ) % {"name": robot.name, "reason": error}
    finally:
        channel.close()
    return _("Test message sent to “%(name)s”: check the group chat for it.") % {"name": robot.name}


def chat_robot_check_events(events: object) -> None:
    """Refuse anything but a list of known event codes; the admin form calls this too."""
    if not isinstance(events, list | tuple) or not all(isinstance(code, str) for code in events):
        raise ApplicationError(
            _('Events must be a list of event codes, e.g. ["integration_alert"].'),
            extra={"field": "events"},
        )
    unknown = sorted(set(events) - set(EVENTS))
    if unknown:
        raise ApplicationError(
            _("Unknown events: %(names)s.") % {"names": ", ".join(unknown)},
            extra={"field": "events"},
        )


def _check_webhook_url(url: str) -> None:
    try:
        WEBHOOK_URL_VALIDATOR(url)
    except ValidationError as error:
        raise ApplicationError(
            _("Enter the robot's webhook URL, starting with https:// or http://."),
            extra={"field": "webhook_url"},
        ) from error
