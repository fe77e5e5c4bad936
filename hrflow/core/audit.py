"""Write the audit trail: one call per HR state change, inside the service's transaction."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

from hrflow.core.models import AuditEvent

if TYPE_CHECKING:
    from hrflow.accounts.models import User


def audit_record(
    *,
    actor: "User | AnonymousUser | None",
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` to `target`; `changes` maps field -> [old, new]."""
    real_actor = actor if actor is not None and actor.is_authenticated else None
    event = AuditEvent(
        actor=real_actor,
        actor_label=str(real_actor) if real_actor else "system",
        action=action,
        changes=changes or {},
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_label = str(target)[:200]
    event.save()
    return event


def audit_record_many(
    *,
    actor: "User | AnonymousUser | None",
    action: str,
    changes_by_target: Sequence[tuple[models.Model, dict[str, Any]]],
) -> list[AuditEvent]:
    """One row per target, written in one statement (a bulk hire audits each person)."""
    real_actor = actor if actor is not None and actor.is_authenticated else None
    events = [
        AuditEvent(
            actor=real_actor,
            actor_label=str(real_actor) if real_actor else "system",
            action=action,
            changes=changes,
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
            target_label=str(target)[:200],
        )
        for target, changes in changes_by_target
    ]
    return AuditEvent.objects.bulk_create(events)


def audited_update(
    instance: models.Model,
    values: dict[str, Any],
    *,
    actor: "User | AnonymousUser | None",
    action: str,
) -> dict[str, list[Any]]:
    """Give `instance` these values, validate and save the fields that changed, and
    audit them old -> new; when nothing changes, nothing is saved or audited. The
    caller holds the row (select_for_update) and its transaction."""
    changes = diff_fields(instance, values)
    if not changes:
        return changes
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    stamped = ["updated_at"] if any(f.name == "updated_at" for f in instance._meta.fields) else []
    instance.save(update_fields=[*changes, *stamped])
    audit_record(actor=actor, action=action, target=instance, changes=changes)
    return changes


def diff_fields(instance: models.Model, new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the values that differ from the instance's."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def _plain(value: Any) -> Any:
    # JSONField stores plain values; model instances become their primary key.
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, date):  # datetimes too: ISO text, as DjangoJSONEncoder writes it
        return value.isoformat()
    if isinstance(value, Decimal):  # exact text, as DjangoJSONEncoder writes it
        return str(value)
    return value
