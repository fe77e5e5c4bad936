"""Sensitive personal information (PIPL art. 28): masked by default, every look logged.

Only HR admins and the person themselves may reveal or change a sensitive field;
everyone else is refused, whatever page they came from. Each reveal and each
change writes a `SensitiveAccess` row (who, when, why), which HR admins and the
person can read (PIPL art. 45: the person may know who processed their data).
Health notes are stored only after the person's separate consent (art. 29).
The values themselves never enter the audit log.
"""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employees.lock_objects import employee_lock
from employees.models import Employee, EmployeeDocument, SensitiveAccess
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

FIELDS = tuple(SensitiveAccess.Field.values)
# Long enough to hold any ID document number or bank account, short enough to refuse junk.
MAX_NUMBER_LENGTH = 40
MAX_EMERGENCY_CONTACTS = 3
# Fields revealed for many employees at once, and who may: the bank accounts a wage
# payment file needs, to payroll officers and HR admins. Paying the wages is what the
# account is collected for (PIPL art. 13(1)2, necessary to perform the employment
# contract); each employee's reveal is still logged on its own.
BULK_REVEAL_ROLES = {
    SensitiveAccess.Field.BANK_ACCOUNT.value: frozenset({Role.HR_ADMIN, Role.PAYROLL}),
}


def may_handle_sensitive(employee: Employee, actor: User | None) -> bool:
    """HR admins and the person themselves; nobody else, managers included."""
    if actor is None or not actor.is_authenticated:
        return False
    if employee.user_id is not None and employee.user_id == actor.pk:
        return True
    return Role.HR_ADMIN in user_roles(actor)


def _refuse_unless_allowed(employee: Employee, actor: User | None, field: str) -> None:
    if field not in FIELDS:
        raise ApplicationError(_("Unknown field."), extra={"field": "field"})
    if not may_handle_sensitive(employee, actor):
        raise ApplicationError(
            _("Only HR admins and the employee themselves may see or change this."),
            extra={"refused": True},
        )


