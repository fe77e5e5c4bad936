"""What HR changes about notifications: wording per event, sending policy, resending.

Each is one service function used by the pages and the admin alike; every
change is audited and refused whole when something is wrong.
"""

from datetime import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.notifications.events import Event, event_for
from hrflow.notifications.models import NotificationSettings, NotificationTemplate, OutboxMessage
from hrflow.notifications.rendering import SMS_MAX, SUBJECT_MAX, template_problems
from hrflow.notifications.timing import settings_current
from hrflow.notifications.wake import outbox_wake_after_commit

LANGUAGES = ("zh-hans", "en")


def template_channels(event_code: str) -> list[str]:
    """The channels an event's wording can be edited for (SMS only where it is texted)."""
    event = event_for(event_code)
    if event.audience == "staff":
        return ["email"]
    channels = ["email", "portal"]
    if event.sms is not None:
        channels.append("sms")
    return channels


@transaction.atomic
def notification_template_save(
    *, event: str, channel: str, language: str, subject: str, body: str, actor: User
) -> NotificationTemplate:
    """Store HR's wording for one (event, channel, language); checked before anything changes."""
    spec = _checked_target(event, channel, language)
    problems = template_problems(spec, subject) + template_problems(spec, body)
    if not body.strip():
        problems.append(_("The message needs a text."))
    if channel == "email" and not subject.strip():
        problems.append(_("An e-mail needs a subject."))
    if len(subject) > SUBJECT_MAX:
        problems.append(_("The subject is too long."))
    if channel == "sms" and len(body) > SMS_MAX:
        problems.append(
            _("A text message may have at most %(count)s characters.") % {"count": SMS_MAX}
        )
    if problems:
        raise ApplicationError(" ".join(dict.fromkeys(problems)), extra={"problems": problems})
    template, created = NotificationTemplate.objects.select_for_update().get_or_create(
        event=event, channel=channel, language=language, defaults={"body": body}
    )
    before = {"subject": template.subject, "body": template.body}
    template.subject, template.body, template.updated_by = subject.strip(), body, actor
    template.save()
    audit_record(
        actor=actor,
        action="notifications.template_save",
        target=template,
        changes={"subject": [before["subject"], template.subject], "body": [before["body"], body]}
        if not created
        else {"created": True},
    )
    return template


@transaction.atomic
def notification_template_reset(*, event: str, channel: str, language: str, actor: User) -> bool:
    """Back to the built-in wording; False when it already was."""
    _checked_target(event, channel, language)
    deleted, _rows = NotificationTemplate.objects.filter(
        event=event, channel=channel, language=language
    ).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="notifications.template_reset",
            changes={"event": event, "channel": channel, "language": language},
        )
    return bool(deleted)


@transaction.atomic
def notification_settings_save(
    *,
    quiet_hours_start: time,
    quiet_hours_end: time,
    rejection_delay_hours: int,
    actor: User,
) -> NotificationSettings:
    """Change the sending policy (the company's name and time zone are `hrflow.org`'s)."""
    problems = []
    if not 0 <= rejection_delay_hours <= 14 * 24:
        problems.append(_("The rejection delay is between 0 hours and 14 days."))
    if problems:
        raise ApplicationError(" ".join(problems), extra={"problems": problems})
    policy = settings_current()
    policy = NotificationSettings.objects.select_for_update().get(pk=policy.pk)
    before = {
        "quiet_hours": f"{policy.quiet_hours_start}-{policy.quiet_hours_end}",
        "rejection_delay_hours": policy.rejection_delay_hours,
    }
    policy.quiet_hours_start, policy.quiet_hours_end = quiet_hours_start, quiet_hours_end
    policy.rejection_delay_hours = rejection_delay_hours
    policy.save()
    audit_record(
        actor=actor,
        action="notifications.settings_save",
        target=policy,
        changes={"before": before},
    )
    return policy


@transaction.atomic
def outbox_resend(*, message_ids: list[int], actor: User) -> int:
    """A person sends failed or uncertain messages again (they checked it did not arrive)."""
    resendable = [OutboxMessage.Status.FAILED, OutboxMessage.Status.UNCERTAIN]
    ids = list(
        OutboxMessage.objects.select_for_update()
        .filter(pk__in=message_ids, status__in=resendable)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    OutboxMessage.objects.filter(pk__in=ids).update(
        status=OutboxMessage.Status.PENDING,
        not_before=None,
        lease_until=None,
        updated_at=timezone.now(),
    )
    audit_record(actor=actor, action="notifications.resend", changes={"messages": ids})
    outbox_wake_after_commit()
    return len(ids)


def _checked_target(event: str, channel: str, language: str) -> Event:
    try:
        spec = event_for(event)
    except ValueError:
        raise ApplicationError(_("Unknown event.")) from None
    if channel not in template_channels(event) or language not in LANGUAGES:
        raise ApplicationError(_("This event has no such channel or language."))
    return spec
