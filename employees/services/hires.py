"""Receive a hire: a frozen HireRecord becomes an employee file, losing nothing.

Called by recruiting's hire service inside its transaction (and file guard).
Idempotent: the employee is keyed by the application it came from, and every
carried row by where it came from (`origin_ref`), so receiving the same record
twice makes one employee with one copy of everything. Set-based: the records of
a thousand hires are written with a statement or two per table, not per person,
so a bulk hire costs little more than reading and copying its files.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.contracts import HiredFile, HireRecord, hire_record_to_json
from employees.models import (
    Assignment,
    Employee,
    EmployeeConsent,
    EmployeeDocument,
    EmployeeNote,
    EmployeeStatus,
    HiredAssessment,
    HiredDimensionScore,
    HireSnapshot,
    SkillEvidence,
)
from employees.numbers import employee_numbers_next
from employees.services.assignments import first_job_rows
from employees.services.events import employee_hired_events
from employees.services.skills import competency_by_dimension, skill_evidence_rows
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record_many
from hrflow.core.errors import ApplicationError
from hrflow.core.file_guard import file_written


@dataclass(frozen=True)
class Received:
    employee: Employee
    created: bool


def employee_receive_hire(*, record: HireRecord, actor: User | None = None) -> Received:
    """Make (or find) the employee a hire record describes, with everything it carries."""
    return employees_receive_hires(records=[record], actor=actor)[0]


@transaction.atomic
def employees_receive_hires(
    *, records: Sequence[HireRecord], actor: User | None = None
) -> list[Received]:
    """`employee_receive_hire` for many records at once; answers in the records' order."""
    application_ids = [record.application_id for record in records]
    found = {
        employee.source_application_id: employee
        for employee in Employee.objects.select_for_update().filter(
            source_application_id__in=application_ids
        )
    }
    fresh: dict[int, HireRecord] = {}
    for record in records:
        if record.application_id not in found:
            fresh.setdefault(record.application_id, record)
    made = _employees_make(list(fresh.values()))
    if made:
        pairs = [(made[application_id], record) for application_id, record in fresh.items()]
        first_jobs = _first_assignments(pairs, actor)
        _documents_copy(pairs)
        _notes_and_consents_copy(pairs)
        HireSnapshot.objects.bulk_create(
            HireSnapshot(
                employee=employee,
                application_id=record.application_id,
                record=hire_record_to_json(record),
            )
            for employee, record in pairs
        )
        results_carry_many(pairs)
        audit_record_many(
            actor=actor,
            action="employees.employee_hire",
            changes_by_target=[
                (
                    employee,
                    {"application": record.application_id, "start_date": str(record.start_date)},
                )
                for employee, record in pairs
            ],
        )
        employee_hired_events([(employee, first_jobs[employee.pk]) for employee, _record in pairs])
    return [
        Received(employee=found[record.application_id], created=False)
        if record.application_id in found
        else Received(employee=made[record.application_id], created=True)
        for record in records
    ]


def _employees_make(records: list[HireRecord]) -> dict[int, Employee]:
    """{application id: new employee}, numbered from the sequence in one round trip."""
    if not records:
        return {}
    now = timezone.now()
    employees = []
    for record, number in zip(records, employee_numbers_next(len(records)), strict=True):
        person = record.person
        employee = Employee(
            number=number,
            full_name=person.full_name,
            personal_email=person.email,
            phone=person.phone,
            city=person.city,
            hire_date=record.start_date,
            source_application_id=record.application_id,
            source_candidate_id=record.candidate_id,
            hired_at=now,
        )
        # Unique keys (number, application) are the database's to hold: no query each.
        employee.full_clean(
            exclude=["personal_email"], validate_unique=False, validate_constraints=False
        )
        employees.append(employee)
    Employee.objects.bulk_create(employees)
    return {employee.source_application_id: employee for employee in employees}  # type: ignore[misc]


def _first_assignments(
    pairs: list[tuple[Employee, HireRecord]], actor: User | None
) -> dict[int, Assignment]:
    """Pre-boarding from today until the first day, then on probation from the first day
    (a first contract without probation turns that into regular work); {employee id:
    the first row}."""
    rows: list[Assignment] = []
    first: dict[int, Assignment] = {}
    for employee, record in pairs:
        mine = first_job_rows(
            employee=employee,
            start=record.start_date,
            status=EmployeeStatus.PROBATION,
            actor=actor,
            department_id=record.department_id,
            position_id=record.position_id,
            manager_id=record.manager_id,
            location_id=record.location_id,
            job_title=record.offer.position_title or record.job_title,
            employment_type=record.employment_type,
        )
        first[employee.pk] = mine[0]
        rows += mine
    Assignment.objects.bulk_create(rows)
    return first


