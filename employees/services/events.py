"""The employee events other systems read (`hrflow.outbound`): hired and changed.

Each is written by the service that makes the change, in its transaction.
Payloads name the employee, what changed and from when; they never carry
personal or sensitive values (contacts, ID numbers, bank accounts): a
subscriber that needs them reads the employee through the API, under its
token's scope. Job-record values (department, position, manager, location ids,
title, form of employment, status) are the org's facts and go out as they are.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from employees.models import Assignment, Employee
from hrflow.core.models import AuditEvent
from hrflow.outbound.models import OutboundEvent
from hrflow.outbound.services import EventDraft, outbound_event_write, outbound_events_write

EMPLOYEE_HIRED = "employee.hired"
EMPLOYEE_CHANGED = "employee.changed"
# Job-record fields whose new value goes into the payload (as the API names them).
JOB_FIELDS = {
    "department_id": "department",
    "position_id": "position",
    "manager_id": "manager",
    "location_id": "location",
    "job_title": "job_title",
    "employment_type": "employment_type",
    "status": "status",
}


def employee_hired_event(*, employee: Employee, job: Assignment) -> OutboundEvent:
    """`employee.hired`, once per employee (keyed by the employee)."""
    draft = _hired_draft(employee, job)
    return outbound_event_write(
        topic=draft.topic, key=draft.key, occurred_at=draft.occurred_at, payload=draft.payload
    )


def employee_hired_events(hires: Sequence[tuple[Employee, Assignment]]) -> None:
    """`employee.hired` for each of a bulk hire's people, written together."""
    outbound_events_write([_hired_draft(employee, job) for employee, job in hires])


def _hired_draft(employee: Employee, job: Assignment) -> EventDraft:
    return EventDraft(
        topic=EMPLOYEE_HIRED,
        key=f"{EMPLOYEE_HIRED}:{employee.pk}",
        occurred_at=employee.hired_at or employee.created_at,
        payload={
            "employee_id": employee.pk,
            "employee_number": employee.number,
            "hire_date": employee.hire_date.isoformat(),
            "source_application_id": employee.source_application_id,
            "job": _job_values(job, JOB_FIELDS),
        },
    )


def employee_changed_event(
    *,
    employee: Employee,
    audit: AuditEvent,
    change: str,
    fields: list[str],
    effective_from: date,
    job: Assignment | None = None,
) -> OutboundEvent:
    """`employee.changed`, once per change: keyed by the change's audit row, which
    exists exactly once for every committed change."""
    payload: dict[str, Any] = {
        "employee_id": employee.pk,
        "employee_number": employee.number,
        "change": change,
        "effective_from": effective_from.isoformat(),
        "fields": sorted(JOB_FIELDS.get(name, name) for name in fields),
    }
    if job is not None:
        payload["job"] = _job_values(job, [name for name in fields if name in JOB_FIELDS])
    return outbound_event_write(
        topic=EMPLOYEE_CHANGED,
        key=f"{EMPLOYEE_CHANGED}:{audit.pk}",
        occurred_at=audit.occurred_at,
        payload=payload,
    )


def _job_values(job: Assignment, fields: Any) -> dict[str, Any]:
    return {JOB_FIELDS[name]: getattr(job, name) for name in fields}
