"""Changing an employee's work arrangement (working-hour system and shift pattern),
effective-dated like job records: the row in force ends on the new start day, history is
never overwritten (docs/TIME.md, The plan). The change queues the recompute of the
employee's daily results from its first day to today."""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.attendance.tasks import attendance_recompute_later
from employees.lock_objects import employee_lock
from employees.models import (
    ComprehensivePeriod,
    Employee,
    ShiftPattern,
    WorkArrangement,
    WorkingHourSystem,
)
from employees.services.assignments import START_HORIZON_DAYS
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError


@transaction.atomic
def work_arrangement_set(
    *,
    employee: Employee,
    valid_from: date,
    system: str,
    period: str,
    approval_reference: str,
    pattern: ShiftPattern,
    reason: str,
    actor: User | None,
) -> WorkArrangement:
    """From `valid_from` the employee works `pattern` under `system`: the row in force
    that day ends there, the new one runs until the next row that starts later (a change
    recorded in advance stays as it was). Rows are never overwritten: a second change on
    a day that starts a row is refused. Comprehensive hours need their period and the
    labour bureau's approval; flexible hours the approval."""
    employee = employee_lock(employee.pk)
    period, approval_reference = period.strip(), " ".join(approval_reference.split())
    reason = " ".join(reason.split())[:255]
    work_arrangement_check(
        employee=employee, valid_from=valid_from, system=system, period=period,
        approval_reference=approval_reference, pattern=pattern,
    )  # fmt: skip
    rows = list(WorkArrangement.objects.filter(employee=employee).order_by("valid_from"))
    current = _in_force_before(rows, valid_from)
    later = [row for row in rows if row.valid_from > valid_from]
    values = _arrangement_values(system, period, approval_reference, pattern)
    new = WorkArrangement(
        employee=employee,
        valid_from=valid_from,
        valid_to=later[0].valid_from if later else (current.valid_to if current else None),
        reason=reason,
        recorded_by=actor,
        **values,
    )
    if current is not None:
        current.valid_to = valid_from
        current.save(update_fields=["valid_to"])
    new.save()
    audit_record(
        actor=actor,
        action="employees.work_arrangement_set",
        target=employee,
        changes={
            "valid_from": valid_from.isoformat(),
            "valid_to": new.valid_to.isoformat() if new.valid_to else None,
            "reason": reason,
            **{
                field.removesuffix("_id"): [getattr(current, field) if current else None, value]
                for field, value in values.items()
            },
        },
    )
    today = timezone.localdate()
    if valid_from <= today:
        last = min(today, new.valid_to - timedelta(days=1)) if new.valid_to else today
        attendance_recompute_later(employee_ids=[employee.pk], start=valid_from, end=last)
    return new


def work_arrangement_check(
    *,
    employee: Employee,
    valid_from: date,
    system: str,
    period: str,
    approval_reference: str,
    pattern: ShiftPattern,
) -> None:
    """The rules of a new arrangement (Django admin checks them as form errors; the
    service checks again under the employee's lock)."""
    period, approval_reference = period.strip(), " ".join(approval_reference.split())
    if system not in WorkingHourSystem.values:
        raise ApplicationError(_("Unknown working-hour system."), extra={"field": "system"})
    if system == WorkingHourSystem.COMPREHENSIVE:
        if period not in ComprehensivePeriod.values:
            raise ApplicationError(
                _(
                    "Comprehensive hours are totalled over a week, month, quarter or year: "
                    "choose one."
                ),
                extra={"field": "period"},
            )
    elif period:
        raise ApplicationError(
            _("Only comprehensive hours have a period."), extra={"field": "period"}
        )
    if system != WorkingHourSystem.STANDARD and not approval_reference:
        raise ApplicationError(
            _("Comprehensive and flexible hours need the labour bureau's approval number."),
            extra={"field": "approval_reference"},
        )
    if len(approval_reference) > 120:
        raise ApplicationError(
            _("The approval number has at most 120 characters."),
            extra={"field": "approval_reference"},
        )
    if valid_from < employee.hire_date:
        raise ApplicationError(
            _("An arrangement starts on or after the first day of work (%(day)s).")
            % {"day": employee.hire_date.isoformat()},
            extra={"field": "valid_from"},
        )
    if employee.left_on and valid_from >= employee.left_on:
        raise ApplicationError(_("The employee has left by then."), extra={"field": "valid_from"})
    if (valid_from - timezone.localdate()).days > START_HORIZON_DAYS:
        raise ApplicationError(
            _("That day is more than two years ahead; check the year."),
            extra={"field": "valid_from"},
        )
    rows = list(WorkArrangement.objects.filter(employee=employee).order_by("valid_from"))
    if any(row.valid_from == valid_from for row in rows):
        raise ApplicationError(
            _(
                "An arrangement already starts on %(day)s and stays as history; start the "
                "change on another day."
            )
            % {"day": valid_from.isoformat()},
            extra={"field": "valid_from"},
        )
    current = _in_force_before(rows, valid_from)
    values = _arrangement_values(system, period, approval_reference, pattern)
    if current is not None and all(getattr(current, f) == v for f, v in values.items()):
        raise ApplicationError(_("Nothing would change from that day."))


def _in_force_before(rows: list[WorkArrangement], day: date) -> WorkArrangement | None:
    """The row that started before `day` and is still in force on it."""
    return next(
        (
            row
            for row in reversed(rows)
            if row.valid_from < day and (row.valid_to is None or row.valid_to > day)
        ),
        None,
    )


def _arrangement_values(
    system: str, period: str, approval_reference: str, pattern: ShiftPattern
) -> dict[str, Any]:
    return {
        "system": system,
        "period": period if system == WorkingHourSystem.COMPREHENSIVE else "",
        "approval_reference": approval_reference,
        "pattern_id": pattern.pk,
    }
