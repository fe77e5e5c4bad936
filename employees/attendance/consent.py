"""The separate consent to keep where a punch was made (PIPL art. 14: location is asked
for on its own, not folded into the employment paperwork)."""

from collections.abc import Iterable

from employees.models import EmployeeConsent

# An EmployeeConsent.kind, like "policy:<code>" for the pre-boarding policies.
LOCATION_CONSENT_KIND = "attendance:location"


def location_consenting(employee_ids: Iterable[int]) -> set[int]:
    """Which of these employees gave the location consent (one query)."""
    return set(
        EmployeeConsent.objects.filter(
            employee_id__in=set(employee_ids), kind=LOCATION_CONSENT_KIND
        ).values_list("employee_id", flat=True)
    )
