"""Tell HR admins that an integration needs a person (paused, failing, dead letters)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from hrflow.accounts.roles import Role
from hrflow.notifications.events import event_for
from hrflow.notifications.models import ChatRobot
from hrflow.notifications.rendering import render
from hrflow.notifications.services import outbox_enqueue
from integrations.models import VendorConnection

EVENT = "integration_alert"


def alert_hr_admins(*, connection: VendorConnection, what: str, detail: str) -> int:
    """One message per HR admin, and one per team-chat robot, per connection, problem
    and day (no alert storms); how many were queued now."""
    spec = event_for(EVENT)
    values = {"connection_name": connection.name, "problem": what, "detail": detail[:4000]}
    admins = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.HR_ADMIN.value)
        .values_list("pk", "email", "language")
        .distinct()
    )
    day = timezone.now().date().isoformat()
    key = f"integration-alert:{connection.pk}:{what}:{day}"
    sent = 0
    for pk, email, language in admins:
        wording = render(spec, "email", language or "zh-hans", values)
        _, created = outbox_enqueue(
            idempotency_key=f"{key}:{pk}",
            channel="email",
            event=EVENT,
            recipient=email,
            subject=wording.subject,
            body=wording.body,
            language=language or "zh-hans",
            variables=values,
        )
        sent += created
    for robot in ChatRobot.objects.filter(is_active=True):
        if robot.events and EVENT not in robot.events:
            continue
        wording = render(spec, "email", "zh-hans", values)
        _, created = outbox_enqueue(
            idempotency_key=f"{key}:robot{robot.pk}",
            channel="chat",
            event=EVENT,
            recipient=str(robot.pk),
            subject=wording.subject,
            body=wording.body,
            variables=values,
        )
        sent += created
    return sent
