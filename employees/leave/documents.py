"""The document a leave request rests on (a sick note, a marriage certificate), kept in
the employee file's private storage: served only by a view that checked who asks.

A health document (`LeaveType.document_is_health`) is stored as a medical certificate:
HR admins and the employee open it, never the manager, and every opening is logged as
a reveal of health data (`employees.services.sensitive.DOCUMENT_FIELDS`). A type that
needs no document takes none: nothing is kept that the request does not rest on.
"""

import hashlib
import unicodedata
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from employees.leave.requests import leave_request_submit
from employees.models import Employee, EmployeeDocument, LeaveRequest, LeaveType
from employees.services.sensitive import health_consent_give
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.core.file_guard import file_written, files_removed_on_failure
from hrflow.core.upload_checks import document_kind_check


@transaction.atomic
def leave_document_upload(
    *, employee: Employee, leave_type: LeaveType, name: str, data: bytes, actor: User
) -> EmployeeDocument:
    """Keep the file for a request of `leave_type`, after checking what it really is."""
    if employee.user_id != actor.pk and Role.HR_ADMIN not in user_roles(actor):
        raise ApplicationError(
            _("Only the employee or an HR admin may add this document."), extra={"refused": True}
        )
    if not leave_type.needs_document:
        raise ApplicationError(
            _("This kind of leave needs no document: leave the file out."),
            extra={"field": "document"},
        )
    if leave_type.document_is_health and employee.health_consent_at is None:
        # PIPL art. 29: health data only with the person's separate consent.
        raise ApplicationError(
            _(
                "A health document is kept only with the employee's separate consent to "
                "health data: tick the consent box, or give it on the profile page first."
            ),
            extra={"field": "document"},
        )
    checked = document_kind_check(name=name, data=data)
    kind = (
        EmployeeDocument.Kind.MEDICAL
        if leave_type.document_is_health
        else EmployeeDocument.Kind.LEAVE_PROOF
    )
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c) not in {"Cc", "Cf", "Cs"}).strip()
    document = EmployeeDocument(
        employee=employee,
        kind=kind,
        title=f"{leave_type.name_zh} / {leave_type.name_en}"[:200],
        original_name=base[-200:] if base.strip(".") else f"document{checked.extension}",
        content_type=checked.content_type,
        extension=checked.extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        origin=EmployeeDocument.Origin.HR
        if employee.user_id != actor.pk
        else EmployeeDocument.Origin.SELF,
        uploaded_by=actor,
    )
    document.file.save(f"upload{checked.extension}", ContentFile(data), save=False)
    file_written(document.file.name)
    try:
        document.full_clean(exclude=["employee", "uploaded_by", "file"])
        document.save()
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    audit_record(
        actor=actor,
        action="employees.leave_document_upload",
        target=employee,
        changes={"document": document.pk, "kind": kind, "size": len(data)},
    )
    return document


def leave_request_submit_with_document(
    *,
    employee: Employee,
    leave_type: LeaveType,
    document_name: str,
    document_data: bytes,
    actor: User,
    health_consent: bool = False,
    **details: Any,
) -> LeaveRequest:
    """Keep the document and ask for the leave as one action: when either is refused,
    neither the document's row nor its file stays behind (`details` are
    `leave_request_submit`'s period, hours and reason). `health_consent`: the employee
    gives their separate consent to health data with it (ticked on the form), for a
    health document; it stands or falls with the request."""
    with files_removed_on_failure(), transaction.atomic():
        if health_consent and leave_type.document_is_health:
            health_consent_give(employee=employee, actor=actor)
        document = leave_document_upload(
            employee=employee,
            leave_type=leave_type,
            name=document_name,
            data=document_data,
            actor=actor,
        )
        return leave_request_submit(
            employee=employee, leave_type=leave_type, document=document, actor=actor, **details
        )
