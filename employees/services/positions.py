"""Positions (seats): HR admins create, change and retire them, each change audited."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Assignment, EmployeeStatus, Position
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record, diff_fields
from hrflow.core.errors import ApplicationError
from hrflow.org.models import Department, Location

CHANGEABLE = {
    "code",
    "title",
    "department",
    "location",
    "reports_to",
    "job_family",
    "grade",
    "headcount",
    "is_active",
}
# A reporting line longer than this is a mistake (or a cycle the walk gave up on).
MAX_CHAIN = 50


@transaction.atomic
def position_create(
    *,
    code: str,
    title: str,
    department: Department,
    actor: User | None,
    headcount: int = 1,
    location: Location | None = None,
    reports_to: Position | None = None,
    job_family: str = "",
    grade: str = "",
) -> Position:
    """Create an active position with `headcount` seats in an active department."""
    position = Position(
        code=code.strip(),
        title=title.strip(),
        department=department,
        location=location,
        reports_to=reports_to,
        job_family=job_family.strip(),
        grade=grade.strip(),
        headcount=headcount,
    )
    _check(position, changed={"department", "location", "reports_to"})
    position.full_clean()
    position.save()
    audit_record(actor=actor, action="employees.position_create", target=position)
    return position


@transaction.atomic
def position_update(*, position: Position, actor: User | None, **fields: Any) -> Position:
    """Change a position's fields; `is_active=False` retires it (only when nobody sits in it)."""
    unknown = set(fields) - CHANGEABLE
    if unknown:
        raise ApplicationError(_("Cannot change: %s.") % ", ".join(sorted(unknown)))
    position = Position.objects.select_for_update().get(pk=position.pk)
    for text in ("code", "title", "job_family", "grade"):
        if isinstance(fields.get(text), str):
            fields[text] = fields[text].strip()
    changes = diff_fields(position, fields)
    if not changes:
        return position
    for field, value in fields.items():
        setattr(position, field, value)
    _check(position, changed=set(changes))
    position.full_clean()
    position.save(update_fields=[*changes, "updated_at"])
    action = "employees.position_update"
    if changes.get("is_active") == [True, False]:
        action = "employees.position_deactivate"
    audit_record(actor=actor, action=action, target=position, changes=changes)
    return position


def position_deactivate(*, position: Position, actor: User | None) -> Position:
    """Retire a position: no new job or assignment may name it; its history stays."""
    return position_update(position=position, actor=actor, is_active=False)


def _check(position: Position, *, changed: set[str]) -> None:
    """The rules a form cannot see: live references, no reporting cycle, seats in use."""
    if "department" in changed and not position.department.is_active:
        raise ApplicationError(
            _("This department is no longer in use."), extra={"field": "department"}
        )
    if "location" in changed and position.location and not position.location.is_active:
        raise ApplicationError(_("This location is no longer in use."), extra={"field": "location"})
    if "reports_to" in changed and position.reports_to is not None:
        _refuse_cycle(position)
    retiring = "is_active" in changed and not position.is_active and position.pk
    if retiring and _filled_from_today(position):
        raise ApplicationError(
            _("People sit in this position: move them to another before retiring it."),
            extra={"field": "is_active"},
        )


def _refuse_cycle(position: Position) -> None:
    boss = position.reports_to
    if boss is not None and not boss.is_active:
        raise ApplicationError(
            _("That position is no longer in use."), extra={"field": "reports_to"}
        )
    for _step in range(MAX_CHAIN):
        if boss is None:
            return
        if position.pk is not None and boss.pk == position.pk:
            raise ApplicationError(
                _("A position cannot report to itself or to one that reports to it."),
                extra={"field": "reports_to"},
            )
        boss = boss.reports_to
    raise ApplicationError(_("The reporting line is too long."), extra={"field": "reports_to"})


def _filled_from_today(position: Position) -> bool:
    """Whether anyone (not gone) holds the position today or is recorded to later."""
    today = timezone.localdate()
    current = Assignment.objects.as_of(today) | Assignment.objects.filter(valid_from__gt=today)
    return current.filter(position=position).exclude(status=EmployeeStatus.LEFT).exists()
