"""Writing the leave ledger: entries are only ever added (docs/TIME.md).

`entry_add` is the one place that inserts; every service books through it, with a key
that names the event (a year's grant, a request taken), so running a service twice books
once. `leave_adjust` is HR's correction: a new signed entry with its reason.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from employees.models import Employee, LeaveEntry, LeaveRequest, LeaveType
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

HOURS = Decimal("0.01")


def entry_add(
    *,
    employee: Employee,
    leave_type: LeaveType,
    kind: str,
    hours: Decimal,
    effective_on: date,
    reason: str,
    actor: User | None,
    key: str = "",
    request: LeaveRequest | None = None,
    rate: Decimal | None = None,
) -> LeaveEntry | None:
    """Insert one entry; None when an entry with this key is booked already."""
    if (
        key
        and LeaveEntry.objects.filter(employee=employee, leave_type=leave_type, key=key).exists()
    ):
        return None
    entry = LeaveEntry.objects.create(
        employee=employee,
        leave_type=leave_type,
        kind=kind,
        hours=hours.quantize(HOURS),
        effective_on=effective_on,
        reason=reason[:255],
        key=key,
        request=request,
        rate=rate,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action=f"employees.leave_{kind}",
        target=employee,
        changes={
            "entry": entry.pk,
            "leave_type": leave_type.code,
            "hours": str(entry.hours),
            "effective_on": effective_on.isoformat(),
            "reason": entry.reason,
        },
    )
    return entry


@transaction.atomic
def leave_adjust(
    *,
    employee: Employee,
    leave_type: LeaveType,
    hours: Decimal,
    effective_on: date,
    reason: str,
    actor: User,
) -> LeaveEntry:
    """HR's correction of a balance: `hours` added (or taken, when negative) from
    `effective_on`, with the reason it is needed."""
    if Role.HR_ADMIN not in user_roles(actor):
        raise ApplicationError(_("Only HR admins correct leave balances."), extra={"refused": True})
    reason = " ".join((reason or "").split())
    if not reason:
        raise ApplicationError(_("Say why the balance is corrected."), extra={"field": "reason"})
    hours = Decimal(hours).quantize(HOURS)
    if not hours:
        raise ApplicationError(
            _("Enter the hours to add or, with a minus sign, to take."), extra={"field": "hours"}
        )
    entry = entry_add(
        employee=employee,
        leave_type=leave_type,
        kind=LeaveEntry.Kind.ADJUSTMENT,
        hours=hours,
        effective_on=effective_on,
        reason=reason,
        actor=actor,
    )
    assert entry is not None  # no key: always inserted
    return entry
