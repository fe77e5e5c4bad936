"""Issuing an exit certificate (离职证明): the PDF, and a log row of every issue with what
it said, who issued it and when."""

import hashlib

from django.db import transaction
from django.utils import timezone

from employees.leaving.certificate import certificate_facts
from employees.leaving.certificate_pdf import certificate_pdf
from employees.lock_objects import employee_lock
from employees.models import Employee, ExitCertificate
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record


@transaction.atomic
def exit_certificate_issue(
    *, employee: Employee, actor: User, reason: str = ""
) -> tuple[ExitCertificate, bytes]:
    """Issue the certificate of `employee`'s leaving; `reason` is printed only because
    the employee asked for it (art. 50 asks for no reason, and none adverse is given
    unasked)."""
    employee = employee_lock(employee.pk)
    facts = certificate_facts(employee, issued_on=timezone.localdate(), reason=reason)
    document = certificate_pdf(facts)
    certificate = ExitCertificate.objects.create(
        employee=employee,
        issued_by=actor,
        content=facts.as_dict(),
        reason_stated=facts.reason,
        sha256=hashlib.sha256(document).hexdigest(),
    )
    audit_record(
        actor=actor,
        action="employees.exit_certificate_issue",
        target=employee,
        changes={
            "certificate": certificate.pk,
            "reason_stated": bool(facts.reason),
            "sha256": certificate.sha256,
        },
    )
    return certificate, document
