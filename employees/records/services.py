"""What HR writes on the employee page besides dated changes: identity and contacts, notes.

Dated job changes go through `employees.services.assignments.assignment_change`;
sensitive fields through `employees.services.sensitive`.
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.lock_objects import employee_lock
from employees.models import Employee, EmployeeNote, EmployeeStatus
from employees.numbers import employee_number_next
from employees.services.assignments import START_HORIZON_DAYS, first_job_records
from employees.services.events import employee_changed_event, employee_hired_event
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

# What the identity form may set; the sensitive fields and the job record are elsewhere.
IDENTITY_FIELDS = (
    "full_name",
    "preferred_name",
    "sex",
    "id_document_type",
    "email",
    "personal_email",
    "phone",
    "address",
    "city",
)
# What the person may change about themselves in self-service.
CONTACT_FIELDS = ("phone", "personal_email", "address")


@transaction.atomic
def employee_identity_update(
    *, employee: Employee, actor: User, **values: Any
) -> tuple[Employee, list[str]]:
    """Set identity and contact fields; returns the employee and the names that changed."""
    unknown = set(values) - set(IDENTITY_FIELDS)
    if unknown:
        raise ValueError(f"not identity fields: {sorted(unknown)}")
    employee = employee_lock(employee.pk)
    old = {name: getattr(employee, name) for name in values}
    for name, value in values.items():
        setattr(employee, name, value)
    changed = [name for name in values if old[name] != values[name]]
    if not changed:
        return employee, []
    employee.full_clean(exclude=["user"])
    employee.save(update_fields=[*changed, "updated_at"])
    audit = audit_record(
        actor=actor,
        action="employees.identity_update",
        target=employee,
        changes={name: [old[name], values[name]] for name in changed},
    )
    # Other systems hear which fields changed, never the personal values.
    employee_changed_event(
        employee=employee,
        audit=audit,
        change="identity",
        fields=changed,
        effective_from=timezone.localdate(),
    )
    return employee, changed


@transaction.atomic
def employee_note_add(*, employee: Employee, body: str, author: User) -> EmployeeNote:
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("A note cannot be empty."), extra={"field": "body"})
    note = EmployeeNote(
        employee=employee, body=body[:5000], author=author, author_label=str(author)
    )
    note.full_clean(exclude=["author"])
    note.save()
    audit_record(
        actor=author,
        action="employees.note_add",
        target=employee,
        changes={"note": [None, note.pk]},
    )
    return note


@transaction.atomic
def employee_create(
    *,
    actor: User,
    full_name: str,
    hire_date: date,
    department_id: int,
    job_title: str,
    employment_type: str,
    status: str,
    sex: str = "",
    email: str = "",
    phone: str = "",
    position_id: int | None = None,
    manager_id: int | None = None,
    location_id: int | None = None,
) -> Employee:
    """Add someone who joined without a hire through hrflow (before hrflow, or by hand).

    One job record from the start date; a start still ahead is pre-boarding until
    then, as for a hire. Everything later is a dated change like any other.
    """
    if status not in (EmployeeStatus.PROBATION, EmployeeStatus.REGULAR):
        raise ApplicationError(
            _("A new employee starts on probation or in regular work."), extra={"field": "status"}
        )
    if hire_date > timezone.localdate() + timedelta(days=START_HORIZON_DAYS):
        raise ApplicationError(
            _("The start date is more than two years away."), extra={"field": "hire_date"}
        )
    if (
        manager_id is not None
        and not Employee.objects.filter(pk=manager_id, left_on__isnull=True).exists()
    ):
        raise ApplicationError(_("Choose a manager who works here."), extra={"field": "manager"})
    employee = Employee(
        number=employee_number_next(),
        full_name=full_name.strip(),
        sex=sex,
        email=email.strip(),
        phone=phone.strip(),
        hire_date=hire_date,
    )
    employee.full_clean(exclude=["user"])
    employee.save()
    rows = first_job_records(
        employee=employee,
        start=hire_date,
        status=status,
        actor=actor,
        department_id=department_id,
        position_id=position_id,
        manager_id=manager_id,
        location_id=location_id,
        job_title=job_title.strip(),
        employment_type=employment_type,
    )
    audit_record(
        actor=actor,
        action="employees.employee_create",
        target=employee,
        changes={"hire_date": hire_date.isoformat(), "department": department_id},
    )
    # Joined without a hire through hrflow, but joined all the same: other systems hear it.
    employee_hired_event(employee=employee, job=rows[0])
    return employee