def _reason_clean(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ApplicationError(_("Say why you need to see it."), extra={"field": "reason"})
    return reason[:255]


def _log(employee: Employee, field: str, actor: User, reason: str, action: str) -> None:
    SensitiveAccess.objects.create(
        employee=employee,
        field=field,
        actor=actor,
        actor_label=str(actor)[:200],
        reason=reason,
        action=action,
    )


# Documents that carry a sensitive number in their picture: the ID card shows the ID
# number, the bank card the account. Opening one is a reveal of that field.
DOCUMENT_FIELDS = {
    EmployeeDocument.Kind.ID_DOCUMENT: SensitiveAccess.Field.ID_NUMBER,
    EmployeeDocument.Kind.BANK: SensitiveAccess.Field.BANK_ACCOUNT,
    # A sick note is health data (PIPL art. 28): opening one is logged like the notes.
    EmployeeDocument.Kind.MEDICAL: SensitiveAccess.Field.HEALTH_NOTES,
}


@transaction.atomic
def sensitive_document_opened(*, document: EmployeeDocument, actor: User) -> None:
    """Log the opening of a document that shows a sensitive number (others log nothing)."""
    field = DOCUMENT_FIELDS.get(document.kind)  # type: ignore[call-overload]
    if field is None:
        return
    _refuse_unless_allowed(document.employee, actor, field)
    reason = _("Opened the document “%(name)s”") % {"name": document.original_name}
    _log(document.employee, field, actor, str(reason)[:255], "show")


@transaction.atomic
def sensitive_reveal(*, employee: Employee, field: str, actor: User, reason: str) -> Any:
    """The decrypted value of `field`, logged with who asked and why."""
    _refuse_unless_allowed(employee, actor, field)
    reason = _reason_clean(reason)
    _log(employee, field, actor, reason, "show")
    return getattr(Employee.objects.only(field).get(pk=employee.pk), field)


@transaction.atomic
def sensitive_reveal_many(
    *, employee_ids: Collection[int], field: str, actor: User, reason: str
) -> dict[int, Any]:
    """The decrypted values of `field` for many employees (a payment file), by
    employee id, from one query, with one log row per employee as a reveal each would
    write; refused unless `field` may be revealed in bulk by the actor's roles."""
    allowed = BULK_REVEAL_ROLES.get(field, frozenset())
    if actor is None or not actor.is_authenticated or not allowed & user_roles(actor):
        raise ApplicationError(
            _("Only payroll officers and HR admins may see the bank accounts for a payment."),
            extra={"refused": True},
        )
    reason = _reason_clean(reason)
    values = dict(Employee.objects.filter(pk__in=list(employee_ids)).values_list("pk", field))
    SensitiveAccess.objects.bulk_create(
        SensitiveAccess(
            employee_id=pk,
            field=field,
            actor=actor,
            actor_label=str(actor)[:200],
            reason=reason,
            action="show",
        )
        for pk in sorted(values)
    )
    return values


@transaction.atomic
def sensitive_update(
    *, employee: Employee, field: str, value: Any, actor: User, reason: str = ""
) -> Employee:
    """Store a new value of `field` (None clears it), logged and audited without the value."""
    _refuse_unless_allowed(employee, actor, field)
    employee_lock(employee.pk)
    employee.refresh_from_db()
    value = _clean_value(employee, field, value)
    setattr(employee, field, value)
    update = [field, "updated_at"]
    if field in ("id_number", "bank_account"):
        tail_field = f"{field}_tail"
        setattr(employee, tail_field, value[-4:] if value else "")
        update.append(tail_field)
    employee.full_clean(exclude=["personal_email", "email"])
    employee.save(update_fields=update)
    _log(employee, field, actor, (reason or _("Updated")).strip()[:255], "change")
    audit_record(
        actor=actor,
        action="employees.sensitive_update",
        target=employee,
        changes={field: ["(hidden)", "(hidden)" if value else None]},
    )
    return employee


def _clean_value(employee: Employee, field: str, value: Any) -> Any:
    if value in (None, "", []):
        return None
    if field in ("id_number", "bank_account"):
        text = "".join(str(value).split()).upper()
        if len(text) > MAX_NUMBER_LENGTH or not text.isalnum() or len(text) < 4:
            raise ApplicationError(_("Enter the number as printed."), extra={"field": field})
        return text
    if field == "emergency_contacts":
        return _contacts_clean(value)
    # Health notes: never without the separate consent (PIPL art. 29).
    if employee.health_consent_at is None:
        raise ApplicationError(
            _("Health notes need the employee's separate consent first."),
            extra={"field": field},
        )
    text = str(value).strip()
    if len(text) > 2000:
        raise ApplicationError(_("Keep it under 2,000 characters."), extra={"field": field})
    return text


def _contacts_clean(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list) or len(value) > MAX_EMERGENCY_CONTACTS:
        raise ApplicationError(
            _("Give at most %(count)d emergency contacts.") % {"count": MAX_EMERGENCY_CONTACTS},
            extra={"field": "emergency_contacts"},
        )
    contacts = []
    for contact in value:
        name = str(contact.get("name", "")).strip()[:80]
        phone = str(contact.get("phone", "")).strip()[:32]
        relation = str(contact.get("relation", "")).strip()[:40]
        if not name and not phone:
            continue
        if not name or not phone:
            raise ApplicationError(
                _("Each emergency contact needs a name and a phone number."),
                extra={"field": "emergency_contacts"},
            )
        contacts.append({"name": name, "relation": relation, "phone": phone})
    return contacts


@transaction.atomic
def health_consent_give(*, employee: Employee, actor: User) -> Employee:
    """The person's own separate consent to processing their health data."""
    if employee.user_id is None or employee.user_id != actor.pk:
        raise ApplicationError(_("Only the employee can give this consent."))
    if employee.health_consent_at is None:
        employee.health_consent_at = timezone.now()
        employee.save(update_fields=["health_consent_at", "updated_at"])
        audit_record(
            actor=actor,
            action="employees.health_consent",
            target=employee,
            changes={"health_consent_at": [None, employee.health_consent_at.isoformat()]},
        )
    return employee


# Masks: shown without a reveal, built from what is stored in clear (the tails) or,
# for contacts, from the names' first characters only.


@dataclass(frozen=True)
class Masked:
    id_number: str
    bank_account: str
    emergency_contacts: str
    health_notes: str


def _mask_name(name: str) -> str:
    return (name[:1] + "*" * max(1, len(name) - 1)) if name else ""


def masked(employee: Employee) -> Masked:
    contacts = employee.emergency_contacts or []
    if contacts:
        contacts_text = ngettext("%(count)d contact", "%(count)d contacts", len(contacts)) % {
            "count": len(contacts)
        }
        contacts_text += " (" + ", ".join(_mask_name(c.get("name", "")) for c in contacts) + ")"
    else:
        contacts_text = ""
    return Masked(
        id_number=("*" * 14 + employee.id_number_tail) if employee.id_number_tail else "",
        bank_account=f"**** {employee.bank_account_tail}" if employee.bank_account_tail else "",
        emergency_contacts=contacts_text,
        health_notes=_("Recorded") if employee.health_notes else "",
    )