def _documents_copy(pairs: list[tuple[Employee, HireRecord]]) -> None:
    documents = [
        document_from(employee=employee, hired=hired, origin=EmployeeDocument.Origin.HIRE)
        for employee, record in pairs
        for hired in record.files
    ]
    EmployeeDocument.objects.bulk_create(documents)


def _notes_and_consents_copy(pairs: list[tuple[Employee, HireRecord]]) -> None:
    EmployeeNote.objects.bulk_create(
        EmployeeNote(
            employee=employee,
            body=note.body,
            author_id=note.author_id,
            author_label=note.author_label,
            written_at=note.written_at,
            origin_ref=note.origin_ref,
        )
        for employee, record in pairs
        for note in record.notes
    )
    EmployeeConsent.objects.bulk_create(
        EmployeeConsent(
            employee=employee,
            kind=consent.kind,
            notice_version=consent.notice_version,
            given_at=consent.given_at,
            ip_hash=consent.ip_hash,
            origin_ref=consent.origin_ref,
        )
        for employee, record in pairs
        for consent in record.consents
    )


def document_from(*, employee: Employee, hired: HiredFile, origin: str) -> EmployeeDocument:
    """Copy a file's bytes into the employee's own storage, checked by its SHA-256; the
    document row is the caller's to save (alone or with others)."""
    try:
        with default_storage.open(hired.storage_name, "rb") as source:
            data = source.read()
    except (FileNotFoundError, OSError) as error:
        raise ApplicationError(
            _("A file of this hire cannot be read: %(name)s.") % {"name": hired.original_name}
        ) from error
    if hashlib.sha256(data).hexdigest() != hired.sha256 or len(data) != hired.size:
        raise ApplicationError(
            _("A file of this hire is not the one that was uploaded: %(name)s.")
            % {"name": hired.original_name}
        )
    document = EmployeeDocument(
        employee=employee,
        kind=hired.kind,
        title=hired.title,
        original_name=hired.original_name,
        content_type=hired.content_type,
        extension=hired.extension,
        size=hired.size,
        sha256=hired.sha256,
        origin=origin,
        origin_ref=hired.origin_ref,
        uploaded_at=hired.uploaded_at or timezone.now(),
    )
    document.file.save(f"copy{hired.extension}", ContentFile(data), save=False)
    file_written(document.file.name)
    return document


def results_carry(*, employee: Employee, record: HireRecord) -> int:
    """Copy the record's assessments the employee does not have yet (a result that
    arrived or was revised after the hire) and draw skill evidence from them; returns
    how many assessments were new."""
    return results_carry_many([(employee, record)])


def results_carry_many(pairs: Sequence[tuple[Employee, HireRecord]]) -> int:
    """`results_carry` for several employees: three statements in all."""
    known = set(
        HiredAssessment.objects.filter(
            employee__in=[employee for employee, _record in pairs]
        ).values_list("employee_id", "origin_ref")
    )
    new = [
        (employee, record, result)
        for employee, record in pairs
        for result in record.results
        if (employee.pk, result.origin_ref) not in known
    ]
    if not new:
        return 0
    carried = HiredAssessment.objects.bulk_create(
        HiredAssessment(
            employee=employee,
            origin_ref=result.origin_ref,
            kind=result.kind,
            source=result.source,
            vendor_name=result.vendor_name,
            model_version=result.model_version,
            external_id=result.external_id,
            status=result.status,
            overall_score=result.overall_score,
            overall_raw=result.overall_raw,
            overall_scale=result.overall_scale,
            overall_percentile=result.overall_percentile,
            vendor_verdict=result.vendor_verdict,
            completed_at=result.completed_at,
            report_url=result.report_url,
            media=result.media,
            raw=result.raw,
            job_title=record.job_title,
        )
        for employee, record, result in new
    )
    HiredDimensionScore.objects.bulk_create(
        HiredDimensionScore(
            assessment=assessment,
            dimension_code=dimension.dimension_code,
            vendor_key=dimension.vendor_key,
            vendor_label=dimension.vendor_label,
            score=dimension.score,
            raw_score=dimension.raw_score,
            raw_scale=dimension.raw_scale,
            comment=dimension.comment,
            pool_percentile=dimension.pool_percentile,
        )
        for assessment, (_employee, _record, result) in zip(carried, new, strict=True)
        for dimension in result.dimensions
    )
    mapping = competency_by_dimension()
    evidence: list[SkillEvidence] = []
    for assessment, (employee, record, result) in zip(carried, new, strict=True):
        evidence += skill_evidence_rows(
            employee=employee,
            result=result,
            carried=assessment,
            job_title=record.job_title,
            mapping=mapping,
        )
    SkillEvidence.objects.bulk_create(evidence, ignore_conflicts=True)
    return len(new)
