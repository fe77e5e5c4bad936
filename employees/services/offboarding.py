"""Offboarding: the checklist a leaver gets when the leaving is recorded, its tasks ticked
off, the template HR keeps, and the leaver's sign-in account closed after the last day.

The checklist copies the active template tasks with their due dates worked out from
the last day; a manager's task goes to the manager's account on the last day, the
others stay with their team (any HR admin, any member of the IT group, any payroll
officer). Made once per employee: recording the leaving again is refused anyway.
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import (
    Assignment,
    Employee,
    OffboardingOwner,
    OffboardingTask,
    OffboardingTemplateTask,
)
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record, diff_fields
from hrflow.core.errors import ApplicationError

NOTE_MAX = 500
TEMPLATE_FIELDS = ("title", "title_en", "description", "owner_role", "due_offset_days", "order")


def offboarding_checklist_create(
    *, employee: Employee, last_day: date, actor: User | None
) -> list[OffboardingTask]:
    """The leaver's checklist from the active template tasks (or the one they have)."""
    existing = list(OffboardingTask.objects.filter(employee=employee))
    if existing:
        return existing
    job = (
        Assignment.objects.as_of(last_day)
        .filter(employee=employee)
        .select_related("manager__user")
        .first()
    )
    manager = job.manager.user if job is not None and job.manager is not None else None
    sources = OffboardingTemplateTask.objects.filter(is_active=True).order_by(
        "due_offset_days", "order", "pk"
    )
    tasks = OffboardingTask.objects.bulk_create(
        OffboardingTask(
            employee=employee,
            template_task=source,
            title=source.title,
            title_en=source.title_en,
            description=source.description,
            owner_role=source.owner_role,
            assignee=manager if source.owner_role == OffboardingOwner.MANAGER else None,
            due_on=last_day + timedelta(days=source.due_offset_days),
            order=order,
        )
        for order, source in enumerate(sources)
    )
    audit_record(
        actor=actor,
        action="employees.offboarding_checklist_create",
        target=employee,
        changes={"tasks": [task.pk for task in tasks], "manager": manager.pk if manager else None},
    )
    return tasks


@transaction.atomic
def offboarding_task_complete(
    *, task: OffboardingTask, actor: User, note: str = "", done: bool = True
) -> OffboardingTask:
    """Tick a task done, with who and when (or open it again)."""
    task = OffboardingTask.objects.select_for_update().select_related("employee").get(pk=task.pk)
    if done == task.is_done:
        raise ApplicationError(
            _("This task is already done.") if done else _("This task is still open.")
        )
    note = note.strip()
    if len(note) > NOTE_MAX or "\x00" in note:
        raise ApplicationError(
            _("A note has at most %(max)s characters.") % {"max": NOTE_MAX},
            extra={"field": "note"},
        )
    task.done_at = timezone.now() if done else None
    task.done_by = actor if done else None
    if done:
        task.note = note
    task.save(update_fields=["done_at", "done_by", "note"])
    audit_record(
        actor=actor,
        action="employees.offboarding_task_done" if done else "employees.offboarding_task_reopen",
        target=task.employee,
        changes={"task": task.pk, "title": task.title, "note": task.note},
    )
    return task


@transaction.atomic
def offboarding_template_task_save(
    *, actor: User, task: OffboardingTemplateTask | None = None, **values: Any
) -> OffboardingTemplateTask:
    """Add a task to the checklist template, or change one. Checklists made before keep
    theirs."""
    unknown = set(values) - {*TEMPLATE_FIELDS, "is_active"}
    if unknown:
        raise ValueError(f"not a template task field: {sorted(unknown)}")
    row = task or OffboardingTemplateTask()
    changes = diff_fields(row, values) if task is not None else dict(values)
    for field, value in values.items():
        setattr(row, field, value.strip() if isinstance(value, str) else value)
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="employees.offboarding_template_task_save",
        target=row,
        changes=changes,
    )
    return row


@transaction.atomic
def offboarding_template_task_delete(*, task: OffboardingTemplateTask, actor: User) -> None:
    """Remove a task HR added; a shipped task is switched off instead, so installing the
    defaults again never brings it back."""
    if task.code:
        raise ApplicationError(
            _("A shipped task cannot be deleted; switch it off instead."),
            extra={"field": "is_active"},
        )
    audit_record(
        actor=actor,
        action="employees.offboarding_template_task_delete",
        target=task,
        changes={"title": task.title},
    )
    task.delete()


def leaver_accounts_deactivate(*, on: date, actor: User | None = None) -> int:
    """Close the sign-in accounts of employees whose last day is `on` or earlier: the
    account works through the last day and not after it. Returns how many were closed."""
    users = list(
        User.objects.filter(
            is_active=True, employee__left_on__isnull=False, employee__left_on__lte=on
        ).order_by("pk")
    )
    for user in users:
        _deactivate(user, actor)
    return len(users)


def leaver_account_deactivate(*, employee: Employee, actor: User | None) -> bool:
    """Close one leaver's account now (their last day is over); False when there is none
    open."""
    user = employee.user
    if user is None or not user.is_active:
        return False
    _deactivate(user, actor)
    return True


def _deactivate(user: User, actor: User | None) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="employees.leaver_account_deactivate",
        target=user,
        changes={"is_active": [True, False]},
    )
