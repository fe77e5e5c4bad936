"""Tell HR admins that an integration needs a person (paused, failing, dead letters)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from hrflow.accounts.roles import Role
from hrflow.notifications.services import outbox_enqueue
from integrations.models import VendorConnection


def alert_hr_admins(*, connection: VendorConnection, what: str, detail: str) -> int:
    """One message per HR admin per connection, problem and day (no alert storms)."""
    admins = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.HR_ADMIN.value)
        .values_list("pk", "email", "language")
        .distinct()
    )
    day = timezone.now().date().isoformat()
    sent = 0
    for pk, email, language in admins:
        _, created = outbox_enqueue(
            idempotency_key=f"integration-alert:{connection.pk}:{what}:{day}:{pk}",
            channel="email",
            event="integration_alert",
            recipient=email,
            subject=f"[hrflow] {connection.name}: {what}",
            body=detail[:4000],
            language=language or "zh-hans",
        )
        sent += created
    return sent
