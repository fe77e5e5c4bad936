"""Dated changes of the job record: transfer, promotion, manager change, status change.

A change from day D inserts a row from D: the row in force on D is cut at D, the
new row copies it with the changes applied, and runs until the next row that
already starts later (a change recorded in advance stays as it was). A change
on a day that already starts a row is a correction of that row, audited with
the old values. Rows are never deleted.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.lock_objects import employee_lock
from employees.models import Assignment, Employee, EmployeeStatus, ProbationReview
from employees.services.events import employee_changed_event
from employees.services.onboarding import onboarding_regular_check
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

# A first day further out than this is almost surely a typo (2062 for 2026), set by a
# hire (recruiting.hiring.checks) or by HR adding someone (employees.records.services).
START_HORIZON_DAYS = 2 * 366

# The fields a dated change may set.
CHANGEABLE = (
    "department_id",
    "position_id",
    "manager_id",
    "location_id",
    "job_title",
    "employment_type",
    "status",
)


@transaction.atomic
def assignment_change(
    *,
    employee: Employee,
    valid_from: date,
    change: str,
    actor: User | None,
    reason: str = "",
    **values: Any,
) -> Assignment:
    """Record that from `valid_from` the employee's job record has `values`."""
    unknown = set(values) - set(CHANGEABLE)
    if unknown:
        raise ValueError(f"not changeable by date: {sorted(unknown)}")
    employee_lock(employee.pk)
    if change not in Assignment.Change.values:
        raise ApplicationError(_("Unknown kind of change."), extra={"field": "change"})
    if values.get("manager_id") is not None and values["manager_id"] == employee.pk:
        raise ApplicationError(_("Nobody can be their own manager."), extra={"field": "manager"})
    if "manager_id" in values and values["manager_id"] is not None:
        _refuse_manager_cycle(employee.pk, values["manager_id"], valid_from)
    if values.get("status") == EmployeeStatus.REGULAR:
        # Regular work starts only once onboarding's mandatory tasks are done.
        onboarding_regular_check(employee)
        _refuse_around_probation_review(employee, change)
    if values.get("status") == EmployeeStatus.PROBATION:
        _refuse_second_probation(employee)
    rows = list(Assignment.objects.filter(employee=employee).order_by("valid_from"))
    if not rows:
        raise ApplicationError(_("This employee has no job record to change."))
    if valid_from < rows[0].valid_from:
        raise ApplicationError(
            _("A change cannot start before the employee's first record (%(day)s).")
            % {"day": rows[0].valid_from.isoformat()},
            extra={"field": "valid_from"},
        )
    same_day = next((row for row in rows if row.valid_from == valid_from), None)
    if same_day is not None:
        return _correct(same_day, values, change, reason, actor)
    current = next(
        row
        for row in reversed(rows)
        if row.valid_from < valid_from and (row.valid_to is None or row.valid_to > valid_from)
    )
    later = [row for row in rows if row.valid_from > valid_from]
    new = Assignment(
        employee=employee,
        valid_from=valid_from,
        valid_to=later[0].valid_from if later else current.valid_to,
        change=change,
        reason=reason[:255],
        recorded_by=actor,
        **{field: values.get(field, getattr(current, field)) for field in CHANGEABLE},
    )
    if not any(getattr(new, field) != getattr(current, field) for field in CHANGEABLE):
        raise ApplicationError(_("Nothing would change from that day."))
    current.valid_to = valid_from
    current.save(update_fields=["valid_to"])
    new.full_clean(exclude=["employee", "recorded_by"])
    new.save()
    _employee_dates_follow(employee, new)
    changed = [field for field in CHANGEABLE if getattr(current, field) != getattr(new, field)]
    audit = audit_record(
        actor=actor,
        action="employees.assignment_change",
        target=employee,
        changes={
            "valid_from": valid_from.isoformat(),
            "change": change,
            **{field: [getattr(current, field), getattr(new, field)] for field in changed},
        },
    )
    employee_changed_event(
        employee=employee,
        audit=audit,
        change=change,
        fields=changed,
        effective_from=valid_from,
        job=new,
    )
    return new


def _correct(
    row: Assignment, values: dict[str, Any], change: str, reason: str, actor: User | None
) -> Assignment:
    old = {field: getattr(row, field) for field in values}
    if all(old[field] == value for field, value in values.items()):
        raise ApplicationError(_("Nothing would change from that day."))
    for field, value in values.items():
        setattr(row, field, value)
    row.reason = (reason or row.reason)[:255]
    row.full_clean(exclude=["employee", "recorded_by"])
    row.save(update_fields=[*values, "reason"])
    _employee_dates_follow(row.employee, row)
    changed = [field for field in values if old[field] != values[field]]
    audit = audit_record(
        actor=actor,
        action="employees.assignment_correct",
        target=row.employee,
        changes={
            "valid_from": row.valid_from.isoformat(),
            "change": change,
            **{field: [old[field], values[field]] for field in changed},
        },
    )
    employee_changed_event(
        employee=row.employee,
        audit=audit,
        change=Assignment.Change.CORRECTION,
        fields=changed,
        effective_from=row.valid_from,
        job=row,
    )
    return row


