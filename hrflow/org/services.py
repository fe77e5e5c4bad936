"""Writes about the organisation: the company's settings, and departments, which keep
their tree path consistent here."""

from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record, diff_fields
from hrflow.core.errors import ApplicationError
from hrflow.org.models import CompanySettings, Department, Location, Weekday
from hrflow.org.selectors import company_current

MAX_DEPTH = 12


@transaction.atomic
def department_create(
    *,
    name: str,
    code: str,
    parent: Department | None = None,
    head: User | None = None,
    actor: User | None = None,
) -> Department:
    """Create a department under `parent` (or at the top) and give it its tree path."""
    department_check_parent(department=None, parent=parent)
    department = Department(name=name.strip(), code=code.strip(), parent=parent, head=head)
    department.depth = parent.depth + 1 if parent else 0
    # The path needs the primary key, so it is finished after the insert.
    department.path = "/"
    department.full_clean(exclude=["path"])
    department.save()
    department.path = f"{parent.path if parent else '/'}{department.pk}/"
    department.save(update_fields=["path"])
    audit_record(actor=actor, action="org.department_create", target=department)
    return department


@transaction.atomic
def department_update(
    *, department: Department, actor: User | None = None, **fields: Any
) -> Department:
    """Change name, code, head, parent or active flag; a new parent moves the subtree."""
    allowed = {"name", "code", "head", "parent", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError(_("Cannot change: %s.") % ", ".join(sorted(unknown)))
    department = Department.objects.select_for_update().get(pk=department.pk)
    changes = diff_fields(department, fields)
    if not changes:
        return department
    new_parent = fields.get("parent", department.parent)
    moving = "parent" in changes
    if changes.get("is_active") == [True, False]:
        department_check_retire(department=department)
    if new_parent is not None and moving and not new_parent.is_active:
        raise ApplicationError(_("That department is no longer in use."), extra={"field": "parent"})
    if moving:
        department_check_parent(department=department, parent=new_parent)
    for field, value in fields.items():
        setattr(department, field, value)
    department.full_clean()
    department.save(update_fields=[*changes, "updated_at"])
    if moving:
        _move_subtree(department, new_parent)
    audit_record(actor=actor, action="org.department_update", target=department, changes=changes)
    return department


def _move_subtree(department: Department, new_parent: Department | None) -> None:
    old_path = department.path
    new_path = f"{new_parent.path if new_parent else '/'}{department.pk}/"
    depth_shift = (new_parent.depth + 1 if new_parent else 0) - department.depth
    # One UPDATE rewrites the prefix of every path in the subtree.
    Department.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_shift,
    )
    department.refresh_from_db(fields=["path", "depth"])


def department_check_retire(*, department: Department) -> None:
    """Refuse to deactivate a department that still has active sub-departments."""
    if Department.objects.filter(parent=department, is_active=True).exists():
        raise ApplicationError(
            _("Move or deactivate its sub-departments first."), extra={"field": "is_active"}
        )


def department_check_parent(*, department: Department | None, parent: Department | None) -> None:
    """Refuse a parent that would make a cycle or nest deeper than MAX_DEPTH.

    `department` is None for a new department. Admin forms call this too, so
    the same rule gives a form error there instead of a failed save.
    """
    if parent is None:
        return
    if department is not None and department.pk and parent.path.startswith(department.path):
        raise ApplicationError(
            _("A department cannot be moved under itself or one of its sub-departments."),
            extra={"field": "parent"},
        )
    subtree_height = 0
    if department is not None and department.pk:
        deepest = Department.objects.filter(path__startswith=department.path).aggregate(
            deepest=Max("depth")
        )["deepest"]
        subtree_height = (deepest or department.depth) - department.depth
    if parent.depth + 1 + subtree_height >= MAX_DEPTH:
        raise ApplicationError(
            _("Departments cannot nest more than %(levels)d levels deep.") % {"levels": MAX_DEPTH},
            extra={"field": "parent"},
        )


@transaction.atomic
def location_create(*, name: str, code: str, actor: User | None = None, **fields: Any) -> Location:
    """Create a location; optional fields are city, address, country and time_zone."""
    location = Location(name=name.strip(), code=code.strip(), **fields)
    location.full_clean()
    location.save()
    audit_record(actor=actor, action="org.location_create", target=location)
    return location


@transaction.atomic
def location_update(*, location: Location, actor: User | None = None, **fields: Any) -> Location:
    """Change a location's fields, recording what changed."""
    changes = diff_fields(location, fields)
    if not changes:
        return location
    for field, value in fields.items():
        setattr(location, field, value)
    location.full_clean()
    location.save(update_fields=[*changes, "updated_at"])
    audit_record(actor=actor, action="org.location_update", target=location, changes=changes)
    return location


@transaction.atomic
def company_settings_save(
    *,
    company_name: str,
    time_zone: str,
    working_days: list[int],
    working_day_start: time,
    working_day_end: time,
    actor: User | None = None,
) -> CompanySettings:
    """Change the company's name, time zone and working week; refused whole when wrong."""
    days = sorted({int(day) for day in working_days})
    problems = company_settings_problems(
        company_name=company_name,
        time_zone=time_zone,
        working_days=days,
        working_day_start=working_day_start,
        working_day_end=working_day_end,
    )
    if problems:
        raise ApplicationError(" ".join(problems), extra={"problems": problems})
    company = CompanySettings.objects.select_for_update().get(pk=company_current().pk)
    new_values: dict[str, Any] = {
        "company_name": company_name.strip(),
        "time_zone": time_zone,
        "working_days": days,
        "working_day_start": working_day_start,
        "working_day_end": working_day_end,
    }
    changed = [name for name, value in new_values.items() if getattr(company, name) != value]
    if not changed:
        return company
    # Times are written as text: the audit trail is JSON.
    changes = {
        name: [_as_json(getattr(company, name)), _as_json(new_values[name])] for name in changed
    }
    for name in changed:
        setattr(company, name, new_values[name])
    company.full_clean()
    company.save(update_fields=[*changed, "updated_at"])
    audit_record(actor=actor, action="org.company_settings_save", target=company, changes=changes)
    return company


def company_settings_problems(
    *,
    company_name: str,
    time_zone: str,
    working_days: list[int],
    working_day_start: time,
    working_day_end: time,
) -> list[str]:
    """What is wrong with these company settings (empty: nothing)."""
    problems = []
    if not company_name.strip():
        problems.append(_("Give the company name candidates see."))
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(_("Unknown time zone: %(zone)s.") % {"zone": time_zone})
    if not working_days:
        problems.append(_("Choose at least one working day."))
    elif not set(working_days) <= set(Weekday.values):
        problems.append(_("Unknown day of the week."))
    if working_day_start >= working_day_end:
        problems.append(_("The working day must end after it starts."))
    return problems


def _as_json(value: Any) -> Any:
    return value.strftime("%H:%M") if isinstance(value, time) else value
