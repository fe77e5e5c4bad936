"""The separate consent to keep where a punch was made (PIPL art. 14: location is asked
for on its own, not folded into the employment paperwork), given and withdrawn by the
employee themselves at any time (art. 15)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from employees.models import Employee, EmployeeConsent
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

# An EmployeeConsent.kind, like "policy:<code>" for the pre-boarding policies.
LOCATION_CONSENT_KIND = "attendance:location"
# The wording the employee agreed to (templates/employees/time/consent.html).
LOCATION_NOTICE_VERSION = "1"


def location_consenting(employee_ids: Iterable[int]) -> set[int]:
    """Which of these employees gave the location consent (one query)."""
    return set(
        EmployeeConsent.objects.filter(
            employee_id__in=set(employee_ids), kind=LOCATION_CONSENT_KIND
        ).values_list("employee_id", flat=True)
    )


@transaction.atomic
def location_consent_give(*, employee: Employee, actor: User) -> EmployeeConsent:
    """The employee agrees that phone check-ins keep where they were made; giving it
    again changes nothing."""
    _refuse_unless_self(employee, actor)
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    found = EmployeeConsent.objects.filter(employee=employee, kind=LOCATION_CONSENT_KIND).first()
    if isinstance(found, EmployeeConsent):
        return found
    consent = EmployeeConsent.objects.create(
        employee=employee, kind=LOCATION_CONSENT_KIND, notice_version=LOCATION_NOTICE_VERSION
    )
    audit_record(
        actor=actor,
        action="attendance.location_consent_given",
        target=employee,
        changes={"location_consent": [None, LOCATION_NOTICE_VERSION]},
    )
    return consent


@transaction.atomic
def location_consent_withdraw(*, employee: Employee, actor: User) -> None:
    """Withdrawn: from now on no punch keeps a location (punches already stored keep
    theirs until the attendance records' retention ends). The audit trail keeps when
    the consent was given and withdrawn."""
    _refuse_unless_self(employee, actor)
    given = [
        consent
        for consent in EmployeeConsent.objects.filter(employee=employee, kind=LOCATION_CONSENT_KIND)
        if isinstance(consent, EmployeeConsent)
    ]
    if not given:
        return
    EmployeeConsent.objects.filter(pk__in=[consent.pk for consent in given]).delete()
    audit_record(
        actor=actor,
        action="attendance.location_consent_withdrawn",
        target=employee,
        changes={
            "location_consent": [
                [consent.given_at.isoformat() for consent in given],
                None,
            ]
        },
    )


def _refuse_unless_self(employee: Employee, actor: User) -> None:
    if employee.user_id is None or employee.user_id != actor.pk:
        raise ApplicationError(_("Only the employee can give or withdraw this consent."))