def _employee_dates_follow(employee: Employee, row: Assignment) -> None:
    """The roster's last day follows a dated "left" status."""
    if row.status == EmployeeStatus.LEFT and employee.left_on != row.valid_from:
        employee.left_on = row.valid_from
        employee.save(update_fields=["left_on", "updated_at"])


def _refuse_around_probation_review(employee: Employee, change: str) -> None:
    """A probation under review ends by its decision (pass, extend, end), not by a status
    change beside it, so the review and the record never disagree."""
    if change == Assignment.Change.PROBATION_PASSED:
        return
    if ProbationReview.objects.filter(employee=employee, decided_at__isnull=True).exists():
        raise ApplicationError(
            _("A probation review is open: record its decision on the probation page."),
            extra={"field": "status"},
        )


def _refuse_second_probation(employee: Employee) -> None:
    """Probation comes once per employee (Labour Contract Law art. 19)."""
    if Assignment.objects.filter(employee=employee, status=EmployeeStatus.REGULAR).exists():
        raise ApplicationError(
            _("Probation comes only once: this employee has been in regular work."),
            extra={"field": "status"},
        )


def _refuse_manager_cycle(employee_id: int, manager_id: int, day: date) -> None:
    """Walk up from the new manager as of `day`; meeting the employee would make a loop."""
    seen = set()
    current: int | None = manager_id
    while current is not None and current not in seen:
        if current == employee_id:
            raise ApplicationError(
                _("That manager reports to this employee already."), extra={"field": "manager"}
            )
        seen.add(current)
        current = (
            Assignment.objects.as_of(day)
            .filter(employee_id=current)
            .values_list("manager_id", flat=True)
            .first()
        )


def employee_job_as_of(employee: Employee, day: date) -> Assignment | None:
    return (
        Assignment.objects.as_of(day)
        .filter(employee=employee)
        .select_related("department", "position", "manager", "location")
        .first()
    )


def first_job_records(
    *, employee: Employee, start: date, status: str, actor: User | None, **job: Any
) -> list[Assignment]:
    """The job record of someone joining on `start`: pre-boarding from today until then
    when the start is still ahead, then `status` from the first day. Written as a hire
    and as HR adding someone both do, so the two never differ."""
    return Assignment.objects.bulk_create(
        first_job_rows(employee=employee, start=start, status=status, actor=actor, **job)
    )


def first_job_rows(
    *, employee: Employee, start: date, status: str, actor: User | None, **job: Any
) -> list[Assignment]:
    """The rows `first_job_records` writes, checked but not saved (a bulk hire saves the
    rows of many people at once)."""
    today = timezone.localdate()
    common = {"employee": employee, "recorded_by": actor, **job}
    rows = []
    if start > today:
        rows.append(
            Assignment(
                valid_from=today,
                valid_to=start,
                status=EmployeeStatus.PRE_BOARDING,
                change=Assignment.Change.HIRE,
                **common,
            )
        )
    rows.append(
        Assignment(
            valid_from=start,
            status=status,
            change=Assignment.Change.START if start > today else Assignment.Change.HIRE,
            **common,
        )
    )
    for row in rows:
        # A new person's rows cannot clash with others, and the callers chose the
        # department, position, manager and location from what exists: the database's
        # keys and constraints still hold them, without a query per row to ask again.
        row.full_clean(
            exclude=["employee", "recorded_by", "department", "position", "manager", "location"],
            validate_unique=False,
            validate_constraints=False,
        )
    return rows


def probation_waived(*, employee: Employee, starts_on: date, actor: User | None) -> int:
    """A first contract with no probation: the person is in regular work from its first
    day, so the job rows from then that still say probation say regular (corrections,
    audited). Not an activation after probation, so onboarding does not hold it up.
    Nothing changes where a probation review exists or regular work was recorded."""
    employee_lock(employee.pk)
    rows = Assignment.objects.filter(employee=employee)
    if (
        rows.filter(status=EmployeeStatus.REGULAR).exists()
        or ProbationReview.objects.filter(employee=employee).exists()
    ):
        return 0
    changed = 0
    for row in rows.filter(status=EmployeeStatus.PROBATION).order_by("valid_from"):
        if row.valid_to is not None and row.valid_to <= starts_on:
            continue
        _correct(
            row,
            {"status": EmployeeStatus.REGULAR},
            Assignment.Change.CORRECTION,
            _("No probation in the contract"),
            actor,
        )
        changed += 1
    return changed
