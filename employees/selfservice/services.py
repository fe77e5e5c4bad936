"""What an employee changes about themselves: contacts, emergency contacts, health consent.

Each change tells HR (one e-mail per HR admin through the outbox, without the
values) so the roster stays right and nothing changes unseen.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees.models import Employee
from employees.notices import CONTACTS_CHANGED
from employees.records.services import CONTACT_FIELDS, employee_identity_update
from employees.services.sensitive import sensitive_update
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.notifications.staff import hr_admins, staff_notify


def _own(employee: Employee, actor: User) -> None:
    if employee.user_id is None or employee.user_id != actor.pk:
        raise ApplicationError(str(_("This is not your record.")))


def _tell_hr(employee: Employee, what: Any, key: str) -> None:
    link = settings.HRFLOW_PUBLIC_URL.rstrip("/") + reverse(
        "employees:employee-detail", kwargs={"ref": employee.number}
    )
    staff_notify(
        people=hr_admins(),
        event=CONTACTS_CHANGED,
        key=f"employee-contacts:{employee.pk}:{key}",
        values=lambda: {
            "employee_name": employee.full_name,
            "employee_number": employee.number,
            "changed": what,
            "record_link": link,
        },
    )


@transaction.atomic
def employee_contacts_update(*, employee: Employee, actor: User, **values: Any) -> list[str]:
    """The person updates phone, personal e-mail and address; HR hears of it."""
    _own(employee, actor)
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"not contact fields: {sorted(unknown)}")
    _employee, changed = employee_identity_update(employee=employee, actor=actor, **values)
    if changed:
        _tell_hr(employee, _("contact details"), f"{timezone.now().timestamp()}")
    return changed


@transaction.atomic
def employee_emergency_contacts_update(
    *, employee: Employee, actor: User, contacts: list[dict[str, str]]
) -> Employee:
    _own(employee, actor)
    employee = sensitive_update(
        employee=employee,
        field="emergency_contacts",
        value=contacts,
        actor=actor,
        reason=str(_("Updated in self-service")),
    )
    _tell_hr(employee, _("emergency contacts"), f"emergency:{timezone.now().timestamp()}")
    return employee
